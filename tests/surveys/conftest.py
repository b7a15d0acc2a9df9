"""A small world for survey tests: 岳麓区 with two junior schools and a primary school,
芙蓉区 beside it; a county trainer, school trainers, an editor, a workshop host and teachers.

``junior_math(n, school)`` makes n 初中数学 teachers; ``survey(...)`` builds a published
survey with one question of each kind, the Likert and matrix questions tagged 作业设计.
"""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from home.models import Stage, Subject, TeacherProfile, TeacherStage
from research.models import CapabilityDimension
from surveys.models import Question, QuestionKind, Survey
from tests.factories import SchoolFactory, UserFactory, region
from tests.workshops.conftest import add_member, make_workshop
from workshops.models import Visibility, WorkshopIndexPage

TODAY = date.today()


@pytest.fixture
def world(db):
    yuelu = region("湖南省/长沙市/岳麓区")
    furong = region("湖南省/长沙市/芙蓉区")
    junior, primary = Stage.objects.get(name="初中"), Stage.objects.get(name="小学")
    math, chinese = Subject.objects.get(name="数学"), Subject.objects.get(name="语文")
    school_a = SchoolFactory(name="岳麓A中学", region=yuelu, stage=junior)
    school_b = SchoolFactory(name="岳麓B中学", region=yuelu, stage=junior)
    school_p = SchoolFactory(name="岳麓小学", region=yuelu, stage=primary)
    school_f = SchoolFactory(name="芙蓉中学", region=furong, stage=junior)
    counter = iter(range(1, 10_000))

    def user(role, *, school=None, region=None, stage=None, subject=None, teacher_stage=None, username=None):
        person = UserFactory(
            username=username or f"u{next(counter)}", role=role, role__school=school, role__region=region
        )
        profile = TeacherProfile.objects.get(user=person)
        profile.display_name = person.username
        profile.stage = stage
        profile.teacher_stage = teacher_stage or TeacherStage.objects.get(name="合格教师")
        profile.save()
        if subject:
            profile.subjects.add(subject)
        return person

    def junior_math(n, school, **kwargs):
        return [user("teacher", school=school, stage=junior, subject=math, **kwargs) for _ in range(n)]

    w = SimpleNamespace(
        yuelu=yuelu,
        furong=furong,
        junior=junior,
        primary=primary,
        math=math,
        chinese=chinese,
        school_a=school_a,
        school_b=school_b,
        school_p=school_p,
        school_f=school_f,
        user=user,
        junior_math=junior_math,
        county=user("county_trainer", region=yuelu, username="county_yuelu"),
        county_furong=user("county_trainer", region=furong, username="county_furong"),
        city_editor=user("editor", region=yuelu.parent, username="editor_changsha"),
        school_trainer_a=user("school_trainer", school=school_a, username="school_a"),
        school_trainer_b=user("school_trainer", school=school_b, username="school_b"),
        primary_chinese=user("teacher", school=school_p, stage=primary, subject=chinese, username="primary_chinese"),
        furong_math=user("teacher", school=school_f, stage=junior, subject=math, username="furong_math"),
    )
    w.host = user("teacher", school=school_a, stage=junior, subject=math, username="host_teacher")
    w.workshop = make_workshop(
        WorkshopIndexPage.objects.get(), title="岳麓数学坊", host=w.host, visibility=Visibility.MEMBERS, region=yuelu
    )
    w.member = user("teacher", school=school_p, stage=primary, subject=chinese, username="ws_member")
    add_member(w.workshop, w.member)
    return w


def build_survey(*, by, anonymous=True, published=True, opens_on=None, closes_on=None, **audience) -> Survey:
    survey = Survey.objects.create(
        title="初中数学教师需求诊断",
        anonymous=anonymous,
        opens_on=opens_on or TODAY - timedelta(days=1),
        closes_on=closes_on or TODAY + timedelta(days=10),
        published=published,
        created_by=by,
        **audience,
    )
    homework = CapabilityDimension.objects.get(code="homework_design")
    lesson = CapabilityDimension.objects.get(code="lesson_design")
    specs = [
        (QuestionKind.SECTION, "一、基本情况", "", None),
        (QuestionKind.SINGLE, "您的教龄", "5年以下\n5–15年\n15年以上", None),
        (QuestionKind.MULTIPLE, "您希望参加的研修形式", "专家讲座\n课例研讨\n同课异构", None),
        (QuestionKind.LIKERT, "我能设计分层作业", "", homework),
        (QuestionKind.RATING, "教学设计能力自评", "", lesson),
        (QuestionKind.MATRIX, "作业设计", "控制作业总量\n设计实践性作业", homework),
        (QuestionKind.SHORT_TEXT, "最大的困难", "", None),
        (QuestionKind.LONG_TEXT, "其他建议", "", None),
    ]
    for order, (kind, text, options, dimension) in enumerate(specs):
        Question.objects.create(
            survey=survey,
            kind=kind,
            text=text,
            options=options,
            dimension=dimension,
            required=kind not in (QuestionKind.SECTION, QuestionKind.LONG_TEXT),
            sort_order=order,
        )
    return survey


def answer_post(survey, *, likert=2, rating=4, matrix=(1, 2), text="作业分层难", choice=0):
    """The POST body of a complete answer to ``build_survey``'s questions."""
    q = {question.text: question.pk for question in survey.questions.all()}
    return {
        f"q{q['您的教龄']}": str(choice),
        f"q{q['您希望参加的研修形式']}": ["0", "2"],
        f"q{q['我能设计分层作业']}": str(likert),
        f"q{q['教学设计能力自评']}": str(rating),
        f"q{q['作业设计']}_0": str(matrix[0]),
        f"q{q['作业设计']}_1": str(matrix[1]),
        f"q{q['最大的困难']}": text,
    }


def submit(survey, user, **answers):
    """Answer through the answer form and the service, as the portal page does."""
    from surveys.forms import AnswerForm
    from surveys.services import response_submit

    form = AnswerForm(answer_post(survey, **answers), questions=survey.questions.all())
    assert form.is_valid(), form.errors
    return response_submit(user=user, survey=survey, answers=form.answers())
