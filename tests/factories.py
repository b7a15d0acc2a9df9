"""Factories building exactly the objects a test needs."""

import factory
import wagtail_factories

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from wagtail.documents.models import Document

from home.models import Grade, Region, Role, School, Stage, Subject, TeacherProfile
from resources.models import GeneratedResourcePage, ResourceAttachment
from resources.services import region_get_or_create


def region(path: str = "湖南省/长沙市/岳麓区") -> Region:
    return region_get_or_create(path=path)


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School
        django_get_or_create = ("region", "name")

    name = factory.Sequence(lambda n: f"测试第{n}中学")
    region = factory.LazyFunction(region)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.cn")
    password = factory.PostGenerationMethodCall("set_password", "pass12345")

    @factory.post_generation
    def role(user, create, extracted, **kwargs):
        if not extracted:
            return
        role = Role(extracted)
        user.groups.add(Group.objects.get(name=role.label))
        TeacherProfile.objects.update_or_create(
            user=user,
            defaults={"role": role, "school": kwargs.get("school"), "region": kwargs.get("region")},
        )
        user.save()


class GeneratedResourcePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = GeneratedResourcePage

    title = factory.Sequence(lambda n: f"初中数学《勾股定理》教学设计{n}")
    slug = factory.Sequence(lambda n: f"resource-{n}")
    summary = "以赵爽弦图为情境，引导学生经历猜想、验证与证明勾股定理的过程。"
    kind = "teaching_design"
    subject = factory.LazyFunction(lambda: Subject.objects.get(name="数学"))
    stage = factory.LazyFunction(lambda: Stage.objects.get(name="初中"))
    grade = factory.LazyAttribute(lambda o: Grade.objects.filter(stage=o.stage).first())
    region = factory.LazyFunction(region)
    school = factory.LazyAttribute(lambda o: SchoolFactory(region=o.region))
    author_name = "王晓燕"
    body = factory.LazyFunction(lambda: [{"type": "paragraph", "value": "<p>教学目标：理解勾股定理。</p>"}])
    live = True


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    title = "教学设计附件"
    file = factory.django.FileField(filename="jiaoan.pdf", data=b"%PDF-1.4 test attachment\n%%EOF\n")


def attach(page: GeneratedResourcePage, document: Document | None = None) -> ResourceAttachment:
    document = document or DocumentFactory()
    return ResourceAttachment.objects.create(page=page, document=document, title="教案 PDF")


def training_project(*, region, participants=(), courses=(), workshops=(), **fields):
    """A 培训项目 (followup) in ``region`` with its participants, courses and workshops."""
    from followup.models import TrainingProject

    fields.setdefault("name", "初中数学骨干教师提升研修")
    fields.setdefault("year", 2026)
    fields.setdefault("organiser", "岳麓区教师发展中心")
    project = TrainingProject.objects.create(region=region, **fields)
    project.participants.set(participants)
    project.courses.set(courses)
    project.workshops.set(workshops)
    return project
