"""Demo content of 跟以固效, loaded by ``manage.py load_demo`` (``FollowupConfig.demo_loader``).

A 岳麓区 training project with the demo teachers of 岳麓区, two courses and the 岳麓区
workshops; anonymous evaluations (the project with 8 answers shows its results, a course with 3
shows the ≥ 5 rule); 李红梅 (school_yuelu1) mentoring three teachers with notes and tasks; and
works of the 3个1 kinds in a realistic mix of review states. Idempotent: the project is found by
name, evaluations are only added for those who have not evaluated, works by external id.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from home.models import Grade, Region, Role, School, Stage, Subject, TeacherProfile
from resources.models import GeneratedResourcePage, ResourceIndexPage, ResourceKind
from resources.review import services as review_services
from resources.review.models import ReviewStatus
from resources.services import body_from_plain_text
from training.models import CoursePage, Enrolment
from workshops.models import WorkshopPage

from .models import FollowUpTask, GuidanceNote, MentorAssignment, TaskKind, TrainingProject
from .services import evaluation

YUELU = "湖南省/长沙市/岳麓区"
SCHOOL = "长沙市岳麓区第一小学"
PROJECT = "岳麓区青年教师“研训践跟”一体化提升项目"
MENTOR = "school_yuelu1"
COMMENTS = [
    "专家讲座与课例研讨结合紧密，回校就能用。",
    "希望增加分学科的作业设计实操。",
    "线下观课安排合理，评课量表很实用。",
    "",
    "单元整体教学设计的模板可以再精简一些。",
    "导师反馈及时，返岗实践有方向。",
    "",
    "建议把优秀案例汇编发给参训教师。",
]
SCORES = [(5, 5), (4, 5), (5, 4), (4, 4), (3, 4), (5, 5), (4, 3), (5, 4)]
COURSE_SCORES = [(4, 4, "课程视频清晰，测验难度合适。"), (3, 4, ""), (5, 5, "案例贴近课堂。")]
# 3个1 works per teacher index: (kind, final state); the rest of the kinds stay 未提交.
THREE_PLAN = {
    0: [("unit_case", "approved"), ("research_plan", "approved"), ("training_summary", "approved")],
    1: [("unit_case", "approved"), ("research_plan", "in_review"), ("training_summary", "draft")],
    2: [("unit_case", "approved"), ("research_plan", "changes_requested")],
    3: [("unit_case", "in_review"), ("training_summary", "approved")],
    4: [("unit_case", "rejected")],
    5: [("research_plan", "approved"), ("training_summary", "in_review")],
}
THREE_TITLES = {
    "unit_case": "“认识分数”单元整体教学案例",
    "research_plan": "“作业设计提质增效”主题式校本研修实施方案",
    "training_summary": "青年教师提升项目研修总结",
}


def _teachers() -> list:
    """The demo teachers of 岳麓区, those of 长沙市岳麓区第一小学 first."""
    profiles = TeacherProfile.objects.filter(role=Role.TEACHER, school__region__path=YUELU).select_related(
        "user", "school"
    )
    ordered = sorted(profiles, key=lambda p: (p.school.name != SCHOOL, p.user.username))
    return [p.user for p in ordered[:12]]


def _reviewer(teacher):
    """A school trainer of the teacher's school: the school review's first level."""
    profile = (
        TeacherProfile.objects.filter(role=Role.SCHOOL_TRAINER, school_id=teacher.profile.school_id)
        .select_related("user")
        .order_by("user__username")
        .first()
    )
    return profile.user if profile else None


def _work(library, *, teacher, kind: str, state: str) -> None:
    key = f"followup-demo-{teacher.username}-{kind}"
    if GeneratedResourcePage.objects.filter(external_id=key).exists():
        return
    profile = teacher.profile
    school = profile.school
    name = profile.display_name or teacher.username
    title = f"{THREE_TITLES[kind]}（{name}）"
    body = f"{title}\n\n作者：{school.name} {name}。\n\n本成果为培训项目“3个1”要求的成果之一，结合本校学情完成。"
    stage = profile.stage or Stage.objects.get(name="小学")
    subject = profile.subjects.first() or Subject.objects.get(name="数学")
    page = GeneratedResourcePage(
        title=title,
        slug=key,
        external_id=key,
        kind=kind,
        summary=f"{name}在“研训践跟”项目中完成的{ResourceKind(kind).label}。",
        body=body_from_plain_text(body),
        subject=subject,
        stage=stage,
        grade=Grade.objects.filter(stage=stage).first(),
        school=school,
        region=school.region,
        author=teacher,
        owner=teacher,
        author_name=name,
        live=False,
        review_status=ReviewStatus.DRAFT,
    )
    library.add_child(instance=page)
    page.save_revision(user=teacher)
    if state == "draft":
        return
    page.refresh_from_db()
    page.get_workflow().start(page, teacher)
    trainer = _reviewer(teacher)
    if state == "in_review" or trainer is None:
        return
    page.refresh_from_db()
    action = {"approved": "approve", "changes_requested": "reject", "rejected": "refuse"}[state]
    comment = {"approved": "", "changes_requested": "请补充课时作业设计。", "rejected": "与项目主题不符。"}[state]
    review_services.resource_review_decide(
        task_state=page.current_workflow_task_state, user=trainer, action=action, comment=comment
    )


def load_demo(*, stdout=None) -> None:
    User = get_user_model()
    region = Region.objects.filter(path=YUELU).first()
    teachers = _teachers()
    mentor = User.objects.filter(username=MENTOR).first()
    if region is None or len(teachers) < 8 or mentor is None or not School.objects.filter(name=SCHOOL).exists():
        return
    county = User.objects.filter(username="county_yuelu").first()
    courses = list(CoursePage.objects.live().order_by("pk")[:2])
    workshops = list(WorkshopPage.objects.live().filter(region=region).order_by("pk")[:1])
    project, created = TrainingProject.objects.get_or_create(
        name=PROJECT,
        defaults={
            "year": timezone.localdate().year,
            "region": region,
            "organiser": "岳麓区教师发展中心",
            "description": "面向入职五年内的青年教师：先诊断需求，再按课程与工作坊施训，返岗实践由导师跟踪，以“3个1”成果检验成效。",
            "created_by": county,
        },
    )
    if created:
        project.participants.set(teachers)
        project.courses.set(courses)
        project.workshops.set(workshops)
    # A second, smaller project so that the grade table compares more than one line.
    other, created = TrainingProject.objects.get_or_create(
        name="岳麓区作业设计专题培训",
        defaults={
            "year": timezone.localdate().year,
            "region": region,
            "organiser": "岳麓区教研室",
            "created_by": county,
        },
    )
    if created:
        other.participants.set(teachers[:4])
    # Evaluations: the project itself reaches 8 answers, the first course only 3 (the ≥ 5 rule).
    for teacher, (s, e), comment in zip(teachers, SCORES, COMMENTS, strict=False):
        target = evaluation.target_of(kind="project", target_id=project.pk)
        if not evaluation.has_evaluated(user=teacher, target=target):
            evaluation.evaluation_submit(
                user=teacher, kind="project", target_id=project.pk, satisfaction=s, effectiveness=e, comment=comment
            )
    if courses:
        course = courses[0]
        for teacher, (s, e, comment) in zip(teachers[:3], COURSE_SCORES, strict=True):
            Enrolment.objects.get_or_create(course=course, teacher=teacher)
            target = evaluation.target_of(kind="course", target_id=course.pk)
            if not evaluation.has_evaluated(user=teacher, target=target):
                evaluation.evaluation_submit(
                    user=teacher, kind="course", target_id=course.pk, satisfaction=s, effectiveness=e, comment=comment
                )
    _mentoring(project, mentor, county, teachers)
    library = ResourceIndexPage.objects.order_by("depth", "pk").first()
    if library is not None:
        for index, plan in THREE_PLAN.items():
            for kind, state in plan:
                _work(library, teacher=teachers[index], kind=kind, state=state)
    if stdout is not None:
        stdout.write(f"跟踪与评价：培训项目“{PROJECT}”，{len(teachers)} 位参训教师，导师 {MENTOR} 跟踪 3 位学员。")


def _mentoring(project, mentor, county, teachers) -> None:
    today = timezone.localdate()
    mentees = teachers[:3]
    for n, mentee in enumerate(mentees):
        assignment, created = MentorAssignment.objects.get_or_create(
            mentor=mentor,
            mentee=mentee,
            project=project,
            defaults={"since": today - datetime.timedelta(days=40), "created_by": county},
        )
        if not created:
            continue
        GuidanceNote.objects.create(
            assignment=assignment,
            body="观课发现：小组合作前的独立思考时间偏短，建议每个探究任务先留 2 分钟独立尝试，再组内交流。",
            created_at=timezone.now() - datetime.timedelta(days=20),
        )
        if n == 0:
            GuidanceNote.objects.create(
                assignment=assignment, body="单元整体教学案例已通过校内审核，下一步可尝试申报县级推优。"
            )
        FollowUpTask.objects.create(
            assignment=assignment,
            kind=TaskKind.PRACTICE,
            title="返岗上一节单元起始课并录制课堂实录",
            details="运用培训中的单元整体教学设计方法，课后写 500 字反思。",
            due_on=today + datetime.timedelta(days=14 + 7 * n),
        )
        done = FollowUpTask.objects.create(
            assignment=assignment,
            title="完成一份分层作业设计",
            due_on=today - datetime.timedelta(days=5),
        )
        if n < 2:
            done.done_at = timezone.now() - datetime.timedelta(days=6)
            done.done_note = "已在本班试用三层作业，学困生完成率明显提高。"
            done.save()
