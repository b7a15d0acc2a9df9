"""Builders for diagnosis tests: a school with its 备课组 and county trainers, and a diagnosis
at any step (without ffmpeg: the recording is a stored file with a known duration)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from wagtailmedia.models import get_media_model

from django.core.files.base import ContentFile
from django.utils import timezone

from wagtail.documents.models import Document

from diagnosis.models import Diagnosis, Step, StepRecord
from home.consent import consent_record
from home.models import Stage, Subject
from tests.factories import SchoolFactory, UserFactory, region


def teacher(school, subject_name: str = "数学", **kwargs):
    user = UserFactory(role="teacher", role__school=school, **kwargs)
    user.profile.subjects.add(Subject.objects.get(name=subject_name))
    return user


def media(title: str = "课堂实录", *, duration: float = 2400, owner=None):
    item = get_media_model()(
        title=title, type="video", duration=duration, width=320, height=180, uploaded_by_user=owner
    )
    item.file.save("lesson.mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64), save=False)
    item.save()
    return item


@dataclass
class World:
    school: object
    teacher: object
    peer: object  # same school, same subject: 备课组
    other_subject: object  # same school, another subject: not in the group
    lead: object  # school trainer
    county: object  # county trainer of the school's county
    far_county: object  # county trainer elsewhere
    stranger: object  # teacher of another school


def world() -> World:
    school = SchoolFactory(name="长沙市岳麓区第一中学", region=region("湖南省/长沙市/岳麓区"))
    elsewhere = SchoolFactory(name="芙蓉区实验中学", region=region("湖南省/长沙市/芙蓉区"))
    return World(
        school=school,
        teacher=teacher(school, username="dx_teacher"),
        peer=teacher(school, username="dx_peer"),
        other_subject=teacher(school, "语文", username="dx_chinese"),
        lead=UserFactory(role="school_trainer", role__school=school, username="dx_lead"),
        county=UserFactory(role="county_trainer", role__region=region("湖南省/长沙市/岳麓区"), username="dx_county"),
        far_county=UserFactory(role="county_trainer", role__region=region("湖南省/长沙市/芙蓉区"), username="dx_far"),
        stranger=teacher(elsewhere, username="dx_stranger"),
    )


def diagnosis(w: World, *, step: int = Step.PRE_DIAGNOSIS, **fields) -> Diagnosis:
    recording = media(owner=w.teacher)
    consent_record(recording, confirmed_by=w.teacher)  # no consent yet: the group only
    design = Document.objects.create(
        title="勾股定理教学设计", file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="design.pdf"), uploaded_by_user=w.teacher
    )
    values = {
        "teacher": w.teacher,
        "school": w.school,
        "subject": Subject.objects.get(name="数学"),
        "stage": Stage.objects.get(name="初中"),
        "lesson_title": "勾股定理",
        "problem": "小组合作流于形式，学生讨论时间不足。",
        "recording": recording,
        "design": design,
        "step": step,
        **fields,
    }
    made = Diagnosis.objects.create(**values)
    for number in range(Step.PROBLEM, min(step, Step.DONE) + 1):
        StepRecord.objects.create(
            diagnosis=made,
            number=number,
            completed_at=timezone.now() if number < step else None,
            due_on=timezone.localdate() + datetime.timedelta(days=14),
        )
    return made
