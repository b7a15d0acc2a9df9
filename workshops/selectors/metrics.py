"""The figures more than one page shows, each defined once here; every page that shows one
calls the function below, so the county ranking, a school's dashboard, the workshop monitoring,
the personal space and the credit record can never contradict each other.

- published works of a school: the public rule (``visible_to_public()``), attributed by the
  work's own ``school``;
- courses completed by a teacher: enrolments with ``completed_at`` in live courses, one per course;
- pushes of a workshop: only pushes whose work is public right now (an unpublished work drops
  out of listings, the 20-push target and monitoring, and returns when republished);
- 达标 (a target met): never without any activity, whatever the target.
"""

from __future__ import annotations

from django.db.models import Count, Q

from credits.selectors import target_met  # noqa: F401
from home.models import Region
from resources.models import GeneratedResourcePage
from training.models import Enrolment
from workshops.models.workshop import ResourcePush


# --- published works of a school ------------------------------------------------------------
def public_works():
    """The works anyone may see: THE public rule of the library."""
    return GeneratedResourcePage.objects.visible_to_public()


def published_works(*, school=None, region: Region | None = None):
    """Public works of one school, or of the schools of a region (by the work's ``school``)."""
    works = public_works()
    if school is not None:
        works = works.filter(school=school)
    if region is not None:
        works = works.filter(Region.path_q(region.path, "school__region__path"))
    return works


def published_works_by_school(*, schools) -> dict[int, int]:
    """Public works per school id, for every school of ``schools`` that has any. The page tree's
    ordering (by path) is cleared first: kept, it splits the grouping into one row per work and
    each school read 1."""
    return dict(
        public_works()
        .filter(school__in=schools)
        .order_by()
        .values_list("school_id")
        .annotate(n=Count("pk"))
        .values_list("school_id", "n")
    )


# --- courses completed ----------------------------------------------------------------------
def completed_enrolments():
    """Completed enrolments in courses that are live (one enrolment per teacher and course)."""
    return Enrolment.objects.filter(completed_at__isnull=False, course__live=True)


def courses_completed(*, teacher_ids) -> dict[int, int]:
    """Courses completed per teacher id (distinct courses)."""
    return dict(
        completed_enrolments()
        .filter(teacher_id__in=teacher_ids)
        .order_by()
        .values_list("teacher_id")
        .annotate(n=Count("course_id", distinct=True))
        .values_list("teacher_id", "n")
    )


def courses_completed_count(*, teacher) -> int:
    return courses_completed(teacher_ids=[teacher.pk]).get(teacher.pk, 0)


# --- pushes ---------------------------------------------------------------------------------
def visible_pushes(*, workshop=None):
    """Pushes whose work is public now; of one workshop when ``workshop`` is given."""
    pushes = ResourcePush.objects.filter(resource__in=public_works().values("pk"))
    if workshop is not None:
        pushes = pushes.filter(workshop=workshop)
    return pushes


def visible_push_filter(prefix: str = "pushes") -> Q:
    """The same rule as a filter on a workshop queryset's ``pushes`` relation (for annotations)."""
    return Q(**{f"{prefix}__resource__in": public_works().values("pk")})


# --- 达标: ``credits.selectors.target_met`` (the credit bank owns targets; re-exported here) ---
