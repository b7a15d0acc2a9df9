"""Who reaches a recording of pupils: the narrower of the owner's visibility and the guardians' consent."""

import pytest

from home.consent import consent_record, is_public, may_download, may_watch
from home.models import RecordingAudience, Role
from tests.factories import SchoolFactory, UserFactory
from tests.training.factories import media

pytestmark = pytest.mark.django_db

A = RecordingAudience


@pytest.fixture
def people():
    school, other_school = SchoolFactory(), SchoolFactory()
    return {
        "owner": UserFactory(role=Role.TEACHER, role__school=school),
        "colleague": UserFactory(role=Role.TEACHER, role__school=school),
        "stranger": UserFactory(role=Role.TEACHER, role__school=other_school),
        "school": school,
    }


def video(owner):
    item = media()
    item.uploaded_by_user = owner
    item.save()
    return item


def test_a_recording_without_a_consent_record_reaches_only_its_group(people):
    item = video(people["owner"])
    from django.contrib.auth.models import AnonymousUser

    assert not is_public(item)
    assert not may_watch(AnonymousUser(), item)
    assert not may_watch(people["stranger"], item)
    assert may_watch(people["stranger"], item, in_group=True)
    assert may_watch(people["owner"], item)


def test_public_visibility_without_public_consent_is_not_public(people):
    item = video(people["owner"])
    consent_record(
        item, confirmed_by=people["owner"], consent_audience=A.SCHOOL, visibility=A.PUBLIC, school=people["school"]
    )
    assert not is_public(item)
    assert may_watch(people["colleague"], item)
    assert not may_watch(people["stranger"], item)


def test_public_consent_and_visibility_make_it_public_and_downloads_stay_off(people):
    from django.contrib.auth.models import AnonymousUser

    item = video(people["owner"])
    consent = consent_record(item, confirmed_by=people["owner"], consent_audience=A.PUBLIC, visibility=A.PUBLIC)
    assert is_public(item)
    assert consent.confirmed_by == people["owner"] and consent.confirmed_at is not None
    assert not may_download(AnonymousUser(), item)
    consent_record(item, consent_audience=A.PUBLIC, visibility=A.PUBLIC, downloads_allowed=True)
    assert may_download(AnonymousUser(), item)


def test_no_pupils_on_camera_needs_no_consent(people):
    item = video(people["owner"])
    consent_record(item, confirmed_by=people["owner"], no_pupils=True, visibility=A.SIGNED_IN)
    assert not is_public(item)
    assert may_watch(people["stranger"], item)
