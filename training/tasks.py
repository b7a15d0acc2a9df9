"""Celery tasks of training: media probing and the peer-review schedule."""

from __future__ import annotations

from celery import shared_task

from . import services
from .models import Assignment


@shared_task(name="training.video_probe_upload")
def video_probe_upload(path: str) -> dict:
    """Probe an uploaded file on this host. Applied synchronously by the upload form
    (``forms.probe_here``): the temporary file exists only here."""
    return services.video_probe(path=path).as_dict()


@shared_task(name="training.media_thumbnail_generate", ignore_result=True)
def media_thumbnail_generate(media_id: int) -> None:
    """Extract a video's poster frame with ffmpeg (after the media record is committed)."""
    services.media_thumbnail_generate(media_id=media_id)


@shared_task(name="training.assignments_advance")
def assignments_advance() -> dict:
    """Allocate peer reviews for assignments past their deadline and replace lapsed reviewers
    (which completes the courses of reviewers whose lapsed review was their last step)."""
    return services.assignments_advance()


@shared_task(name="training.assignment_allocate")
def assignment_allocate(assignment_id: int) -> None:
    assignment = Assignment.objects.filter(pk=assignment_id).first()
    if assignment is not None:
        services.assignment_allocate(assignment=assignment)
