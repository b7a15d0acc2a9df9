"""Showcase fixtures: a 同课异构 case made of library resources, built through the service."""

from pathlib import Path

import pytest

from home.consent import consent_record
from home.models import RecordingAudience
from showcase.models import ShowcaseIndexPage
from showcase.services import case_create, recording_get_or_create
from tests.factories import GeneratedResourcePageFactory, SchoolFactory, region

DEMO_MEDIA = Path(__file__).resolve().parents[2] / "showcase" / "demo_media"

FLAVOURS = [
    ("情境探究版", [("intro", "情境导入", 5), ("explore", "拼图探究", 20), ("summary", "小结", 5)]),
    ("任务驱动版", [("intro", "复习", 5), ("practice", "练习", 30), ("assess", "检测", 10)]),
    ("合作学习版", [("cooperate", "小组合作", 25), ("summary", "展示小结", 15)]),
]


@pytest.fixture
def showcase(db) -> ShowcaseIndexPage:
    return ShowcaseIndexPage.objects.get()


def design_resources(library, *, school, lesson="勾股定理", author="赵敏", live=True, **taxonomy):
    """A teacher's teaching design, courseware and reflection of one lesson, in the library."""
    common = {
        "parent": library,
        "school": school,
        "region": school.region,
        "author_name": author,
        "live": live,
        **taxonomy,
    }
    return {
        "teaching_design": GeneratedResourcePageFactory(title=f"《{lesson}》教学设计（{school.name}）", **common),
        "courseware": GeneratedResourcePageFactory(
            title=f"《{lesson}》课件（{school.name}）", kind="courseware", **common
        ),
        "reflection": GeneratedResourcePageFactory(
            title=f"《{lesson}》教学反思（{school.name}）", kind="reflection", **common
        ),
    }


def recording(title: str, clip: int = 1, *, public: bool = True):
    """A case's recording; with public consent unless ``public=False`` (then none is recorded,
    which keeps it inside its group: ``home.consent``)."""
    item = recording_get_or_create(
        title=title, path=DEMO_MEDIA / f"recording-{clip}.mp4", duration=8, width=320, height=180
    )
    if public:
        consent_record(item, consent_audience=RecordingAudience.PUBLIC, visibility=RecordingAudience.PUBLIC)
    return item


def make_case(
    library, showcase, *, designs=2, lesson="勾股定理", featured=False, publish=True, places=None, **taxonomy
):
    """A case of ``designs`` designs (schools in 天津, 河北, 湖南); ``subject``/``stage`` objects optional."""
    places = places or [
        ("天津市/和平区", "天津市第二十中学", "赵敏"),
        ("河北省/石家庄市/长安区", "石家庄市第二十二中学", "李娜"),
        ("湖南省/长沙市/岳麓区", "长沙市麓山国际实验学校", "王强"),
    ]
    built = []
    for n, (path, school_name, author) in enumerate(places[:designs]):
        school = SchoolFactory(name=school_name, region=region(path))
        label, phases = FLAVOURS[n]
        built.append(
            {
                **design_resources(library, school=school, lesson=lesson, author=author, **taxonomy),
                "recording": recording(f"《{lesson}》课堂实录 · {school_name}", clip=n + 1),
                "label": label,
                "highlight": f"{label}的特色",
                "objectives": f"{label}目标：理解{lesson}",
                "key_activities": f"{label}活动一\n{label}活动二",
                "time_allocation": [{"kind": k, "label": t, "minutes": m} for k, t, m in phases],
                "assessment": f"{label}评价：出口卡",
            }
        )
    first = built[0]["teaching_design"]
    return case_create(
        index=showcase,
        title=f"同课异构：初中数学《{lesson}》",
        lesson={
            "subject": first.subject,
            "stage": first.stage,
            "grade": first.grade,
            "textbook_edition": "人教版",
            "unit": "第十七章 勾股定理",
            "lesson_title": lesson,
        },
        intro="<p>津冀两地教师执教同一课题。</p>",
        designs=built,
        expert={"name": "张立新", "title": "天津市教育科学研究院 教研员", "commentary": "<p>两份设计各有侧重。</p>"},
        featured=featured,
        publish=publish,
    )


@pytest.fixture
def case(library, showcase):
    return make_case(library, showcase, designs=3, featured=True)
