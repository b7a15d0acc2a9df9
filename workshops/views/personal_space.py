"""个人空间 (personal space): saving the year's personal plan and adding a journal entry; POSTs to
``workshops.urls``, back to the personal space."""

from __future__ import annotations

from django.utils import timezone

from workshops import services
from workshops.forms import JournalForm, PersonalPlanForm
from workshops.http import back
from workshops.models.pages import WorkshopPage

from .common import form_error, index_action


def _personal_space(index) -> str:
    return index.url + index.reverse_subpage("personal_space")


@index_action
def personal_plan(request, *, index):
    form = PersonalPlanForm(request.POST)
    if not form.is_valid():
        raise form_error(form)
    services.personal_plan_save(teacher=request.user, year=timezone.localdate().year, goals=form.cleaned_data["goals"])
    return back(request, _personal_space(index), "个人研修计划已保存。")


@index_action
def journal_add(request, *, index):
    form = JournalForm(request.POST)
    if not form.is_valid():
        raise form_error(form)
    workshop = None
    if form.cleaned_data.get("workshop"):
        workshop = WorkshopPage.objects.filter(pk=form.cleaned_data["workshop"]).first()
        if workshop is None:
            raise services.WorkshopError("工作坊不存在。")
    services.journal_add(
        author=request.user,
        title=form.cleaned_data["title"],
        body=form.cleaned_data["body"],
        visibility=form.cleaned_data["visibility"],
        workshop=workshop,
    )
    return back(request, _personal_space(index), "研修日志已保存。")
