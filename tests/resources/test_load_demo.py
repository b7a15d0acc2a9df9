"""load_demo builds a realistic Chinese portal, idempotently."""

import io
import re

import pytest

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import RequestFactory

from home.models import Region, Role, School, TeacherProfile
from home.taxonomy_data import GRADES
from resources import demo_corpus
from resources.models import GeneratedResourcePage, ResourceAttachment, ResourceKind
from showcase.models import ShowcaseCasePage

pytestmark = pytest.mark.django_db


def load(**options) -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out, **options)
    return out.getvalue()


def test_load_demo_builds_the_portal_and_is_idempotent(client):
    output = load()
    counts = (
        GeneratedResourcePage.objects.count(),
        School.objects.count(),
        get_user_model().objects.count(),
        ResourceAttachment.objects.count(),
    )
    assert counts[0] >= 300
    assert counts[1] >= 20
    for path in ("河北省", "天津市", "湖南省", "重庆市/潼南区", "湖南省/长沙市/岳麓区"):
        assert Region.objects.filter(path=path).exists(), path
    for role in Role:
        assert TeacherProfile.objects.filter(role=role).exists(), role
    # Works of every kind (课堂实录 among them: the 典型案例 of the demo's finished 课堂诊断),
    # subjects and stages, with Chinese titles.
    assert GeneratedResourcePage.objects.values("kind").distinct().count() == len(ResourceKind)
    assert GeneratedResourcePage.objects.values("stage").distinct().count() == 5
    assert GeneratedResourcePage.objects.values("subject").distinct().count() >= 15
    assert all("\u4e00" <= ch <= "\u9fff" for ch in GeneratedResourcePage.objects.first().title[:1] if ch.isalpha())
    # The logins are printed.
    for username in ("admin", "editor_hunan", "county_yuelu", "school_yuelu1", "rtpt2026"):
        assert username in output

    load()
    assert (
        GeneratedResourcePage.objects.count(),
        School.objects.count(),
        get_user_model().objects.count(),
        ResourceAttachment.objects.count(),
    ) == counts

    # A visitor browses, opens a work and downloads its attachment.
    assert client.get("/").status_code == 200
    listing = client.get("/library/", {"stage": "初中", "subject": "数学"})
    assert listing.status_code == 200 and listing.context["resources"].paginator.count > 0
    attachment = ResourceAttachment.objects.filter(page__live=True).select_related("page", "document").first()
    page = client.get(attachment.page.url)
    assert attachment.document.url in page.content.decode()
    download = client.get(attachment.document.url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content)[:2] == b"PK"  # a real .docx (zip) file


def test_demo_teacher_can_log_in_to_the_admin(client):
    load(resources=20)
    profile = TeacherProfile.objects.filter(role=Role.TEACHER, school__name="长沙市岳麓区第一小学").first()
    # django-axes checks every sign-in against its request, as a browser sign-in has one.
    assert client.login(
        request=RequestFactory().post("/admin/login/"), username=profile.user.username, password="rtpt2026"
    )
    assert client.get("/admin/").status_code == 200


# --- what a Chinese teacher reading the demo would notice ------------------------------------------

CHINESE_ACTIVITIES = ("朗读", "品读", "批注", "课文")
DEVELOPER_WORDS = ("演示", "体验审核", "测试")


def test_textbook_lessons_carry_their_real_subject_grade_and_edition():
    expected = {
        ("小学", "语文", "秋天的雨"): ("三年级", "上册", "统编版"),
        ("小学", "语文", "观潮"): ("四年级", "上册", "统编版"),
        ("小学", "语文", "圆明园的毁灭"): ("五年级", "上册", "统编版"),
        ("初中", "数学", "勾股定理"): ("八年级", "下册", "人教版"),
    }
    for (stage, subject, name), (grade, book, edition) in expected.items():
        lesson = demo_corpus.find_lesson(stage, subject, name)
        assert lesson is not None, name
        assert (lesson["grade"], lesson["book"], lesson["edition"]) == (grade, book, edition), name
    # No lesson is filed under two subjects: 《秋天的雨》 and 《观潮》 are 语文 only.
    for name in ("秋天的雨", "观潮", "圆明园的毁灭"):
        assert {(row["stage"], row["subject"]) for row in demo_corpus.LESSONS if row["name"] == name} == {
            ("小学", "语文")
        }


