"""Finding 5's tail: a draft's cover image was reachable by its file's URL, and tag autocomplete
named tags used only on drafts. Image files are served only to those who may see their image;
autocomplete suggests only tags the user could see in use."""

from __future__ import annotations

import pytest

from django.test import Client

from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from tests.review.conftest import make_work, published
from tests.review.conftest import world as world  # noqa: F401  (the fixture)


def _client(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def covers(world):
    image_model = get_image_model()
    secret = image_model.objects.create(
        title="草稿封面", file=get_test_image_file(filename="draft-cover.png"), uploaded_by_user=world.teacher
    )
    public = image_model.objects.create(
        title="公开封面", file=get_test_image_file(filename="public-cover.png"), uploaded_by_user=world.teacher
    )
    make_work(world, title="草稿《春》", cover_image=secret)
    published(world, title="公开《春》", cover_image=public)
    return secret, public


def _urls(image):
    return ["/media/" + image.file.name, "/media/" + image.get_rendition("fill-200x150").file.name]


@pytest.mark.parametrize("who", [None, "teacher_other", "teacher_same_school", "school_trainer_other"])
def test_a_drafts_cover_file_is_not_served_to_others(world, covers, who):
    secret, _ = covers
    client = _client(getattr(world, who) if who else None)
    for url in _urls(secret):
        assert client.get(url).status_code == 404, url


def test_the_uploader_sees_their_drafts_cover(world, covers):
    secret, _ = covers
    client = _client(world.teacher)
    for url in _urls(secret):
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "image/png", url


def test_a_public_works_cover_is_served_to_everyone(world, covers):
    _, public = covers
    for url in _urls(public):
        assert _client().get(url).status_code == 200, url


def test_a_file_no_image_knows_is_not_served(world, settings):
    from pathlib import Path

    stray = Path(settings.MEDIA_ROOT) / "original_images" / "stray.png"
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(b"\x89PNG stray")
    assert _client().get("/media/original_images/stray.png").status_code == 404


@pytest.fixture
def tagged(world):
    draft = make_work(world, title="草稿《秋》")
    draft.tags.add("秘密构思甲")
    draft.save()
    work = published(world, title="公开《秋》")
    work.tags.add("秘密公开乙")
    work.save()
    return draft, work


@pytest.mark.parametrize("url", ["/admin/tag-autocomplete/", "/admin/tag-autocomplete/taggit/tag/"])
def test_tag_autocomplete_names_no_tag_used_only_on_someone_elses_draft(world, tagged, url):
    other = _client(world.teacher_other).get(url, {"term": "秘密"})
    assert other.status_code == 200 and other.json() == ["秘密公开乙"]
    author = _client(world.teacher).get(url, {"term": "秘密"})
    assert author.json() == ["秘密公开乙", "秘密构思甲"]
    reviewer = _client(world.school_trainer).get(url, {"term": "秘密"})
    assert "秘密构思甲" in reviewer.json()  # the author's school trainer reviews the school's works


def test_tag_autocomplete_refuses_an_unknown_tag_model(world):
    response = _client(world.teacher).get("/admin/tag-autocomplete/nope/nothing/", {"term": "秘"})
    assert response.status_code == 404
