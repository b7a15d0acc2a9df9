"""Portal pages of the research pillar: the heat map (能力热力图) and matching (精准施训) for
trainers, the teacher's own 数字画像 with recommendations. Thin: rules live in the services."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import render

from home.models import Stage, Subject
from home.serving import sign_in_redirect

from .baseline import filtered, heat_map, portrait
from .matching import matching as matching_groups
from .radar import radar
from .recommend import recommendations
from .scope import is_county_level, scope_label, scores_in_scope

MATCHING_REFUSAL = "精准施训仅对县级培训者和编辑开放。"


def _filters(request) -> tuple[dict, list[str]]:
    """学段 and 学科 from ``?stage=初中&subject=数学`` (Chinese names, as in the library);
    an unknown name is explained and ignored."""
    chosen, notes = {"stage": None, "subject": None}, []
    for key, model, label in (("stage", Stage, "学段"), ("subject", Subject, "学科")):
        name = (request.GET.get(key) or "").strip()[:50]
        if not name:
            continue
        found = model.objects.filter(name=name).first()
        if found is None:
            notes.append(f"没有名为“{name}”的{label}，已忽略该筛选条件。")
        chosen[key] = found
    return chosen, notes


def _guard(request):
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    if not request.user.is_authenticated:
        return sign_in_redirect(request)
    return None


def _filter_context(request, rows):
    chosen, notes = _filters(request)
    rows = filtered(
        rows,
        stage_id=chosen["stage"].pk if chosen["stage"] else None,
        subject_id=chosen["subject"].pk if chosen["subject"] else None,
    )
    context = {
        "stages": Stage.objects.order_by("sort_order", "pk"),
        "subjects": Subject.objects.order_by("sort_order", "pk"),
        "chosen": chosen,
        "notes": notes,
        "scope": scope_label(request.user),
    }
    return rows, context


def heatmap(request):
    if (response := _guard(request)) is not None:
        return response
    rows, context = _filter_context(request, scores_in_scope(request.user))
    by = "subject" if request.GET.get("by") == "subject" else "school"
    context["heat"] = heat_map(rows, by=by)
    context["can_match"] = is_county_level(request.user)
    return render(request, "research/heatmap.html", context)


def matching(request):
    if (response := _guard(request)) is not None:
        return response
    if not is_county_level(request.user):
        raise PermissionDenied(MATCHING_REFUSAL)
    rows, context = _filter_context(request, scores_in_scope(request.user))
    context["groups"] = matching_groups(rows)
    return render(request, "research/matching.html", context)


def my_portrait(request):
    if (response := _guard(request)) is not None:
        return response
    mine = portrait(request.user)
    context = {
        "portrait": mine,
        "radar": radar(mine.axes) if mine else None,
        "recommendations": recommendations(request.user),
    }
    return render(request, "research/portrait.html", context)
