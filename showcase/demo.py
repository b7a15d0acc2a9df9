"""Demo content of the 同课异构 showcase, called by ``manage.py load_demo`` (``demo_loader`` on
the AppConfig) after regions, schools, users and library resources exist.

Cases are built from what the library already holds: published teaching designs of the same
lesson (课题) in different schools, with their schools' courseware and reflection on that
lesson when there are some. When the library has too few such lessons (a small demo corpus),
the missing designs are imported first, through the same import service as everything else.
Each design gets one of the tiny committed recordings in ``demo_media/``. Idempotent: a lesson
that already has a case is left as it is.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from home.models import Grade, Stage, Subject
from resources.services import resources_import

from .models import ShowcaseCasePage
from .selectors import SameLesson, companion_resources, same_lesson_groups
from .services import case_create, recording_get_or_create, showcase_index_get_or_create

DEMO_MEDIA = Path(__file__).resolve().parent / "demo_media"
WANTED_CASES = 3
FEATURED_CASES = 2

# Three ways of teaching the same lesson; each design of a case takes the next one.
FLAVOURS = [
    {
        "label": "情境探究版",
        "highlight": "以真实情境引出问题，学生自主探究、归纳结论",
        "objectives": "在“{lesson}”的真实情境中提出问题，经历观察、猜想、验证的探究过程；能用自己的话说明本课的核心概念，并解决一个情境中的实际问题。",
        "activities": "创设情境：从生活中的一个现象提出问题\n自主探究：小组动手操作，记录发现\n全班交流：对比各组结论，归纳“{lesson}”的要点\n迁移应用：回到情境解决开头的问题",
        "phases": [
            ("intro", "情境导入", 5),
            ("explore", "自主探究", 15),
            ("cooperate", "全班交流", 10),
            ("practice", "迁移应用", 8),
            ("summary", "课堂小结", 2),
        ],
        "assessment": "观察记录单评价探究过程；出口卡两道题检测概念理解；小组互评交流表现。",
    },
    {
        "label": "任务驱动版",
        "highlight": "一条任务链贯穿全课，讲练结合、当堂达标",
        "objectives": "通过完成三个递进任务，掌握“{lesson}”的基础知识与方法；能独立完成同类练习，正确率达到八成以上。",
        "activities": "复习铺垫：回顾旧知，明确本课任务单\n任务一：示范讲解，师生共同完成例题\n任务二：学生独立练习，教师巡视个别指导\n任务三：变式练习与错例辨析",
        "phases": [
            ("intro", "复习铺垫", 4),
            ("explore", "示范讲解", 12),
            ("practice", "独立练习", 14),
            ("assess", "当堂检测", 8),
            ("summary", "小结作业", 2),
        ],
        "assessment": "任务单完成度与正确率；当堂检测五道题即时反馈；作业分层布置。",
    },
    {
        "label": "合作学习版",
        "highlight": "融入本土文化元素，小组合作展示，跨学科拓展",
        "objectives": "结合本地文化资源理解“{lesson}”，在小组合作中分工完成学习成果并展示；体会知识与家乡生活、地域文化的联系。",
        "activities": "文化导入：展示本地相关的图片或故事\n小组合作：按角色分工完成学习任务\n成果展示：各组汇报，其他组提问补充\n拓展延伸：联系家乡生活设计小课题",
        "phases": [
            ("intro", "文化导入", 6),
            ("cooperate", "小组合作", 16),
            ("assess", "成果展示", 10),
            ("extend", "拓展延伸", 6),
            ("summary", "总结提升", 2),
        ],
        "assessment": "小组合作评价量表（分工、参与、表达）；展示环节师生共评；课后小课题方案作为延伸评价。",
    },
]

COMMENTARY = (
    "<p>{count}位老师（{teachers}）执教同一课题《{lesson}》，设计各有侧重：{labels}。"
    "对比可见，情境探究把更多时间留给学生探究，任务驱动在练习巩固上更扎实，合作学习则把地域文化自然地融入课堂。</p>"
    "<p>建议：一是目标表述再具体些，写清“学生能做什么”；二是评价任务与目标一一对应；"
    "三是合理分配时间，探究与练习两头兼顾。同课异构的价值正在于此——在比较中看清自己的设计逻辑。</p>"
)
EXPERTS = [
    ("张立新", "天津市教育科学研究院 教研员"),
    ("刘春燕", "河北省教育科学研究所 学科教研员"),
    ("黄志明", "国家开放大学 教师教育学院 副教授"),
]

# Used only when the library lacks lessons designed in two or more schools.
FALLBACK_LESSONS = [
    (
        "初中",
        "数学",
        "八年级",
        "勾股定理",
        "人教版",
        "第十七章 勾股定理",
        [("天津市/和平区", "天津市第二十中学", "赵敏"), ("河北省/石家庄市/长安区", "石家庄市第二十二中学", "李娜")],
    ),
    (
        "小学",
        "语文",
        "三年级",
        "赵州桥",
        "统编版",
        "第三单元 传统文化",
        [
            ("河北省/石家庄市/长安区", "石家庄市长安区育才街小学", "王芳"),
            ("天津市/南开区", "天津市南开区中营小学", "陈静"),
        ],
    ),
    (
        "高中",
        "地理",
        "高一",
        "水循环",
        "人教版",
        "第三章 地球上的水",
        [("重庆市/沙坪坝区", "重庆市第七中学校", "周涛"), ("河北省/石家庄市/裕华区", "石家庄市第十五中学", "孙丽")],
    ),
]


def load_demo(*, stdout) -> None:
    index = showcase_index_get_or_create()
    existing = ShowcaseCasePage.objects.descendant_of(index).count()
    groups = _groups_without_case()
    if len(groups) < WANTED_CASES - existing:  # only when cases are still missing: a rerun imports nothing
        _import_fallback_designs()
        groups = _groups_without_case()
    editor = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    created = []
    for number, group in enumerate(groups[: max(0, WANTED_CASES - existing)]):
        with transaction.atomic():
            created.append(_case_for(group, index=index, number=existing + number, user=editor))
    cases = ShowcaseCasePage.objects.live().descendant_of(index).order_by("path")
    stdout.write(f"同课异构：新建案例 {len(created)} 个，共 {cases.count()} 个（{index.url}）。\n")
    first = cases.first()
    if first is not None:
        stdout.write(
            f"  看看案例页 {first.url} 与并排对比 {first.url}{first.reverse_subpage('compare')}（两段实录可同时播放）。\n"
        )


def _groups_without_case() -> list[SameLesson]:
    taken = set(ShowcaseCasePage.objects.values_list("stage_id", "subject_id", "lesson_title"))
    return [g for g in same_lesson_groups() if (g.stage_id, g.subject_id, g.name) not in taken]


def _import_fallback_designs() -> None:
    records = []
    for stage, subject, grade, lesson, _edition, _unit, teachers in FALLBACK_LESSONS:
        for n, (region, school, author) in enumerate(teachers, 1):
            records.append(
                {
                    "external_id": f"showcase-demo-{stage}-{subject}-{lesson}-{n}",
                    "kind": "teaching_design",
                    "title": f"《{lesson}》教学设计（{school}）",
                    "summary": f"{school}{author}老师的《{lesson}》教学设计，参加跨区域同课异构研讨。",
                    "body": f"一、教学目标\n\n理解《{lesson}》的核心内容。\n\n二、教学过程\n\n情境导入、探究新知、练习巩固、总结提升。",
                    "subject": subject,
                    "stage": stage,
                    "grade": grade,
                    "region": region,
                    "school": school,
                    "author": author,
                    "tags": ["同课异构"],
                    "published": True,
                }
            )
    resources_import(lines=(json.dumps(r, ensure_ascii=False) for r in records), update_existing=False)


def _import_missing_companions(designs, *, lesson: str) -> None:
    """Give each demo design the courseware and reflection its teacher would have shared."""
    records = []
    for design in designs:
        have = companion_resources(design=design)
        base = {
            "subject": design.subject.name,
            "stage": design.stage.name,
            "grade": design.grade.name if design.grade_id else "",
            "region": design.region.path if design.region_id else "",
            "school": design.school.name,
            "author": design.author_display,
            "tags": ["同课异构"],
            "published": True,
        }
        if have["courseware"] is None:
            records.append(
                {
                    **base,
                    "external_id": f"showcase-demo-{design.pk}-courseware",
                    "kind": "courseware",
                    "title": f"《{lesson}》课件（{design.school.name}）",
                    "summary": f"配合《{lesson}》同课异构展示课使用的课件，含情境图片、探究任务与当堂练习。",
                    "body": f"第1页 课题《{lesson}》\n\n第2页 情境导入\n\n第3页 探究任务\n\n第4页 当堂练习",
                }
            )
        if have["reflection"] is None:
            records.append(
                {
                    **base,
                    "external_id": f"showcase-demo-{design.pk}-reflection",
                    "kind": "reflection",
                    "title": f"《{lesson}》同课异构教学反思（{design.school.name}）",
                    "summary": f"上完《{lesson}》同课异构展示课后的反思：目标达成、时间分配与改进设想。",
                    "body": "一、目标达成情况\n\n大部分学生达成了预设目标。\n\n二、改进设想\n\n探究环节的时间还可以再放开一些。",
                }
            )
    if records:
        resources_import(lines=(json.dumps(r, ensure_ascii=False) for r in records), update_existing=False)


def _case_for(group: SameLesson, *, index, number: int, user) -> ShowcaseCasePage:
    # One design per school, preferring schools of different provinces (跨区域).
    picked, seen_schools, seen_provinces = [], set(), set()
    for prefer_new_province in (True, False):
        for design in group.designs:
            province = design.region.path.split("/")[0] if design.region_id else ""
            if design.school_id in seen_schools or (prefer_new_province and province in seen_provinces):
                continue
            picked.append(design)
            seen_schools.add(design.school_id)
            seen_provinces.add(province)
            if len(picked) == len(FLAVOURS):
                break
        if len(picked) == len(FLAVOURS):
            break
    stage, subject = Stage.objects.get(pk=group.stage_id), Subject.objects.get(pk=group.subject_id)
    grade = Grade.objects.filter(pk=group.grade_id).first()
    fallback = next((f for f in FALLBACK_LESSONS if f[3] == group.name), None)
    minutes_scale = {"幼儿园": 0.75, "小学": 1.0}.get(stage.name, 1.1)
    _import_missing_companions(picked, lesson=group.name)
    designs = []
    for position, resource in enumerate(picked):
        flavour = FLAVOURS[position % len(FLAVOURS)]
        clip = DEMO_MEDIA / f"recording-{(number + position) % 4 + 1}.mp4"
        recording = recording_get_or_create(
            title=f"《{group.name}》课堂实录 · {resource.school.name}", path=clip, duration=8, width=320, height=180
        )
        designs.append(
            {
                "teaching_design": resource,
                "recording": recording,
                **companion_resources(design=resource),
                "label": flavour["label"],
                "highlight": flavour["highlight"],
                "objectives": flavour["objectives"].format(lesson=group.name),
                "key_activities": flavour["activities"].format(lesson=group.name),
                "time_allocation": [
                    {"kind": kind, "label": label, "minutes": max(1, round(minutes * minutes_scale))}
                    for kind, label, minutes in flavour["phases"]
                ],
                "assessment": flavour["assessment"],
            }
        )
    teachers = "、".join(d["teaching_design"].author_display or d["teaching_design"].school.name for d in designs)
    labels = "；".join(f"{d['teaching_design'].school.name}的“{d['label']}”" for d in designs)
    expert_name, expert_title = EXPERTS[number % len(EXPERTS)]
    places = "、".join(
        sorted({d["teaching_design"].region.path.split("/")[0] for d in designs if d["teaching_design"].region_id})
    )
    return case_create(
        index=index,
        title=f"同课异构：{stage.name}{subject.name}《{group.name}》",
        lesson={
            "subject": subject,
            "stage": stage,
            "grade": grade,
            "textbook_edition": fallback[4]
            if fallback
            else ("统编版" if subject.name in {"语文", "历史", "道德与法治"} else "人教版"),
            "unit": fallback[5] if fallback else "",
            "lesson_title": group.name,
        },
        intro=f"<p>来自{places}的 {len(designs)} 位老师执教同一课题《{group.name}》。"
        "他们结合各自的教学风格与学情作了不同的设计：看一看目标怎么定、活动怎么排、时间怎么分、效果怎么评。</p>",
        designs=designs,
        expert={
            "name": expert_name,
            "title": expert_title,
            "commentary": COMMENTARY.format(
                count="两三四"[len(designs) - 2] if 2 <= len(designs) <= 4 else len(designs),
                teachers=teachers,
                lesson=group.name,
                labels=labels,
            ),
        },
        featured=number < FEATURED_CASES,
        user=user,
    )
