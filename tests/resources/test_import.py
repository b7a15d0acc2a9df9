"""import_resources: good lines land, bad lines are reported by number and leave nothing behind."""

import json

import pytest

from django.core.management import CommandError, call_command

from home.models import Region, School
from resources.models import GeneratedResourcePage

pytestmark = pytest.mark.django_db


def line(**overrides) -> str:
    record = {
        "external_id": "ext-1",
        "kind": "teaching_design",
        "title": "《春》教学设计",
        "summary": "以朗读为主线，品味朱自清笔下春天的生机。",
        "body": "一、教学目标\n\n二、教学过程",
        "subject": "语文",
        "stage": "初中",
        "grade": "七年级",
        "region": "湖南省/长沙市/岳麓区",
        "school": "长沙市岳麓区博才中学",
        "author": "刘芳",
        "tags": ["朗读教学", "核心素养"],
        "published": True,
    }
    record.update(overrides)
    return json.dumps(record, ensure_ascii=False)


def write(tmp_path, *lines):
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_good_line_creates_a_published_resource_with_taxonomies(tmp_path, client, capsys):
    call_command("import_resources", write(tmp_path, line()))
    page = GeneratedResourcePage.objects.get(external_id="ext-1")
    assert page.live
    assert (page.subject.name, page.stage.name, page.grade.name) == ("语文", "初中", "七年级")
    assert page.region.path == "湖南省/长沙市/岳麓区"
    assert Region.objects.get(path="湖南省/长沙市").level == "city"
    assert page.school.region == page.region
    assert sorted(page.tags.names()) == ["朗读教学", "核心素养"]
    assert [b.block_type for b in page.body] == ["paragraph", "paragraph"]
    assert "新建 1 份" in capsys.readouterr().out
    assert client.get(page.url).status_code == 200


def test_reimport_updates_instead_of_duplicating(tmp_path):
    call_command("import_resources", write(tmp_path, line()))
    call_command("import_resources", write(tmp_path, line(title="《春》教学设计（修订版）", tags=["朗读教学"])))
    page = GeneratedResourcePage.objects.get(external_id="ext-1")
    assert GeneratedResourcePage.objects.count() == 1
    assert page.title == "《春》教学设计（修订版）"
    assert list(page.tags.names()) == ["朗读教学"]


def test_bad_lines_are_reported_skipped_and_good_lines_still_land(tmp_path, capsys):
    lines = [
        line(external_id="good-1"),
        "{not json",
        line(external_id="bad-kind", kind="lesson_plan"),
        line(external_id="bad-subject", subject="占星"),
        line(external_id="bad-stage", stage="大学"),
        line(external_id="no-title", title=""),
        line(external_id="bad-grade", grade="高三"),
        line(external_id="bad-tags", tags="核心素养"),
        json.dumps(["a", "list"]),
        line(external_id="good-2", title="《背影》教学设计"),
    ]
    with pytest.raises(CommandError) as excinfo:
        call_command("import_resources", write(tmp_path, *lines))
    assert "新建 2 份" in str(excinfo.value) and "失败 8 行" in str(excinfo.value)
    err = capsys.readouterr().err
    for number, reason in [
        (2, "不是有效的 JSON"),
        (3, "未知的资源类型“lesson_plan”"),
        (4, "未知的学科“占星”"),
        (5, "未知的学段“大学”"),
        (6, "缺少必填字段“title”"),
        (7, "没有年级“高三”"),
        (8, "tags"),
        (9, "JSON 对象"),
    ]:
        assert f"第 {number} 行：" in err and reason in err
    assert set(GeneratedResourcePage.objects.values_list("external_id", flat=True)) == {"good-1", "good-2"}


def test_a_failing_line_leaves_no_region_or_school_behind(tmp_path):
    # The school name is too long: the line fails after its new region would have been created.
    bad = line(external_id="x", region="河北省/保定市/涿州市", school="很" * 120)
    with pytest.raises(CommandError):
        call_command("import_resources", write(tmp_path, bad, line(external_id="y", region="河北省/保定市/涿州市")))
    assert GeneratedResourcePage.objects.filter(external_id="x").count() == 0
    # The good line that followed created the region itself, cleanly (no stale cache of a rolled-back row).
    region = Region.objects.get(path="河北省/保定市/涿州市")
    assert GeneratedResourcePage.objects.get(external_id="y").region == region
    assert not School.objects.filter(name__startswith="很").exists()


def test_unpublished_lines_stay_drafts(tmp_path, client):
    call_command("import_resources", write(tmp_path, line(published=False)))
    page = GeneratedResourcePage.objects.get(external_id="ext-1")
    assert not page.live
    assert client.get("/library/").context["resources"].paginator.count == 0


def test_missing_file_and_wrong_encoding_are_clear_errors(tmp_path):
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("import_resources", str(tmp_path / "nope.jsonl"))
    bad = tmp_path / "gbk.jsonl"
    bad.write_bytes(line().encode("gbk"))
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("import_resources", str(bad))


