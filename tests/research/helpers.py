"""Content for matching and recommendation tests: courses, a workshop and resources, tagged."""

from decimal import Decimal

from wagtail.models import PageViewRestriction

from home.models import HomePage
from research.models import CapabilityDimension, DimensionTag
from tests.factories import GeneratedResourcePageFactory
from tests.training.factories import course, module


def tag(target=None, code: str = "homework_design", *, kind: str = "", activity=None) -> DimensionTag:
    return DimensionTag.objects.create(
        dimension=CapabilityDimension.objects.get(code=code),
        page=target if target is not None and activity is None else None,
        activity=activity,
        kind=kind,
    )


def content(world):
    """A public 作业设计 course (tagged on its module), a draft and a restricted course with
    the same tag, and a 教学设计 course."""
    homework = course(title="初中数学分层作业设计", subject=world.maths, stage=world.junior)
    homework_module = module(homework, title="作业的分层与弹性")
    tag(homework_module, "homework_design")
    draft = course(title="作业设计草稿课程", subject=world.maths, stage=world.junior)
    draft.unpublish()
    tag(draft, "homework_design")
    secret = course(title="作业设计内部课程", subject=world.maths, stage=world.junior)
    PageViewRestriction.objects.create(page=secret, restriction_type="login")
    tag(secret, "homework_design")
    design = course(title="单元整体教学设计", subject=world.maths, stage=world.junior)
    tag(design, "lesson_design")
    return {"homework": homework, "draft": draft, "secret": secret, "design": design, "module": homework_module}


def library():
    from resources.models import ResourceIndexPage

    index = ResourceIndexPage.objects.first()
    if index is None:
        index = ResourceIndexPage(title="资源库", slug="library")
        HomePage.objects.get().add_child(instance=index)
    return index


def resource(world, title: str, **fields):
    return GeneratedResourcePageFactory(
        parent=library(), title=title, subject=world.maths, stage=world.junior, **fields
    )


__all__ = ["Decimal", "content", "library", "resource", "tag"]
