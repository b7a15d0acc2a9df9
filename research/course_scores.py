"""Course results as baseline measurements (课程成绩): a teacher's best quiz score on each
micro-lecture of a course, averaged per dimension the lecture develops (tags on the course,
its module or the lecture), written as one real-name measurement per course and teacher
(``source_key`` ``course:<course id>:<teacher id>``, replaced whenever a new attempt comes in).
Untagged courses write nothing."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from home.people import profile_of
from training.models import CoursePage, MicroLecturePage, QuizAttempt

from .catalogue import Tags
from .models import ScoreSource
from .services import Measurement, scores_replace


def course_scores_refresh(*, course_id: int, teacher_id: int) -> int:
    """Rewrite the teacher's course measurements; returns how many dimensions were measured."""
    course = CoursePage.objects.filter(pk=course_id).first()
    teacher = get_user_model().objects.filter(pk=teacher_id).first()
    if course is None or teacher is None:
        return 0
    tags = Tags.load()
    lectures = {lecture.pk: lecture.path for lecture in MicroLecturePage.objects.descendant_of(course)}
    best: dict[int, float] = {}
    for lecture_id, score, max_score in QuizAttempt.objects.filter(
        teacher=teacher, lecture_id__in=list(lectures)
    ).values_list("lecture_id", "score", "max_score"):
        if max_score:
            best[lecture_id] = max(best.get(lecture_id, 0.0), 100.0 * score / max_score)
    per_dimension: dict[int, list[float]] = {}
    for lecture_id, percent in best.items():
        for dimension_id in tags.above(lectures[lecture_id]):
            per_dimension.setdefault(dimension_id, []).append(percent)
    from .models import CapabilityDimension

    dimensions = CapabilityDimension.objects.in_bulk(list(per_dimension))
    scores_replace(
        source=ScoreSource.COURSE,
        source_key=f"course:{course.pk}:{teacher.pk}",
        measurements=[Measurement(dimensions[d], sum(v) / len(v)) for d, v in per_dimension.items() if d in dimensions],
        profile=profile_of(teacher),
        anonymous=False,
        source_label=f"课程测评：{course.title}",
    )
    return len(per_dimension)


def course_of_lecture(lecture_id: int) -> int | None:
    lecture = MicroLecturePage.objects.filter(pk=lecture_id).only("path", "depth").first()
    if lecture is None:
        return None
    course = CoursePage.objects.filter(
        path__in=[lecture.path[: i * lecture.steplen] for i in range(1, lecture.depth)]
    ).first()
    return course.pk if course else None
