"""The recommender's scoring (精准推送), free of the database so that the offline benchmark
(``benchmarks/recommend.py``) measures exactly what the portal runs.

Each candidate gets points from four signals, and the strongest one becomes its reason:
- gap (结构洞): it develops a dimension where the teacher is below their group — up to
  ``W_GAP``, in proportion to the gap (full from ``GAP_FULL`` points);
- peers: teachers of the same stage and subject used it (enrolled, watched, joined) — up to
  ``W_PEER``, in proportion to the most used candidate;
- fit: it is meant for the teacher's stage and subject;
- popularity: views over the whole site (log-scaled), and a little for being recent.
Whatever the teacher already used is left out, and so is whatever is meant for another stage or
subject (a 小学 workshop is no answer to a 初中 teacher's gap; items for every stage or subject
stay). Dropping those costs nothing measurable in ``benchmarks/recommend.py``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

W_GAP = 4.0
GAP_FULL = 10.0  # a gap this wide (points below the group) earns all of W_GAP
W_PEER = 3.0
W_SUBJECT = 1.0
W_STAGE = 0.75
W_POPULAR = 0.5
W_RECENT = 0.2
PEERS_OFTEN = 2  # "同学段同学科教师常看" needs at least this many peers


@dataclass
class Candidate:
    key: str
    stage_id: int | None
    subject_id: int | None
    dimensions: frozenset | set = frozenset()
    order: float = 0.0  # larger is newer (a timestamp)
    popularity: int = 0


@dataclass
class Learner:
    stage_id: int | None
    subject_id: int | None
    gaps: dict[int, float] = field(default_factory=dict)  # dimension id -> points below the group (> 0)
    consumed: set[str] = field(default_factory=set)


@dataclass
class Scored:
    candidate: Candidate
    score: float
    reason: str  # "gap", "peers", "fit", "popular"
    dimension_id: int | None = None  # the gap a "gap" reason names


def fits(learner: Learner, candidate: Candidate) -> bool:
    """Not meant for another stage or subject than the learner's (unknown on either side fits)."""
    return not (
        (learner.subject_id and candidate.subject_id and candidate.subject_id != learner.subject_id)
        or (learner.stage_id and candidate.stage_id and candidate.stage_id != learner.stage_id)
    )


def rank(
    learner: Learner,
    candidates: Iterable[Candidate],
    peer_counts: dict[str, int],
    *,
    k: int = 10,
    exclude: Iterable[str] = (),
) -> list[Scored]:
    excluded = learner.consumed | set(exclude)
    candidates = [c for c in candidates if c.key not in excluded and fits(learner, c)]
    if not candidates:
        return []
    top_peer = max((peer_counts.get(c.key, 0) for c in candidates), default=0) or 1
    top_views = math.log1p(max(c.popularity for c in candidates))
    orders = sorted({c.order for c in candidates})
    recency = {order: i / max(1, len(orders) - 1) for i, order in enumerate(orders)}
    scored = []
    for c in candidates:
        gap_dimension, gap_points = None, 0.0
        for dimension in c.dimensions:
            width = learner.gaps.get(dimension, 0.0)
            if width > gap_points:
                gap_dimension, gap_points = dimension, width
        s_gap = W_GAP * min(1.0, gap_points / GAP_FULL) if gap_dimension is not None else 0.0
        peers = peer_counts.get(c.key, 0)
        s_peer = W_PEER * peers / top_peer
        s_fit = 0.0
        if learner.subject_id and c.subject_id == learner.subject_id:
            s_fit += W_SUBJECT
        if learner.stage_id and c.stage_id == learner.stage_id:
            s_fit += W_STAGE
        s_pop = W_POPULAR * (math.log1p(c.popularity) / top_views if top_views else 0.0)
        total = s_gap + s_peer + s_fit + s_pop + W_RECENT * recency[c.order]
        if s_gap and s_gap >= s_peer:
            reason = "gap"
        elif peers >= PEERS_OFTEN:
            reason = "peers"
        elif s_fit > 0:
            reason = "fit"
        else:
            reason = "popular"
        scored.append(Scored(c, total, reason, gap_dimension if reason == "gap" else None))
    scored.sort(key=lambda s: (-s.score, -s.candidate.order, s.candidate.key))
    return scored[:k]
