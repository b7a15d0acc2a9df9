"""Private material in every state, in one world, for the URL walks of this package.

All of it belongs to one teacher (``world.teacher``, school A1 in 岳麓区): resource works
that are a draft, in school review, returned, refused, unpublished, password-restricted and
withdrawn by their author, a draft's attachment and cover image; a members-only workshop the
teacher hosts alone, with a plan, an activity, a discussion thread, a push note, a file and a
同课异构 activity with the teacher's entry (reflection, phases, recording);
a 课堂切片诊断 of the teacher's lesson with a slice and a reply (group only);
and a video the teacher uploaded, used on a draft micro-lecture of a course. Every title is a marker:
a response that contains it shows the material.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page, PageViewRestriction, WorkflowState

from api.models import ImportJob
from resources.review.models import ReviewStatus
from tests.factories import DocumentFactory, GeneratedResourcePageFactory, attach
from tests.review.conftest import current_task_state, make_work, published, submit
from tests.review.conftest import world as world  # noqa: F401  (the fixture)
from tests.training import factories as training
from tests.trust.url_walk import Candidates, subpage_urls
from tests.workshops.conftest import make_workshop
from training.models import MicroLecturePage
from workshops import services as workshop_services
from workshops.models import SameLessonEntry, Visibility, WorkshopIndexPage

# What a marker is, which decides who besides its owner may see it (see ``private_material``).
WORK = "work"  # a resource work, its attachment or cover: the author and reviewers in scope
WORKSHOP = "workshop"  # members-only workshop material: the workshop's members
VIDEO = "video"  # the teacher's video: the teacher and those who oversee them (home.upload_scope)
COURSE = "course"  # the draft micro-lecture: course pages are site content every editor edits
IMPORT = "import"  # an editor's bulk import job (/api/v1/imports/): its owner only (the city editor)
DIAGNOSIS = "diagnosis"  # a 课堂切片诊断: the teacher's 备课组 (here the school's trainer) and the county's trainers
SURVEY = "survey"  # the teacher's survey to their workshop: its audience and those above the host


@dataclass
class PrivateMaterial:
    markers: dict[str, str]  # marker title -> WORK / WORKSHOP / VIDEO / COURSE
    candidates: Candidates
    works: list = field(default_factory=list)
    pages: list = field(default_factory=list)
    documents: list = field(default_factory=list)
    images: list = field(default_factory=list)
    media: list = field(default_factory=list)


def _works(w):
    from resources.review import services

    draft = make_work(w, title="私密标记草稿甲")
    in_review = make_work(w, title="私密标记审核中乙")
    submit(in_review)
    returned = make_work(w, title="私密标记退回丙")
    submit(returned)
    services.resource_review_decide(
        task_state=current_task_state(returned), user=w.school_trainer, action="reject", comment="请补充反思"
    )
    refused = make_work(w, title="私密标记未通过丁")
    submit(refused)
    services.resource_review_decide(
        task_state=current_task_state(refused), user=w.school_trainer, action="refuse", comment="与主题无关"
    )
    unpublished = published(w, title="私密标记已撤下戊")
    unpublished.unpublish()
    restricted = published(w, title="私密标记受限己")
    PageViewRestriction.objects.create(page=restricted, restriction_type="password", password="x")
    # Withdrawn (撤回审核): the author submits, then cancels the workflow, as Wagtail's
    # "cancel workflow" does; the work is a draft again.
    withdrawn = make_work(w, title="私密标记撤回审核壬")
    submit(withdrawn)
    withdrawn.refresh_from_db()
    withdrawn.current_workflow_state.cancel(user=w.teacher)
    document = DocumentFactory(title="私密标记附件庚", uploaded_by_user=w.teacher)
    attach(draft, document)
    image = get_image_model().objects.create(
        title="私密标记封面辛", file=get_test_image_file(), uploaded_by_user=w.teacher
    )
    draft.cover_image = image
    draft.save_revision(user=w.teacher)
    type(draft).objects.filter(pk=draft.pk).update(cover_image=image)
    pages = [draft, in_review, returned, refused, unpublished, restricted, withdrawn]
    for page in pages:
        page.refresh_from_db()
    assert refused.review_status == ReviewStatus.REJECTED
    assert withdrawn.review_status == ReviewStatus.DRAFT
    assert withdrawn.workflow_states.get().status == WorkflowState.STATUS_CANCELLED
    return pages, document, image


def _workshop(w):
    """A members-only workshop hosted by the teacher alone, with material of every kind."""
    workshop = make_workshop(
        WorkshopIndexPage.objects.get(),
        title="岳麓名师工作室",
        host=w.teacher,
        region=w.yuelu,
        visibility=Visibility.MEMBERS,
    )
    plan = workshop_services.plan_publish(
        workshop=workshop,
        actor=w.teacher,
        title="私密标记坊内计划癸",
        description="",
        phases=[{"name": "诊断阶段", "starts_on": datetime.date(2026, 9, 1), "ends_on": datetime.date(2026, 10, 1)}],
    )
    activity = workshop_services.activity_create(
        workshop=workshop,
        actor=w.teacher,
        title="私密标记坊内活动子",
        kind="observation",
        mode="offline",
        starts_at=timezone.now() + datetime.timedelta(days=3),
        hours=2,
        place="岳麓一中录播室",
    )
    thread = workshop_services.thread_create(
        workshop=workshop, author=w.teacher, title="私密标记坊内研讨丑", body="私密标记研讨正文寅"
    )
    resource = GeneratedResourcePageFactory(parent=w.library, title="公开资源：一次函数教学设计")
    workshop_services.resource_push(
        workshop=workshop, actor=w.teacher, resource_id=resource.pk, note="私密标记推送说明卯"
    )
    upload = SimpleUploadedFile("neibu.pdf", b"%PDF-1.4 internal\n%%EOF\n", content_type="application/pdf")
    item = workshop_services.workshop_file_add(
        workshop=workshop, actor=w.teacher, title="私密标记坊内文件辰", uploaded_file=upload
    )
    markers = [plan.title, activity.title, thread.title, thread.body, "私密标记推送说明卯", item.title]
    return workshop, item.document, markers, [activity.pk, thread.pk, plan.pk, item.pk]


def _same_lesson(w, workshop):
    """A 同课异构 activity of the members-only workshop with the teacher's entry: its reflection
    (workshop material, for the teacher and the hosts) and its recording (the teacher's video)."""
    activity = workshop_services.activity_create(
        workshop=workshop,
        actor=w.teacher,
        title="私密标记同课异构活动酉",
        kind="same_lesson",
        mode="offline",
        starts_at=timezone.now() + datetime.timedelta(days=3),
        hours=2,
        place="岳麓一中录播室",
    )
    recording = training.media(title="私密标记同课异构实录申")
    recording.uploaded_by_user = w.teacher
    recording.save()
    entry = SameLessonEntry.objects.create(
        activity=activity,
        teacher=w.teacher,
        recording=recording,
        time_allocation=[{"kind": "intro", "label": "私密标记环节戌", "minutes": 5}],
        objectives="私密标记教学目标亥",
        assessment="当堂检测",
        reflection="私密标记同课异构反思未",
    )
    markers = {activity.title: WORKSHOP, "私密标记环节戌": WORKSHOP, entry.objectives: WORKSHOP}
    markers |= {entry.reflection: WORKSHOP, recording.title: VIDEO}
    # Both ids sit in one URL: the walk fills slots together, so name these URLs outright.
    urls = [
        reverse(name, args=[workshop.pk, activity.pk])
        for name in ("workshops:same_lesson_entry", "workshops:same_lesson_case")
    ]
    return activity, entry, recording, markers, urls


def _video(w):
    """The teacher's video on a draft micro-lecture of a course."""
    video = training.media(title="私密标记微课视频巳")
    video.uploaded_by_user = w.teacher
    video.save()
    module = training.module(training.course(title="单元整体教学设计"))
    lecture = MicroLecturePage(
        title="私密标记草稿微课午", slug="lecture-private", video=video, quiz=training.QUIZ, live=False, owner=w.teacher
    )
    module.add_child(instance=lecture)
    lecture.save_revision(user=w.teacher)
    return lecture, video


def _diagnosis(w):
    """A diagnosis of the teacher's lesson in 备课组预诊, consent not given (the group only), with
    a slice by the school's trainer and a reply by the county's trainer. Its 教学设计 is the
    teacher's upload (seen, like the video, by those who oversee the teacher)."""
    from diagnosis import services as diagnosis_services
    from diagnosis.models import Aspect, Diagnosis, Step, StepRecord
    from home.consent import consent_record
    from home.models import Stage, Subject

    recording = training.media(title="诊断课实录")
    recording.uploaded_by_user = w.teacher
    recording.save()
    consent_record(recording, confirmed_by=w.teacher)
    design = DocumentFactory(title="私密标记诊断教学设计乙丑", uploaded_by_user=w.teacher)
    diagnosis = Diagnosis.objects.create(
        teacher=w.teacher,
        school=w.a1,
        subject=Subject.objects.get(name="数学"),
        stage=Stage.objects.get(name="初中"),
        lesson_title="私密标记诊断课题丙寅",
        problem="私密标记诊断问题丁卯",
        recording=recording,
        design=design,
    )
    StepRecord.objects.create(diagnosis=diagnosis, number=Step.PROBLEM, completed_at=timezone.now())
    StepRecord.objects.create(diagnosis=diagnosis, number=Step.PRE_DIAGNOSIS)
    cut = diagnosis_services.slice_add(
        user=w.school_trainer,
        diagnosis=diagnosis,
        start=1,
        end=2,
        observation="私密标记切片观察戊辰",
        aspect=Aspect.QUESTIONING,
    )
    diagnosis_services.reply_add(user=w.county_trainer, slice=cut, body="私密标记切片回复己巳")
    markers = dict.fromkeys(
        [diagnosis.lesson_title, diagnosis.problem, cut.observation, "私密标记切片回复己巳"], DIAGNOSIS
    )
    markers[design.title] = VIDEO
    # Two ids in one URL, and the step actions by name: named outright, as for 同课异构.
    urls = [
        reverse("diagnosis:reply_add", args=[diagnosis.pk, cut.pk]),
        reverse("diagnosis:video", args=[diagnosis.pk, 1]),
        *(
            reverse("diagnosis:step", args=[diagnosis.pk, action])
            for action in ("pre-opinion", "pre-close", "schedule", "attendance", "invite", "solution")
        ),
    ]
    return diagnosis, cut, design, recording, markers, urls


def _survey(w, workshop):
    """An anonymous survey the teacher, as the workshop's host, sent to the workshop (surveys/):
    its title is shown to the audience and to those whose scope covers the workshop's region."""
    from surveys import services as survey_services
    from surveys.models import Question, QuestionKind, Survey

    today = datetime.date.today()
    survey = survey_services.survey_save(
        user=w.teacher,
        survey=Survey(
            title="私密标记坊内问卷午",
            anonymous=True,
            opens_on=today - datetime.timedelta(days=1),
            closes_on=today + datetime.timedelta(days=30),
            workshop=workshop,
        ),
    )
    question = Question(survey=survey, kind=QuestionKind.LIKERT, text="本次研修对我有帮助")
    survey_services.question_save(user=w.teacher, question=question)
    survey_services.survey_publish(user=w.teacher, survey=survey)
    return survey, question


@pytest.fixture
def private_material(world) -> PrivateMaterial:
    w = world
    works, document, image = _works(w)
    workshop, workshop_document, workshop_markers, workshop_ids = _workshop(w)
    lecture, video = _video(w)
    activity, entry, recording, same_lesson_markers, same_lesson_urls = _same_lesson(w, workshop)
    diagnosis, cut, design, lesson, diagnosis_markers, diagnosis_urls = _diagnosis(w)
    markers = {p.title: WORK for p in works} | {document.title: WORK, image.title: WORK}
    markers |= dict.fromkeys(workshop_markers, WORKSHOP) | same_lesson_markers
    markers |= {lecture.title: COURSE, video.title: VIDEO} | diagnosis_markers
    survey, question = _survey(w, workshop)
    markers[survey.title] = SURVEY
    job = ImportJob.objects.create(owner=w.city_editor, message="私密标记导入任务亥", lines="{}\n", total_lines=1)
    markers[job.message] = IMPORT
    pages = [*works, workshop, lecture]
    candidates = Candidates(
        pages=[p.pk for p in pages],
        documents=[document.pk, workshop_document.pk, design.pk],
        images=[image.pk],
        media=[video.pk, recording.pk, lesson.pk],
        others=[*workshop_ids, activity.pk, entry.pk, diagnosis.pk, cut.pk, survey.pk, question.pk, job.pk],
    )
    routable = [p for p in Page.objects.live().specific() if hasattr(p, "get_subpage_urls")]
    candidates.page_urls = [p.url or f"/library/{p.slug}/" for p in pages] + subpage_urls(routable, candidates)
    candidates.page_urls += diagnosis_urls + same_lesson_urls  # the walks test reads same_lesson_urls from the end
    return PrivateMaterial(
        markers=markers,
        candidates=candidates,
        works=works,
        pages=pages,
        documents=[document, workshop_document, design],
        images=[image],
        media=[video, recording, lesson],
    )
