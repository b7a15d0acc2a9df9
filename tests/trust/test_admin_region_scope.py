"""Admin listings and actions stay inside the actor's region (finding 4 of the trust review).

Every case runs as an outsider (who must see nothing and change nothing) and as an insider
(who must still be able to do their job, so that a blanket refusal fails too).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from credits.models import CreditEntry
from tests.review.conftest import world as world  # noqa: F401  (the fixture)

LEDGER = "/admin/snippets/credits/creditentry/"


def _entry(teacher, *, amount="3.0", description="校本研修：听评课"):
    return CreditEntry.objects.create(
        teacher=teacher, source="school_research", amount=Decimal(amount), description=description, source_key="t:1"
    )


def _edit_post(entry, **changes):
    data = {
        "teacher": entry.teacher_id,
        "source": entry.source,
        "amount": str(entry.amount),
        "hours": "",
        "description": entry.description,
        "earned_on": entry.earned_on.isoformat(),
        "source_key": entry.source_key,
        "verified_by": "",
    }
    data.update(changes)
    return data


def _state(entry):
    return CreditEntry.objects.filter(pk=entry.pk).values_list("amount", "description").first()


# --- Credit ledger -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("insider", "outsider"),
    [
        ("school_trainer", "school_trainer_other"),
        ("county_trainer", "county_trainer_other"),
        ("city_editor", "city_editor_other"),
        ("province_editor", "province_editor_other"),
    ],
)
def test_ledger_listing_shows_only_teachers_in_scope(client, world, insider, outsider):
    _entry(world.teacher, description="岳麓一中的学分")
    client.force_login(getattr(world, outsider))
    assert "岳麓一中的学分" not in client.get(LEDGER).content.decode()
    client.force_login(getattr(world, insider))
    assert "岳麓一中的学分" in client.get(LEDGER).content.decode()
    # A teacher never gets the ledger admin.
    client.force_login(world.teacher)
    assert client.get(LEDGER).status_code in (302, 403)


@pytest.mark.parametrize("outsider", ["city_editor_other", "province_editor_other"])
def test_editor_outside_region_cannot_inspect_edit_or_delete_an_entry(client, world, outsider):
    entry = _entry(world.teacher)
    before = _state(entry)
    client.force_login(getattr(world, outsider))
    for url in (f"{LEDGER}edit/{entry.pk}/", f"{LEDGER}history/{entry.pk}/", f"{LEDGER}usage/{entry.pk}/"):
        assert client.get(url).status_code in (403, 404), url
        assert "校本研修：听评课" not in client.get(url).content.decode()
    response = client.post(f"{LEDGER}edit/{entry.pk}/", _edit_post(entry, amount="30.0"))
    assert response.status_code in (403, 404)
    response = client.post(f"{LEDGER}delete/{entry.pk}/")
    assert response.status_code in (403, 404)
    assert _state(entry) == before
    # Bulk delete through the snippets' bulk action view.
    client.post(
        f"/admin/bulk/credits/creditentry/delete/?next={LEDGER}&id={entry.pk}",
    )
    assert _state(entry) == before
    # The province's editor may delete it.
    client.force_login(world.province_editor)
    assert client.post(f"{LEDGER}delete/{entry.pk}/").status_code == 302
    assert not CreditEntry.objects.filter(pk=entry.pk).exists()


def test_editor_in_region_edits_and_the_history_shows_old_and_new_values(client, world):
    entry = _entry(world.teacher)
    client.force_login(world.city_editor)
    assert client.get(f"{LEDGER}edit/{entry.pk}/").status_code == 200
    response = client.post(f"{LEDGER}edit/{entry.pk}/", _edit_post(entry, amount="30.0"))
    assert response.status_code == 302, response.content.decode()[:2000]
    entry.refresh_from_db()
    assert entry.amount == Decimal("30.0")
    history = client.get(f"{LEDGER}history/{entry.pk}/").content.decode()
    assert "学分 3.0 → 30.0" in history


def test_trainer_of_another_county_cannot_read_an_entry(client, world):
    entry = _entry(world.teacher)
    client.force_login(world.county_trainer_other)
    assert client.get(f"{LEDGER}inspect/{entry.pk}/").status_code in (403, 404)
    assert client.get(f"{LEDGER}history/{entry.pk}/").status_code in (403, 404)


def test_ledger_chooser_offers_only_entries_in_scope(client, world):
    entry = _entry(world.teacher, description="岳麓一中的学分")
    chooser = "/admin/snippets/choose/credits/creditentry/"
    client.force_login(world.city_editor_other)
    assert "校本研修 3.0" not in client.get(chooser).json()["html"]
    assert client.get(f"{chooser}chosen/{entry.pk}/").status_code == 404
    client.force_login(world.city_editor)
    assert "校本研修 3.0" in client.get(chooser).json()["html"]
    assert client.get(f"{chooser}chosen/{entry.pk}/").status_code == 200


# --- Media (lesson recordings' videos) ------------------------------------------------------


@pytest.fixture
def recording_video(world):
    from tests.training.factories import media

    item = media(title="岳麓区课堂录像")
    item.uploaded_by_user = world.county_trainer
    item.save()
    return item


def _media_state(item):
    from wagtailmedia.models import get_media_model

    return get_media_model().objects.filter(pk=item.pk).values_list("title", flat=True).first()


@pytest.mark.parametrize("outsider", ["county_trainer_other", "city_editor_other"])
def test_trainer_of_another_county_cannot_list_edit_or_delete_a_recording(client, world, recording_video, outsider):
    client.force_login(getattr(world, outsider))
    assert "岳麓区课堂录像" not in client.get("/admin/media/").content.decode()
    assert client.get(f"/admin/media/edit/{recording_video.pk}/").status_code in (302, 403, 404)
    client.post(
        f"/admin/media/edit/{recording_video.pk}/",
        {"title": "被改掉的录像", "collection": recording_video.collection_id, "purpose": "recording"},
    )
    client.post(f"/admin/media/delete/{recording_video.pk}/")
    assert _media_state(recording_video) == "岳麓区课堂录像"
    # The county's own trainer and the city's editor still manage it.
    client.force_login(world.county_trainer)
    assert "岳麓区课堂录像" in client.get("/admin/media/").content.decode()
    assert client.get(f"/admin/media/edit/{recording_video.pk}/").status_code == 200
    client.force_login(world.city_editor)
    assert "岳麓区课堂录像" in client.get("/admin/media/").content.decode()
    assert client.get(f"/admin/media/edit/{recording_video.pk}/").status_code == 200
    assert client.post(f"/admin/media/delete/{recording_video.pk}/").status_code == 302
    assert _media_state(recording_video) is None


# --- Documents and images -----------------------------------------------------------------


def _upload(kind, owner, title):
    if kind == "document":
        from tests.factories import DocumentFactory

        return DocumentFactory(title=title, uploaded_by_user=owner)
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    return get_image_model().objects.create(title=title, file=get_test_image_file(), uploaded_by_user=owner)


URLS = {
    "document": ("/admin/documents/", "/admin/documents/edit/{}/", "/admin/documents/delete/{}/"),
    "image": ("/admin/images/", "/admin/images/{}/", "/admin/images/{}/delete/"),
}


@pytest.mark.parametrize("kind", ["document", "image"])
def test_uploads_are_changed_by_their_owner_and_editors_covering_the_uploader(client, world, kind):
    index, edit, delete = URLS[kind]
    item = _upload(kind, world.teacher, "岳麓一中教师的附件")
    model = type(item)
    for outsider in ("city_editor_other", "province_editor_other", "county_trainer", "teacher_same_school"):
        client.force_login(getattr(world, outsider))
        assert "岳麓一中教师的附件" not in client.get(index).content.decode(), outsider
        assert client.get(edit.format(item.pk)).status_code in (302, 403, 404), outsider
        client.post(edit.format(item.pk), {"title": "被改掉的附件", "collection": item.collection_id})
        client.post(delete.format(item.pk))
        assert model.objects.filter(pk=item.pk).values_list("title", flat=True).first() == "岳麓一中教师的附件"
    client.force_login(world.teacher)
    assert "岳麓一中教师的附件" in client.get(index).content.decode()
    assert client.get(edit.format(item.pk)).status_code == 200
    client.force_login(world.city_editor)
    assert "岳麓一中教师的附件" in client.get(index).content.decode()
    assert client.get(edit.format(item.pk)).status_code == 200
    assert client.post(delete.format(item.pk)).status_code == 302
    assert not model.objects.filter(pk=item.pk).exists()
