"""List endpoints read a page in a fixed number of queries, however many rows it holds."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from credits.models import CreditEntry, CreditSource
from resources.models import ReviewStatus
from tests.factories import GeneratedResourcePageFactory, SchoolFactory, attach
from tests.workshops.conftest import make_workshop
from workshops.models import WorkshopIndexPage

from .conftest import client_as
from .test_public import PUBLIC_LISTS

OWN_LISTS = ("/api/v1/me/credits/", "/api/v1/me/works/", "/api/v1/me/enrolments/")
CEILING = 20  # queries for any list page, session and token checks included


def queries(client, url) -> int:
    client.get(url)  # warm the taxonomy and site caches, as a running site has them
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.content[:200])
    return len(captured.captured_queries)


def _more_rows(world, library, count: int = 4) -> None:
    index = WorkshopIndexPage.objects.get()
    for n in range(count):
        work = GeneratedResourcePageFactory(
            parent=library, title=f"追加作品{n}", author=world.teacher, owner=world.teacher, school=world.school_a,
            region=world.yuelu, review_status=ReviewStatus.APPROVED,
        )  # fmt: skip
        work.tags.add(f"标签{n}")
        work.save()
        attach(work)
        make_workshop(index, title=f"追加工作坊{n}", host=world.users["county_trainer"], region=world.yuelu)
        SchoolFactory(name=f"追加学校{n}", region=world.yuelu)
        CreditEntry.objects.create(
            teacher=world.teacher, source=CreditSource.OTHER, amount=Decimal("0.5"), description=f"追加学分{n}",
            earned_on=datetime.date(2026, 4, 1 + n), source_key=f"more:{n}",
        )  # fmt: skip


@pytest.mark.parametrize("url", PUBLIC_LISTS + OWN_LISTS)
def test_list_pages_take_the_same_queries_with_more_rows(world, library, url, django_capture_on_commit_callbacks):
    client = client_as(world, "teacher")
    before = queries(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        _more_rows(world, library)
    after = queries(client, url)
    assert after == before, f"{url}: {before} queries with fewer rows, {after} with more"
    assert after <= CEILING
