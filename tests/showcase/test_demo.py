"""The showcase demo loader (called by ``load_demo``) builds cases from library resources."""

import io
import json
import subprocess

import pytest
from PIL import Image

from django.test import Client

from home.lesson_video import PHASE_COLOURS
from home.models import Grade, Stage, Subject
from showcase.demo import WANTED_CASES, load_demo
from showcase.models import ShowcaseCasePage
from tests.factories import GeneratedResourcePageFactory, SchoolFactory, region

pytestmark = pytest.mark.django_db


def test_loader_builds_cases_from_existing_designs_and_is_idempotent(library, showcase):
    tianjin = SchoolFactory(name="天津市第一中学", region=region("天津市/和平区"))
    hebei = SchoolFactory(name="保定市第一中学", region=region("河北省/保定市/竞秀区"))
    ours = [
        GeneratedResourcePageFactory(
            parent=library, title=f"《春》教学设计（{school.name}）", school=school, region=school.region
        )
        for school in (tianjin, hebei)
    ]
    out = io.StringIO()
    load_demo(stdout=out)
    cases = ShowcaseCasePage.objects.live().order_by("path")
    assert cases.count() == WANTED_CASES
    spring = cases.get(lesson_title="春")  # 津冀 lessons come first
    assert {d.teaching_design_id for d in spring.designs.all()} == {p.pk for p in ours}
    for case in cases:
        designs = case.get_designs()
        assert len(designs) >= 2
        assert all(d.recording and d.objectives and d.phases and d.assessment for d in designs)
        assert all(d.public_courseware and d.public_reflection for d in designs)
        assert len({d.school.pk for d in designs}) == len(designs)
        assert case.expert_commentary
    assert cases.filter(featured=True).count() == 2
    assert "/showcase/" in out.getvalue() and "compare/" in out.getvalue()

    load_demo(stdout=io.StringIO())
    assert ShowcaseCasePage.objects.count() == WANTED_CASES


def test_each_case_is_taught_the_way_its_subject_is(library, showcase):
    chinese, primary = Subject.objects.get(name="语文"), Stage.objects.get(name="小学")
    fifth = Grade.objects.get(stage=primary, name="五年级")
    schools = [
        SchoolFactory(name="天津市和平区万全小学", region=region("天津市/和平区")),
        SchoolFactory(name="保定市竞秀区东风小学", region=region("河北省/保定市/竞秀区")),
    ]
    for school in schools:
        GeneratedResourcePageFactory(
            parent=library,
            title=f"《圆明园的毁灭》教学设计（{school.name}）",
            school=school,
            region=school.region,
            subject=chinese,
            stage=primary,
            grade=fifth,
        )
        GeneratedResourcePageFactory(  # 初中数学 by default
            parent=library,
            title=f"《勾股定理》教学设计（{school.name}）",
            school=school,
            region=school.region,
            grade=Grade.objects.get(stage__name="初中", name="八年级"),
        )
    load_demo(stdout=io.StringIO())

    yuan = ShowcaseCasePage.objects.get(lesson_title="圆明园的毁灭")
    assert (yuan.subject.name, yuan.grade.name, yuan.textbook_edition, yuan.unit) == (
        "语文",
        "五年级",
        "统编版",
        "第四单元",
    )
    reading = " ".join(d.key_activities + d.objectives + d.assessment for d in yuan.designs.all())
    assert "朗读" in reading and "批注" in reading
    assert not any(word in reading for word in ("例题", "数学", "猜想", "验证"))
    assert "课文" in yuan.expert_commentary
    # The designs' courseware and reflection are written about the lesson, like the library's works.
    for design in yuan.get_designs():
        assert "《圆明园的毁灭》" in design.public_courseware.summary + design.public_reflection.summary
        assert design.public_reflection.subject == chinese

    pythagoras = ShowcaseCasePage.objects.get(lesson_title="勾股定理")
    assert (pythagoras.grade.name, pythagoras.textbook_edition, pythagoras.unit) == (
        "八年级",
        "人教版",
        "第十七章 勾股定理",
    )
    maths = " ".join(d.key_activities for d in pythagoras.designs.all())
    assert "例题" in maths and "朗读" not in maths

    for case in ShowcaseCasePage.objects.live():
        html = Client().get(case.url).content.decode()
        assert "演示" not in html and "体验审核" not in html


@pytest.mark.requires_service("ffmpeg")
def test_demo_recordings_last_as_long_as_their_lessons_and_show_each_phase(library, showcase, settings, tmp_path):
    """Phase bars and slices can only be tried on a lesson-length recording: each demo design's
    video lasts its lesson's minutes (ffprobe of the stored file), and a frame from inside a
    phase is drawn in that phase's colour."""
    settings.DEMO_MEDIA_CACHE = tmp_path / "cache"
    load_demo(stdout=io.StringIO())
    design = ShowcaseCasePage.objects.live().first().get_designs()[0]
    media = design.recording
    probe = json.loads(
        subprocess.run(
            ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "json", media.file.path],
            capture_output=True,
            check=True,
        ).stdout
    )
    seconds = float(probe["format"]["duration"])
    assert seconds == design.total_minutes * 60 >= 10 * 60
    assert media.duration == seconds
    # One second into the second phase, the picture is that phase's colour (the phase bars' palette).
    second = design.phases[1]
    at = design.phases[0]["minutes"] * 60 + 1
    frame = subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-ss",
            str(at),
            "-i",
            media.file.path,
            "-frames:v",
            "1",
            "-f",
            "image2pipe",
            "-vcodec",
            "png",
            "-",
        ],
        capture_output=True,
        check=True,
    ).stdout
    corner = Image.open(io.BytesIO(frame)).convert("RGB").getpixel((4, 60))
    expected = tuple(int(PHASE_COLOURS[second["kind"]][i : i + 2], 16) for i in (2, 4, 6))
    assert all(abs(a - b) < 24 for a, b in zip(corner, expected, strict=True))