def test_every_demo_work_agrees_with_its_lesson():
    lesson_subjects: dict[str, set] = {}
    for row in demo_corpus.LESSONS:
        lesson_subjects.setdefault(row["name"].replace("〈", "《").replace("〉", "》"), set()).add(row["subject"])
    works = list(demo_corpus.generate_works(360, seed=2026)) + list(demo_corpus.generate_works(1500, seed=7))
    for record, lesson in works:
        label = (record["external_id"], record["title"])
        assert (record["stage"], record["subject"], record["grade"]) == (
            lesson["stage"],
            lesson["subject"],
            lesson["grade"],
        ), label
        # A title names only lessons of its own subject, and only its own grade.
        for name in re.findall(r"《([^《》]+)》", record["title"]):
            assert record["subject"] in lesson_subjects.get(name, {record["subject"]}), label
        other_grades = [g for g in GRADES[record["stage"]] if g != record["grade"]]
        assert not any(g in record["title"] or g in record["summary"] for g in other_grades), label
        text = " ".join((record["title"], record["summary"], record["body"], *record["tags"]))
        assert not any(word in text for word in DEVELOPER_WORDS), label
        if record["stage"] == "幼儿园":
            assert "学生" not in record["body"].replace("小学生", "") and "课堂" not in text, label


def test_chinese_and_math_designs_teach_their_own_subject():
    designs = [r for r, _ in demo_corpus.generate_works(1500, seed=7) if r["kind"] == "teaching_design"]
    chinese = [r for r in designs if r["subject"] == "语文" and r["stage"] != "高中"]
    math = [r for r in designs if r["subject"] == "数学"]
    assert chinese and math
    # 语文 lessons are read aloud, savoured and annotated; a 数学 lesson never is.
    assert sum(any(word in r["body"] for word in CHINESE_ACTIVITIES) for r in chinese) >= 0.9 * len(chinese)
    assert not [r["title"] for r in math if any(word in r["body"] for word in ("朗读", "品读", "批注"))]
    assert not [r["title"] for r in chinese if any(word in r["body"] for word in ("例题", "几何画板", "数学思想"))]


def test_public_pages_after_load_demo_read_like_a_real_portal(client):
    load(resources=40)
    # The review works are about real lessons, filed under their real subject and grade.
    for external_id, subject, grade in (
        ("review-demo-declined", "语文", "三年级"),  # 《秋天的雨》
        ("review-demo-in-review", "语文", "四年级"),  # 《观潮》
        ("review-demo-province", "语文", "五年级"),  # 《草船借箭》
        ("review-demo-in-review-old", "数学", "六年级"),  # 《圆的面积》
    ):
        work = GeneratedResourcePage.objects.select_related("subject", "grade").get(external_id=external_id)
        assert (work.subject.name, work.grade.name) == (subject, grade), work.title
    # Nothing written for the developers shows on a public page.
    pages = ["/", "/library/", "/showcase/", "/courses/", "/workshops/", "/search/?q=教学设计"]
    pages += [p.url for p in GeneratedResourcePage.objects.live().public().order_by("-recommendation_level", "pk")[:12]]
    pages += [case.url for case in ShowcaseCasePage.objects.live()]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for word in ("演示", "体验审核"):
            assert word not in html, (url, word)
    # A 语文 同课异构 case (a small library falls back to 《赵州桥》) is taught as 语文 is.
    cases = ShowcaseCasePage.objects.filter(subject__name="语文").select_related("stage", "grade")
    assert cases
    for case in cases:
        lesson = demo_corpus.find_lesson(case.stage.name, "语文", case.lesson_title)
        assert (case.textbook_edition, case.grade.name) == ("统编版", lesson["grade"]), case.title
        activities = " ".join(d.key_activities + d.objectives for d in case.designs.all())
        assert any(word in activities for word in CHINESE_ACTIVITIES), case.title
        assert "例题" not in activities and "数学" not in activities, case.title
