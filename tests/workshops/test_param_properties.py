"""Properties of the workshops' request parsing: ids from a URL (``workshops.http.id_or_404``),
the ``next`` address of an action, and the form fields that read ids (push, share, journal).
For any text the answer is an id within the 64-bit range, a 404 or a form error in Chinese,
never another exception; a valid id reads back."""

from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from django.http import Http404
from django.test import RequestFactory

from home.params import MAX_ID
from tests.strategies import any_text, is_chinese
from workshops.forms import JournalForm, PushForm, ShareForm
from workshops.http import id_or_404, safe_next

DB_SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@given(any_text)
@example("²")
@example("1" * 30)
def test_an_id_from_a_url_is_a_database_id_or_a_404(text):
    try:
        number = id_or_404(text)
    except Http404:
        return
    assert 1 <= number <= MAX_ID and str(number) == text.strip().lstrip("0")


@given(st.integers(1, MAX_ID))
def test_every_database_id_reads_back_from_a_url(number):
    assert id_or_404(str(number)) == number


@given(any_text)
@example("//evil.example/")
@example("https://evil.example/")
@example("/\\evil.example")
def test_next_is_empty_or_an_address_on_this_site(target):
    request = RequestFactory().post("/", {"next": target})
    result = safe_next(request)
    assert result in ("", request.POST["next"])
    if result:
        assert urlsplit(result.strip().replace("\\", "/")).netloc in ("", "testserver")


def _check_ids(form, names):
    if form.is_valid():
        for name in names:
            value = form.cleaned_data.get(name)
            assert value is None or 1 <= value <= MAX_ID
    else:
        assert all(is_chinese(" ".join(errors)) for errors in form.errors.values())


@given(target=any_text, thread=any_text, resource=any_text)
@example(target="²", thread="", resource="1" * 30)
@example(target="١٢", thread="-1", resource="１２")
def test_share_form_reads_ids_within_range_or_says_why_in_chinese(target, thread, resource):
    _check_ids(ShareForm({"target": target, "thread": thread, "resource": resource}), ("target", "thread", "resource"))


@given(workshop=any_text)
@example(workshop="9" * 30)
@example(workshop="²")
def test_journal_form_reads_the_workshop_id_within_range_or_says_why_in_chinese(workshop):
    form = JournalForm({"title": "听课反思", "body": "今天听了一节课。", "visibility": "private", "workshop": workshop})
    _check_ids(form, ("workshop",))


@given(st.integers(1, MAX_ID))
def test_forms_read_back_every_database_id(number):
    share = ShareForm({"target": str(number), "resource": str(number)})
    assert share.is_valid() and share.cleaned_data["target"] == number
    journal = JournalForm({"title": "反思", "body": "正文", "visibility": "private", "workshop": str(number)})
    assert journal.is_valid() and journal.cleaned_data["workshop"] == number


@pytest.mark.django_db
@DB_SETTINGS
@given(resource=any_text)
@example(resource="²")
@example(resource="1" * 30)
@example(resource="https://example.com/library/\x00/")
def test_push_form_reads_an_id_or_a_resource_link_or_says_why_in_chinese(db, resource):
    form = PushForm({"resource": resource, "note": ""})
    if form.is_valid():
        assert 1 <= form.cleaned_data["resource"] <= MAX_ID
    else:
        assert all(is_chinese(" ".join(errors)) for errors in form.errors.values())


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=st.dictionaries(st.sampled_from(("school", "month")), any_text, min_size=1))
@example(params={"school": "²", "month": "0001-01"})
@example(params={"school": "1" * 30, "month": "２０２６-01"})
def test_the_school_dashboard_answers_any_school_and_month(client, ws, params):
    """学校社区 (``/workshops/school/?school=…&month=…``): an unreadable school is my own school,
    an unreadable or implausible month is this month; never a server error."""
    client.force_login(ws.trainer_a)
    response = client.get("/workshops/school/", params)
    assert response.status_code == 200
    year, month = response.context["year"], response.context["month"]
    assert 2000 <= year <= 2100 and 1 <= month <= 12