def test_nul_characters_are_refused_on_every_field(tmp_path, capsys):
    with pytest.raises(CommandError):
        call_command(
            "import_resources",
            write(
                tmp_path,
                line(external_id="a", region="湖南省/长沙市/岳\u0000麓区"),
                line(external_id="b", tags=["a\u0000"]),
            ),
        )
    err = capsys.readouterr().err
    assert "第 1 行" in err and "第 2 行" in err and "空字符" in err
    assert not GeneratedResourcePage.objects.exists()


def test_ids_that_slugify_alike_get_distinct_urls_and_admin_search_finds_imports(tmp_path, client):
    call_command(
        "import_resources",
        write(
            tmp_path,
            line(external_id="Unit 1", title="PEP Unit 1 Colours 教学设计", body="Warm-up: sing the Rainbow Song"),
            line(external_id="unit-1", title="PEP Unit 1 Hello 教学设计"),
        ),
    )
    pages = list(GeneratedResourcePage.objects.order_by("pk"))
    assert [p.slug for p in pages] == ["r-unit-1", "r-unit-1-2"]
    assert {client.get(p.url).status_code for p in pages} == {200}
    # Wagtail's own index (used by the admin) was brought up to date in bulk.
    assert [p.title for p in GeneratedResourcePage.objects.search("Colours")] == ["PEP Unit 1 Colours 教学设计"]
    assert [p.title for p in GeneratedResourcePage.objects.search("rainbow")] == ["PEP Unit 1 Colours 教学设计"]
    library = pages[0].get_parent()
    assert library.numchild == 2


def test_more_lines_than_one_batch(tmp_path, monkeypatch):
    from resources import services

    monkeypatch.setattr(services, "BATCH_SIZE", 3)
    lines = [line(external_id=f"b{i}", title=f"作品{i}") for i in range(7)]
    lines.insert(4, line(external_id="bad", kind="nope"))
    with pytest.raises(CommandError, match="新建 7 份"):
        call_command("import_resources", write(tmp_path, *lines))
    assert GeneratedResourcePage.objects.count() == 7
    assert GeneratedResourcePage.objects.first().get_parent().numchild == 7
    assert len(set(GeneratedResourcePage.objects.values_list("path", flat=True))) == 7


def test_import_keeps_wagtail_history_and_usage_like_a_normal_save(tmp_path):
    from wagtail.models import PageLogEntry, ReferenceIndex

    from home.models import Subject

    call_command("import_resources", write(tmp_path, line(external_id="h1"), line(external_id="h2")))
    page = GeneratedResourcePage.objects.get(external_id="h1")
    assert PageLogEntry.objects.filter(page=page, action="wagtail.create").count() == 1
    # The reference index matches what Wagtail itself computes for the page.
    ours = set(
        ReferenceIndex.objects.filter(object_id=page.pk).values_list("to_content_type", "to_object_id", "content_path")
    )
    ReferenceIndex.objects.filter(object_id=page.pk).delete()
    from django.db import transaction

    with transaction.atomic():
        ReferenceIndex.create_or_update_for_object(page)
    wagtails = set(
        ReferenceIndex.objects.filter(object_id=page.pk).values_list("to_content_type", "to_object_id", "content_path")
    )
    assert ours == wagtails and ours
    # So the admin can tell where a subject is used.
    assert ReferenceIndex.get_references_to(Subject.objects.get(name="语文")).count() == 2


def test_reimport_keeps_usage_of_attachments_and_the_new_taxonomy_like_wagtail(tmp_path):
    """A re-import updates the page in bulk; the usage Wagtail shows (reference index) is
    what Wagtail itself computes, attachments added in the portal included."""
    from django.db import transaction

    from wagtail.models import ReferenceIndex

    from home.models import Subject
    from resources.models import ResourceAttachment
    from tests.factories import DocumentFactory

    call_command("import_resources", write(tmp_path, line(external_id="u1"), line(external_id="u2")))
    page = GeneratedResourcePage.objects.get(external_id="u1")
    document = DocumentFactory()
    ResourceAttachment.objects.create(page=page, document=document, title="课件")
    with transaction.atomic():
        ReferenceIndex.create_or_update_for_object(GeneratedResourcePage.objects.get(pk=page.pk))

    lines = [line(external_id=f"u{i}", subject="数学", title=f"数学作品{i}") for i in (1, 2)]
    call_command("import_resources", write(tmp_path, *lines))

    def usage() -> set:
        return set(
            ReferenceIndex.objects.filter(object_id=page.pk).values_list(
                "to_content_type", "to_object_id", "content_path"
            )
        )

    ours = usage()
    ReferenceIndex.objects.filter(object_id=page.pk).delete()
    with transaction.atomic():
        ReferenceIndex.create_or_update_for_object(GeneratedResourcePage.objects.get(pk=page.pk))
    assert ours == usage()
    assert ReferenceIndex.get_references_to(document).count() == 1
    assert ReferenceIndex.get_references_to(Subject.objects.get(name="数学")).count() == 2
    assert not ReferenceIndex.get_references_to(Subject.objects.get(name="语文")).exists()
    page.refresh_from_db()
    assert page.title == "数学作品1" and page.draft_title == "数学作品1" and page.subject.name == "数学"
    assert page.attachments.count() == 1 and page.url.endswith("/r-u1/")


