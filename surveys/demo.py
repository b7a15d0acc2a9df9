"""Demo surveys for ``manage.py load_demo`` (declared as ``SurveysConfig.demo_loader``).

- 岳麓区初中数学教师专业能力诊断: an anonymous diagnosis survey by the 岳麓区 county trainer
  (county_yuelu) to 岳麓区 初中 数学 teachers. The demo corpus has no such teachers, so this
  loader adds fourteen (``yuelu_math01`` … ``yuelu_math14``, password rtpt2026) at 麓山国际
  and a second junior school, 博才实验中学; twelve have answered, two have not (发送提醒
  has someone to remind). Their answers put 作业设计 clearly below the other dimensions, and
  reach the capability baseline through ``research.services.scores_replace``.
- 工作坊研修活动反馈: a small real-name survey by the host of 岳麓区小学数学教师工作坊 to its members.

Idempotent: each survey is created only when missing.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from home.models import Region, Role, School, Stage, Subject, TeacherProfile, TeacherStage
from research.models import CapabilityDimension
from resources import demo_corpus
from workshops.models import MemberStatus, WorkshopPage

from . import selectors, services
from .models import Question, QuestionKind, Survey

DEMO_PASSWORD = "rtpt2026"  # noqa: S105 - the published demo password, as load_demo prints it
YUELU = "湖南省/长沙市/岳麓区"
DIAGNOSIS = "岳麓区初中数学教师专业能力诊断问卷"
WORKSHOP_SURVEY = "工作坊研修活动反馈"
WORKSHOP_TITLE = "岳麓区小学数学教师工作坊"
SCHOOLS = ("长沙市麓山国际实验学校", "长沙市博才实验中学")
TEACHER_STAGES = ("新教师", "合格教师", "合格教师", "骨干教师", "骨干教师", "合格教师", "名优教师")

# (kind, text, options, dimension code, help text)
DIAGNOSIS_QUESTIONS = [
    (QuestionKind.SECTION, "一、基本情况", "", None, ""),
    (QuestionKind.SINGLE, "您的教龄", "5年以下\n5–10年\n11–20年\n20年以上", None, ""),
    (
        QuestionKind.MULTIPLE,
        "您最希望参加的研修形式",
        "专家专题讲座\n课例研讨\n同课异构\n跟岗学习\n网络研修与微课",
        None,
        "可多选",
    ),
    (QuestionKind.SECTION, "二、能力自评", "", None, "请根据近一学期的实际情况作答。"),
    (QuestionKind.LIKERT, "我能依据课程标准确定单元整体教学目标", "", "lesson_design", ""),
    (QuestionKind.LIKERT, "我能设计分层、弹性的作业，满足不同学生的需要", "", "homework_design", ""),
    (
        QuestionKind.MATRIX,
        "作业设计与实施",
        "我能控制每天的作业总量与时长\n我能设计实践性、探究性作业\n我会根据作业反馈调整后续教学",
        "homework_design",
        "",
    ),
    (
        QuestionKind.MATRIX,
        "课堂教学",
        "我能创设真实的问题情境\n我能组织学生开展合作探究",
        "classroom_teaching",
        "",
    ),
    (QuestionKind.LIKERT, "我能运用观察量表诊断课堂教学问题", "", "classroom_observation", ""),
    (QuestionKind.RATING, "您对自己信息技术应用能力的评分", "", "it_application", "1 分最低，10 分最高"),
    (QuestionKind.SECTION, "三、困难与建议", "", None, ""),
    (QuestionKind.SHORT_TEXT, "您在教学中遇到的最大困难是什么？", "", None, ""),
    (QuestionKind.LONG_TEXT, "对本学期区级研修的建议", "", None, "选填"),
]
DIFFICULTIES = [
    "作业分层不知道怎么设计",
    "作业量难以控制，学生负担重",
    "实践性作业不会设计，评价也难",
    "单元整体教学设计经验不足",
    "学困生的作业辅导时间不够",
    "课堂合作探究组织不好",
    "不会利用作业数据分析学情",
    "作业批改占用大量时间，来不及研究教学",
]
SUGGESTIONS = [
    "希望多组织作业设计的案例研讨，最好有优秀作业样例。",
    "建议开设分层作业设计的专题微课。",
    "希望到名校跟岗，看看他们怎么布置和批改作业。",
    "能否请教研员来校指导作业设计，结合我们自己的教材。",
    "建议每次研修留出时间让老师们现场修改自己的作业设计。",
    "希望组织跨校的同课异构，重点比较作业环节。",
    "",
]


def _teacher(username: str, name: str, school: School, teacher_stage: TeacherStage, password: str):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username, defaults={"first_name": name, "email": f"{username}@demo.rtpt.cn"}
    )
    if created:
        user.password = password
        user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=Role.TEACHER.label))
    profile, _ = TeacherProfile.objects.get_or_create(
        user=user,
        defaults={
            "display_name": name,
            "role": Role.TEACHER,
            "school": school,
            "stage": Stage.objects.get(name="初中"),
            "teacher_stage": teacher_stage,
        },
    )
    profile.subjects.add(Subject.objects.get(name="数学"))
    return user


def _junior_math_teachers(rng: random.Random) -> list:
    region = Region.objects.get(path=YUELU)
    junior = Stage.objects.get(name="初中")
    schools = [
        School.objects.get_or_create(region=region, name=name, defaults={"stage": junior})[0] for name in SCHOOLS
    ]
    stages = {s.name: s for s in TeacherStage.objects.all()}
    password = make_password(DEMO_PASSWORD)
    return [
        _teacher(
            f"yuelu_math{i:02d}",
            demo_corpus.person_name(rng),
            schools[0] if i <= 7 else schools[1],
            stages[TEACHER_STAGES[i % len(TEACHER_STAGES)]],
            password,
        )
        for i in range(1, 15)
    ]


def _add_questions(survey: Survey, specs) -> dict[str, Question]:
    dimensions = {d.code: d for d in CapabilityDimension.objects.all()}
    questions = {}
    for order, (kind, text, options, code, help_text) in enumerate(specs):
        questions[text] = Question.objects.create(
            survey=survey,
            kind=kind,
            text=text,
            options=options,
            help_text=help_text,
            dimension=dimensions.get(code) if code else None,
            required=kind not in (QuestionKind.SECTION, QuestionKind.LONG_TEXT),
            scale_max=10 if "10 分" in help_text else 5,
            sort_order=order,
        )
    return questions


def _pick(rng: random.Random, weights: dict[int, int]) -> int:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


# Answer distributions: 作业设计 mostly 2–3 (the gap); the rest mostly 3–4 or 4–5.
WEAK = {1: 1, 2: 5, 3: 4, 4: 1}
FAIR = {2: 1, 3: 4, 4: 5, 5: 1}
GOOD = {3: 2, 4: 6, 5: 3}


def _diagnosis_answers(rng: random.Random, q: dict[str, Question]) -> dict:
    key = {text: str(question.pk) for text, question in q.items()}
    answers = {
        key["您的教龄"]: rng.choice([0, 1, 1, 2, 2, 3]),
        key["您最希望参加的研修形式"]: sorted(rng.sample(range(5), rng.choice([1, 2, 2, 3]))),
        key["我能依据课程标准确定单元整体教学目标"]: _pick(rng, FAIR),
        key["我能设计分层、弹性的作业，满足不同学生的需要"]: _pick(rng, WEAK),
        key["作业设计与实施"]: [_pick(rng, WEAK) for _ in range(3)],
        key["课堂教学"]: [_pick(rng, GOOD) for _ in range(2)],
        key["我能运用观察量表诊断课堂教学问题"]: _pick(rng, FAIR),
        key["您对自己信息技术应用能力的评分"]: rng.choice([5, 6, 6, 7, 7, 8, 8, 9]),
        key["您在教学中遇到的最大困难是什么？"]: rng.choice(DIFFICULTIES),
    }
    suggestion = rng.choice(SUGGESTIONS)
    if suggestion:
        answers[key["对本学期区级研修的建议"]] = suggestion
    return answers


def _load_diagnosis(stdout, today: date) -> None:
    trainer = get_user_model().objects.filter(username="county_yuelu").first()
    if trainer is None or Survey.objects.filter(title=DIAGNOSIS, created_by=trainer).exists():
        return
    rng = random.Random(2026)
    teachers = _junior_math_teachers(rng)
    survey = services.survey_save(
        user=trainer,
        survey=Survey(
            title=DIAGNOSIS,
            intro="为精准设计本学期区级研修，请各位老师如实填写。问卷匿名，结果仅按 5 人以上的分组汇总。约需 5 分钟。",
            anonymous=True,
            opens_on=today - timedelta(days=7),
            closes_on=today + timedelta(days=21),
            region=Region.objects.get(path=YUELU),
            stage=Stage.objects.get(name="初中"),
            subject=Subject.objects.get(name="数学"),
        ),
    )
    questions = _add_questions(survey, DIAGNOSIS_QUESTIONS)
    services.survey_publish(user=trainer, survey=survey)
    for teacher in teachers[:12]:
        services.response_submit(user=teacher, survey=survey, answers=_diagnosis_answers(rng, questions), today=today)
    stdout.write(
        f"问卷演示数据：《{DIAGNOSIS}》（匿名，county_yuelu 发起）已收 12 份答卷，"
        "另 2 位教师（yuelu_math13、yuelu_math14）尚未填写；答题教师 yuelu_math01–12 / rtpt2026。"
    )


def _load_workshop_survey(stdout, today: date) -> None:
    workshop = WorkshopPage.objects.filter(title=WORKSHOP_TITLE).first()
    if workshop is None or Survey.objects.filter(title=WORKSHOP_SURVEY, workshop=workshop).exists():
        return
    survey = services.survey_save(
        user=workshop.host,
        survey=Survey(
            title=WORKSHOP_SURVEY,
            intro="请对本月线下研修活动提出意见（实名）。",
            anonymous=False,
            opens_on=today - timedelta(days=3),
            closes_on=today + timedelta(days=11),
            workshop=workshop,
        ),
    )
    specs = [
        (QuestionKind.LIKERT, "本次活动对我的课堂教学有帮助", "", None, ""),
        (QuestionKind.SINGLE, "下次活动希望安排在", "周三下午\n周四下午\n周六上午", None, ""),
        (QuestionKind.RATING, "总体满意度", "", None, "1 分最低，5 分最高"),
        (QuestionKind.SHORT_TEXT, "本次活动最大的收获", "", None, ""),
    ]
    questions = _add_questions(survey, specs)
    services.survey_publish(user=workshop.host, survey=survey)
    rng = random.Random(17)
    members = [
        m.user
        for m in workshop.memberships.filter(status=MemberStatus.ACTIVE).select_related("user").order_by("pk")
        if selectors.in_audience(m.user, survey)
    ]
    harvests = [
        "学会了用课堂观察量表记录学生发言",
        "看到了同课异构的不同设计思路",
        "作业分层的具体做法",
        "评课有了抓手",
    ]
    for member in members[:6]:
        key = {text: str(q.pk) for text, q in questions.items()}
        answers = {
            key["本次活动对我的课堂教学有帮助"]: rng.choice([4, 4, 5, 3]),
            key["下次活动希望安排在"]: rng.choice([0, 1, 1, 2]),
            key["总体满意度"]: rng.choice([4, 5, 5]),
            key["本次活动最大的收获"]: rng.choice(harvests),
        }
        services.response_submit(user=member, survey=survey, answers=answers, today=today)
    stdout.write(f"问卷演示数据：《{WORKSHOP_SURVEY}》（实名，{WORKSHOP_TITLE}）已收 {min(6, len(members))} 份答卷。")


def load_demo(*, stdout) -> None:
    if not Region.objects.filter(path=YUELU).exists():
        stdout.write("问卷演示数据：没有岳麓区，跳过。")
        return
    today = date.today()
    _load_diagnosis(stdout, today)
    _load_workshop_survey(stdout, today)
    stdout.write(
        "  county_yuelu / rtpt2026：我的问卷 → 查看结果（逐题图表、按学校/发展阶段交叉分析、导出、发送提醒）。"
    )
