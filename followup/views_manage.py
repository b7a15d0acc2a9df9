"""Training projects for county trainers and editors of the region (portal pages): the list, the
form, results with the ≥ 5 rule, the grade comparison, mentor assignment and the 3个1 table."""

from __future__ import annotations

import csv
import functools

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from workshops.http import id_or_404, login_redirect

from . import results, selectors
from .access import is_manager, managed_projects, regions_for
from .forms import ProjectForm
from .models import TrainingProject
from .services import FollowupError, projects


def manager_only(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return login_redirect(request)
        if not is_manager(request.user):
            raise PermissionDenied("只有县级培训者和编辑可以管理培训项目。")
        if "project_id" in kwargs:
            project = (
                managed_projects(request.user)
                .select_related("region")
                .filter(pk=id_or_404(kwargs.pop("project_id")))
                .first()
            )
            if project is None:
                raise Http404("没有找到这个培训项目。")
            kwargs["project"] = project
        return view(request, *args, **kwargs)

    return wrapper


def csv_response(rows: list[list], filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)  # quoted or RFC 5987-encoded
    response.write("\ufeff")  # Excel opens UTF-8 with a BOM
    csv.writer(response).writerows(rows)
    return response


@manager_only
def project_list(request):
    items = managed_projects(request.user).select_related("region").order_by("-year", "name")
    return render(request, "followup/projects.html", {"projects": items})


@manager_only
def grades(request):
    """项目等级对比: every project in scope with its overall grade, in one table."""
    table = [results.project_grade(p) for p in managed_projects(request.user).select_related("region")]
    table.sort(key=lambda g: (g.score is None, -(g.score or 0), g.project.name))
    if request.GET.get("format") == "csv":
        return csv_response(results.grade_rows(table), "project-grades.csv")
    return render(request, "followup/grades.html", {"grades": table, "too_few": results.TOO_FEW})


def _form_page(request, project: TrainingProject | None):
    initial = None
    if project is not None:
        initial = {
            "name": project.name,
            "year": project.year,
            "region": project.region,
            "organiser": project.organiser,
            "description": project.description,
            "courses": list(project.courses.all()),
            "workshops": list(project.workshops.all()),
            "participants": "\n".join(project.participants.order_by("username").values_list("username", flat=True)),
        }
    form = ProjectForm(request.POST or None, initial=initial, regions=regions_for(request.user))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                project = projects.project_save(
                    actor=request.user,
                    project=project,
                    name=data["name"],
                    year=data["year"],
                    region=data["region"],
                    organiser=data["organiser"],
                    description=data["description"],
                    courses=data["courses"],
                    workshops=data["workshops"],
                    participants_text=data["participants"],
                )
            except FollowupError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "培训项目已保存。")
                return HttpResponseRedirect(reverse("followup:project", args=[project.pk]))
        status = 400
    return render(request, "followup/project_form.html", {"form": form, "project": project}, status=status)


@manager_only
def project_new(request):
    return _form_page(request, None)


@manager_only
def project_edit(request, *, project):
    return _form_page(request, project)


@manager_only
def project_detail(request, *, project):
    target_results = results.project_results(project)
    context = {
        "project": project,
        "results": target_results,
        "grade": results.project_grade(project, target_results),
        "too_few": results.TOO_FEW,
        "participants": project.participants.select_related("profile__school").order_by("username"),
        "assignments": project.mentor_assignments.select_related("mentor", "mentee").order_by("mentor__username"),
        "summary": selectors.three_summary(selectors.three_table(project)),
    }
    return render(request, "followup/project.html", context)


@manager_only
def results_csv(request, *, project):
    return csv_response(results.result_rows(results.project_results(project)), f"project-{project.pk}-results.csv")


@manager_only
def three(request, *, project):
    """3个1 completion table (?format=csv for the export)."""
    rows = selectors.three_table(project)
    if request.GET.get("format") == "csv":
        return csv_response(selectors.three_csv_rows(rows), f"project-{project.pk}-3x1.csv")
    context = {
        "project": project,
        "rows": rows,
        "summary": selectors.three_summary(rows),
        "kinds": selectors.THREE_KINDS,
    }
    return render(request, "followup/three.html", context)


@require_POST
@manager_only
def mentor_assign(request, *, project):
    try:
        created = projects.mentor_assign(
            actor=request.user,
            project=project,
            mentor_username=request.POST.get("mentor", ""),
            mentee_ids=request.POST.getlist("mentees"),
        )
    except FollowupError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"已指派导师，新增 {created} 位学员。")
    return HttpResponseRedirect(reverse("followup:project", args=[project.pk]) + "#mentors")
