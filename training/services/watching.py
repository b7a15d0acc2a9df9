"""Watch time (观看时长): the player's progress beats, credited against the server's clock.

While the video plays, the page's player posts its position every ``BEAT_INTERVAL`` seconds
(and when it pauses, seeks or ends). Each beat is compared with the previous one: the credited
increment is the smallest of the wall-clock time between the two beats (``timezone.now()``, never
a time the client sends), the advance of the position and ``BEAT_INTERVAL + BEAT_SLACK``. A
position that went back, or jumped further than playback could go in that time (seeking past),
earns nothing; the next beat starts from the new position. The credited ranges are kept as a
union of seconds of the video, so watching the same minute twice counts once. An item counts as
watched once that union covers ``WATCHED_SHARE`` of the video's measured duration.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from ..models import ItemProgress
from .enrolment import enrolment_check_completion, enrolment_for
from .errors import TrainingError

BEAT_INTERVAL = 15  # seconds between the player's beats while playing
BEAT_SLACK = 5  # network and timer jitter allowed on top of the interval
MAX_PLAYBACK_RATE = 2.0  # a faster advance than this between two beats is a seek
WATCHED_SHARE = 0.9  # share of the duration to watch for the item to count as watched


@dataclass
class BeatResult:
    progress: ItemProgress
    credited: float
    just_watched: bool

    @property
    def watched(self) -> bool:
        return self.progress.watched_at is not None


def item_duration(page) -> float:
    """The video's measured duration in seconds (0 when unknown)."""
    video = getattr(page, "video", None)
    return float(video.duration or 0) if video is not None else 0.0


def segments_union(segments: list[list[float]]) -> list[list[float]]:
    """Merge overlapping or touching [start, end] ranges; sorted."""
    merged: list[list[float]] = []
    for start, end in sorted((float(s), float(e)) for s, e in segments if e > s):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def segments_length(segments: list[list[float]]) -> float:
    return sum(end - start for start, end in segments)


def beat_credit(*, last_position: float | None, last_at: datetime | None, position: float, at: datetime) -> float:
    """Seconds of real viewing between the previous beat and this one (the rule above)."""
    if last_position is None or last_at is None:
        return 0.0
    elapsed = (at - last_at).total_seconds()
    advance = position - last_position
    if elapsed <= 0 or advance <= 0 or advance > elapsed * MAX_PLAYBACK_RATE + BEAT_SLACK:
        return 0.0
    return min(elapsed, advance, BEAT_INTERVAL + BEAT_SLACK)


def _clean_position(position, duration: float) -> float:
    try:
        value = float(position)
    except (TypeError, ValueError):
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise TrainingError("播放进度无效，请刷新页面后继续观看。")
    return min(value, duration) if duration else value


def watch_beat(*, user, page, position, at: datetime | None = None) -> BeatResult:
    """Record one progress beat of ``user`` at ``position`` (seconds) in ``page``'s video.

    ``at`` is for tests and tasks only; views never pass it, so the server's clock decides.
    Completes the course when this beat makes the item watched and that was the last requirement.
    """
    at = at or timezone.now()
    enrolment = enrolment_for(course=page.module.course, teacher=user)
    duration = item_duration(page)
    position = _clean_position(position, duration)
    with transaction.atomic():
        ItemProgress.objects.get_or_create(enrolment=enrolment, page_id=page.pk)
        progress = ItemProgress.objects.select_for_update().get(enrolment=enrolment, page_id=page.pk)
        credited = beat_credit(
            last_position=progress.last_position, last_at=progress.last_beat_at, position=position, at=at
        )
        if credited:
            start = progress.last_position
            progress.segments = segments_union([*progress.segments, [start, start + credited]])
            progress.watched_seconds = round(segments_length(progress.segments), 1)
        progress.last_position = position
        progress.last_beat_at = at
        just_watched = (
            progress.watched_at is None and duration > 0 and progress.watched_seconds >= WATCHED_SHARE * duration
        )
        if just_watched:
            progress.watched_at = at
        progress.save()
    if just_watched:
        enrolment_check_completion(enrolment=enrolment)
    return BeatResult(progress=progress, credited=credited, just_watched=just_watched)
