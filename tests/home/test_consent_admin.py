"""视频授权 in the admin: editors and trainers list, filter and record the consent of the
recordings in their region only; teachers never get there."""

from __future__ import annotations

import pytest

from home.consent import consent_record, effective_audience, is_public
from home.models import RecordingAudience as A
from home.models import RecordingConsent
from tests.review.conftest import world as world  # noqa: F401  (the fixture)
from tests.training import factories as training

INDEX = "/admin/recording-consent/"


def _video(title: str, owner):
    item = training.media(title=title)
    item.uploaded_by_user = owner
    item.save()
    return item


@pytest.fixture
def recordings(world):
    held = _video("岳麓一中待授权实录", world.teacher)
    consent_record(held, visibility=A.PUBLIC, note="家长尚未签字")  # public asked, no consent yet
    public = _video("岳麓一中公开实录", world.teacher)
    consent_record(public, confirmed_by=world.teacher, consent_audience=A.PUBLIC, visibility=A.PUBLIC)
    other = _video("芙蓉一中待授权实录", world.teacher_other)
    consent_record(other, visibility=A.SCHOOL, school=world.b1)
    return {"held": held, "public": public, "other": other}


def test_an_editor_lists_the_recordings_of_their_region_and_finds_what_is_held_back(client, world, recordings):
    client.force_login(world.county_trainer)  # 岳麓区
    listing = client.get(INDEX).content.decode()
    assert "岳麓一中待授权实录" in listing and "岳麓一中公开实录" in listing
    assert "芙蓉一中待授权实录" not in listing
    held = client.get(INDEX, {"status": "held"}).content.decode()
    assert "岳麓一中待授权实录" in held and "岳麓一中公开实录" not in held
    client.force_login(world.city_editor_other)  # 株洲市: nothing of 长沙
    assert "岳麓一中" not in client.get(INDEX).content.decode()


def test_an_editor_records_consent_in_scope_and_cannot_touch_another_region(client, world, recordings):
    consent = recordings["held"].consent
    edit = f"{INDEX}edit/{consent.pk}/"
    data = {
        "media": recordings["held"].pk,
        "no_pupils": "",
        "consent_audience": A.PUBLIC,
        "note": "同意书已收齐",
        "visibility": A.PUBLIC,
        "school": world.a1.pk,
        "downloads_allowed": "on",
    }
    client.force_login(world.county_trainer_other)  # 芙蓉区
    assert client.get(edit).status_code in (403, 404)
    client.post(edit, data)
    assert not is_public(RecordingConsent.objects.get(pk=consent.pk).media)

    client.force_login(world.county_trainer)
    assert client.get(edit).status_code == 200
    assert client.post(edit, data).status_code == 302
    consent = RecordingConsent.objects.get(pk=consent.pk)
    assert consent.confirmed_by == world.county_trainer and consent.confirmed_at is not None
    assert effective_audience(consent) == A.PUBLIC and consent.downloads_allowed
    # Another county's record stays out of reach of this editor too.
    other = recordings["other"].consent
    assert client.get(f"{INDEX}edit/{other.pk}/").status_code in (403, 404)


def test_teachers_have_no_consent_admin(client, world, recordings):
    client.force_login(world.teacher)
    response = client.get(INDEX)
    assert response.status_code in (302, 403)
    assert "岳麓一中待授权实录" not in response.content.decode()
