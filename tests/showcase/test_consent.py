"""A case's design whose recording lacks public consent (学生出镜授权): the case stays public,
the recording does not — no player (a notice instead), no stream, left out of the compare
view's players; downloads only where the recording allows them."""

from __future__ import annotations

import pytest

from home.consent import consent_record, is_public
from home.models import RecordingAudience as A
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def held_case(case):
    """The ``case`` fixture with its third design's recording held back to its school."""
    third = case.designs.order_by("sort_order")[2]
    consent_record(third.recording, consent_audience=A.SCHOOL, visibility=A.PUBLIC, school=SchoolFactory())
    return case, third


def test_the_case_shows_a_notice_instead_of_the_held_recording(client, held_case):
    case, third = held_case
    html = client.get(case.url).content.decode()
    assert "该课堂录像未获公开授权" in html
    assert f"recording/{third.pk}/" not in html and third.recording.file.name.rsplit("/", 1)[-1] not in html
    assert html.count("<video") == 2
    assert client.get(f"{case.url}recording/{third.pk}/", HTTP_RANGE="bytes=0-9").status_code == 404


def test_the_compare_view_leaves_the_held_recording_out(client, held_case):
    case, third = held_case
    first = case.designs.order_by("sort_order")[0]
    html = client.get(f"{case.url}compare/", {"d": [first.pk, third.pk]}).content.decode()
    assert html.count("<video") == 1 and f"recording/{first.pk}/" in html
    assert f"recording/{third.pk}/" not in html and "该课堂录像未获公开授权" in html


def test_downloads_are_off_by_default_and_offered_when_the_recording_allows(client, case):
    first = case.designs.order_by("sort_order")[0]
    stream = f"{case.url}recording/{first.pk}/"
    html = client.get(case.url).content.decode()
    assert 'controlsList="nodownload"' in html and f"{stream}?download=1" not in html
    response = client.get(stream, HTTP_RANGE="bytes=0-9")
    assert response.status_code == 206 and response["Content-Disposition"] == "inline"
    assert client.get(stream, {"download": "1"}).status_code == 403

    consent_record(first.recording, consent_audience=A.PUBLIC, visibility=A.PUBLIC, downloads_allowed=True)
    assert f"{stream}?download=1" in client.get(case.url).content.decode()
    download = client.get(stream, {"download": "1"})
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")


def test_demo_cases_loaded_before_consent_existed_get_their_demo_consent_back(client, case, showcase):
    """Migration 0013 held back every video it found; ``load_demo`` on such a database gives the
    demo's own case recordings their demo consent again, and leaves confirmed records alone."""
    from home.consent import MIGRATION_NOTE
    from home.models import RecordingConsent
    from showcase.demo import _release_held_demo_recordings

    first, second, third = case.designs.order_by("sort_order")
    RecordingConsent.objects.filter(media__in=[first.recording, second.recording]).update(
        consent_audience="", visibility=A.GROUP, confirmed_at=None, confirmed_by=None, note=MIGRATION_NOTE
    )
    consent_record(third.recording, consent_audience=A.SCHOOL, visibility=A.SCHOOL, school=SchoolFactory())
    _release_held_demo_recordings(showcase)
    first.recording.refresh_from_db()
    assert is_public(first.recording) and is_public(second.recording)
    assert not is_public(third.recording)
