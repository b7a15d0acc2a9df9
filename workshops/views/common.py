"""How every workshop action (教师工作坊 · 个人空间) is answered: POST only, logged in, CSRF-checked
(Django's middleware), on a live page of this site, and through the same Wagtail serving hooks
as the page itself (view restrictions, allowed methods). A refused action comes back to the page
with its Chinese message."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404

from wagtail.models import Site

from home.serving import serve_through_page
from workshops.http import id_or_404, login_redirect, safe_next
from workshops.models.pages import WorkshopIndexPage, WorkshopPage
from workshops.services import WorkshopError


def form_error(form) -> WorkshopError:
    """A form's errors as one message for the user."""
    errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
    return WorkshopError("；".join(errors) or "提交的内容有误。")


def live_pages(request, model):
    """Live pages of ``model`` on the request's site (404 off any site)."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    return model.objects.live().in_site(site)


def _answer(request, page, view, kwargs):
    def respond():
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not request.user.is_authenticated:
            return login_redirect(request)
        try:
            return view(request, **kwargs)
        except WorkshopError as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(safe_next(request) or page.url)

    return serve_through_page(request, page, respond)


def workshop_action(view):
    """An action on one workshop (``<workshop_id>`` in the URL); the view gets ``workshop``."""

    @functools.wraps(view)
    def wrapper(request, workshop_id: int, **kwargs):
        workshop = get_object_or_404(live_pages(request, WorkshopPage), pk=id_or_404(workshop_id))
        ids = {name: id_or_404(value) for name, value in kwargs.items() if name.endswith("_id")}
        return _answer(request, workshop, view, {"workshop": workshop, **kwargs, **ids})

    return wrapper


def index_action(view):
    """An action of the workshop section (personal space, proposals); the view gets ``index``."""

    @functools.wraps(view)
    def wrapper(request, **kwargs):
        ids = {name: id_or_404(value) for name, value in kwargs.items() if name.endswith("_id")}
        index = live_pages(request, WorkshopIndexPage).first()
        if index is None:
            raise Http404
        return _answer(request, index, view, {"index": index, **kwargs, **ids})

    return wrapper
