"""个人空间 (personal space), read side: everything a teacher sees about themselves — credits and
their yearly summary, the growth trajectory, courses, the personal plan, journals, their own
resources with review status, workshops, upcoming activities and the behaviour record."""

from __future__ import annotations

from credits.selectors import certificate_choices, credit_entries, credit_year_summaries, growth_trajectory
from home.people import display_name
from resources.models import GeneratedResourcePage
from training.selectors import teacher_courses
from workshops.models.personal_space import JournalEntry, PersonalPlan
from workshops.models.workshop import MemberStatus, WorkshopMembership, WorkshopProposal

from .metrics import courses_completed_count
from .workshop import upcoming_activities, workshops_of_user


def personal_space_overview(*, user, year: int) -> dict:
    my_workshops = workshops_of_user(user=user)
    return {
        "year": year,
        "name": display_name(user),
        "courses": teacher_courses(teacher=user),
        "courses_completed": courses_completed_count(teacher=user),
        "plan": PersonalPlan.objects.filter(teacher=user, year=year).first(),
        "journals": JournalEntry.objects.filter(author=user).select_related("workshop")[:20],
        "resources": GeneratedResourcePage.objects.filter(author=user)
        .select_related("subject", "stage")
        .order_by("-latest_revision_created_at", "-pk")[:30],
        "workshops": my_workshops,
        "pending": WorkshopMembership.objects.filter(
            user=user, status__in=[MemberStatus.PENDING, MemberStatus.INVITED]
        ).select_related("workshop"),
        "upcoming": upcoming_activities(workshop_ids=[w.pk for w in my_workshops]),
        "records": user.behavior_records.select_related("workshop")[:30],
        "entries": credit_entries(teacher=user).reverse()[:50],
        "summaries": credit_year_summaries(teacher=user),
        "certificates": certificate_choices(teacher=user),
        "trajectory": growth_trajectory(teacher=user),
        "proposals": WorkshopProposal.objects.filter(proposer=user)[:5],
    }