def test_imported_resources_are_found_by_the_portal_search(
    tmp_path, client, settings, django_capture_on_commit_callbacks
):
    # The embedded backend, whatever ELASTICSEARCH_URL says: the Elasticsearch path of the
    # outbox is covered in tests/search with an index made for the test.
    settings.ELASTICSEARCH_URL = ""
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "import_resources",
            write(
                tmp_path,
                line(external_id="s1", title="初中数学微课设计与反思"),
                line(external_id="s2", published=False),
            ),
        )
    data = client.get("/api/search/", {"q": "微课"}).json()
    assert [r["title"] for r in data["results"]] == ["初中数学微课设计与反思"]


def test_imported_works_appear_at_once_in_anonymously_cached_listings(
    tmp_path, client, django_capture_on_commit_callbacks
):
    from django.core.cache import cache
    from django.test import override_settings

    locmem = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "import-cache"}}
    with override_settings(CACHES=locmem, PAGE_CACHE_SECONDS=300):
        cache.clear()
        call_command("import_resources", write(tmp_path, line(external_id="c1", title="第一份导入的作品")))
        client.get("/library/")
        assert client.get("/library/")["X-Page-Cache"] == "HIT"
        with django_capture_on_commit_callbacks(execute=True):
            call_command("import_resources", write(tmp_path, line(external_id="c2", title="第二份导入的作品")))
        assert "第二份导入的作品" in client.get("/library/").content.decode()
        cache.clear()


def test_tags_whose_names_slugify_alike_are_both_imported(tmp_path, capsys):
    call_command(
        "import_resources",
        write(
            tmp_path,
            line(external_id="a", tags=["课堂观察"]),
            line(external_id="b", tags=["课堂观察?"]),
            line(external_id="c", tags=["课堂观察？", "课堂观察"]),
        ),
    )
    pages = {p.external_id: sorted(t.name for t in p.tags.all()) for p in GeneratedResourcePage.objects.all()}
    assert pages == {"a": ["课堂观察"], "b": ["课堂观察?"], "c": ["课堂观察", "课堂观察？"]}


def test_a_batch_whose_bulk_insert_fails_is_redone_line_by_line(tmp_path, monkeypatch, capsys):
    """New pages of a batch are inserted together; if that insert fails, the batch is rolled
    back and imported again line by line, so nothing is lost or half-written."""
    from django.db import IntegrityError

    from resources import services

    calls = []

    def fails_once(pages, *, parent):
        calls.append(len(pages))
        raise IntegrityError("simulated")

    monkeypatch.setattr(services, "insert_new_pages", fails_once)
    lines = [line(external_id=f"f{i}", title=f"作品{i}") for i in range(3)] + [line(external_id="bad", kind="x")]
    with pytest.raises(CommandError, match="新建 3 份，更新 0 份，跳过 0 份，失败 1 行"):
        call_command("import_resources", write(tmp_path, *lines))
    assert calls == [3]
    pages = GeneratedResourcePage.objects.order_by("path")
    assert [p.external_id for p in pages] == ["f0", "f1", "f2"]
    assert pages[0].get_parent().numchild == 3
    assert sorted(pages[0].tags.names()) == ["朗读教学", "核心素养"]
    assert capsys.readouterr().err.count("第 4 行") == 1


def test_a_batch_costs_no_query_per_line(tmp_path):
    """Lines of a batch are written together: known taxonomies and tags cost no query per line
    (SQLite splits a many-row insert into a few statements)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call_command("import_resources", write(tmp_path, line(external_id="warm")))  # region, school, tags exist
    counts = []
    for n, prefix in ((10, "a"), (40, "b")):
        with CaptureQueriesContext(connection) as ctx:
            call_command("import_resources", write(tmp_path, *[line(external_id=f"{prefix}{i}") for i in range(n)]))
        counts.append(len(ctx.captured_queries))
    assert counts[1] <= counts[0] + 3, counts
    assert GeneratedResourcePage.objects.count() == 51


def test_admin_search_entries_are_what_wagtail_writes(tmp_path):
    """The admin's search index rows of imported pages equal those of Wagtail's own backend."""
    from modelsearch.backends import get_search_backends

    from django.db import connection

    call_command("import_resources", write(tmp_path, line(external_id="w1"), line(external_id="w2", summary="")))
    pages = list(GeneratedResourcePage.objects.order_by("pk"))

    def entries() -> list:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT object_id, title::text, autocomplete::text, body::text, title_text, body_text "
                    "FROM wagtailsearch_indexentry ORDER BY object_id"
                )
            else:
                cursor.execute("SELECT object_id, title, body FROM wagtailsearch_indexentry ORDER BY object_id")
            return cursor.fetchall()

    ours = entries()
    for backend in get_search_backends():
        backend.add_bulk(GeneratedResourcePage, pages)
    assert ours == entries() and len(ours) == 2
