"""Business rules of training (培训业务规则), one module per concept, re-exported here.

- ``errors``: ``TrainingError`` (a refused action, its message shown as it is), ``UploadRejected``
- ``media``: video and upload checks (size, content, ffprobe duration, poster frames)
- ``enrolment``: enrolment, completion and its credit
- ``watching``: the player's progress beats and watch time (an item is watched by watching it)
- ``quiz``: instant quizzes
- ``offline``: modules' offline hours, credited on attendance recorded by a trainer
- ``assignments``: assignments, peer-review allocation, reviews, trainer override
- ``slices``: lesson-slice diagnoses

Every function is keyword-only; views, admin views, tasks and the demo loader call them.
"""

from .assignments import (
    assignment_allocate,
    assignment_reallocate_overdue,
    assignment_round,
    assignments_advance,
    peer_review_submit,
    rubric_scores_clean,
    submission_override,
    submission_recompute,
    submission_submit,
)
from .enrolment import (
    course_enrol,
    enrolment_check_completion,
    enrolment_for,
    enrolment_refresh,
    teacher_check_completion,
)
from .errors import TrainingError, UploadRejected
from .media import (
    VideoProbe,
    document_check_upload,
    document_store,
    media_check_upload,
    media_limit_seconds,
    media_store,
    media_thumbnail_generate,
    submission_check_file,
    upload_check_size,
    upload_sniff,
    video_probe,
)
from .offline import module_mark_attendance
from .quiz import quiz_answers_clean, quiz_attempt_submit, quiz_score
from .slices import slice_add
from .watching import BEAT_INTERVAL, BeatResult, watch_beat

__all__ = [
    "BEAT_INTERVAL",
    "BeatResult",
    "TrainingError",
    "UploadRejected",
    "VideoProbe",
    "assignment_allocate",
    "assignment_reallocate_overdue",
    "assignment_round",
    "assignments_advance",
    "course_enrol",
    "enrolment_check_completion",
    "enrolment_for",
    "enrolment_refresh",
    "document_check_upload",
    "document_store",
    "media_check_upload",
    "media_limit_seconds",
    "media_store",
    "media_thumbnail_generate",
    "module_mark_attendance",
    "peer_review_submit",
    "quiz_answers_clean",
    "quiz_attempt_submit",
    "quiz_score",
    "rubric_scores_clean",
    "slice_add",
    "submission_check_file",
    "submission_override",
    "submission_recompute",
    "submission_submit",
    "teacher_check_completion",
    "upload_check_size",
    "upload_sniff",
    "video_probe",
    "watch_beat",
]
