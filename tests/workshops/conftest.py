"""A small world for workshop tests: one county with two schools, a county host, teachers, trainers.

岳麓区 has schools A and B; 芙蓉区 (same city) has school C. ``workshop`` is a public county
workshop hosted by the county trainer; ``private`` is a members-only one with the same host.
"""

from types import SimpleNamespace

import pytest

from tests.factories import SchoolFactory, UserFactory, region
from workshops.models import MemberStatus, Visibility, WorkshopIndexPage, WorkshopMembership, WorkshopPage


def make_workshop(index, *, title, host, visibility=Visibility.PUBLIC, **fields) -> WorkshopPage:
    page = WorkshopPage(
        title=title,
        slug=f"ws-{WorkshopPage.objects.count() + 1}",
        intro=f"{title}的研修主题。",
        host=host,
        visibility=visibility,
        **fields,
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return WorkshopPage.objects.get(pk=page.pk)


def add_member(workshop, user, role="member") -> WorkshopMembership:
    membership, _ = WorkshopMembership.objects.update_or_create(
        workshop=workshop, user=user, defaults={"status": MemberStatus.ACTIVE, "role": role}
    )
    return membership


@pytest.fixture
def ws(db):
    yuelu = region("湖南省/长沙市/岳麓区")
    furong = region("湖南省/长沙市/芙蓉区")
    school_a = SchoolFactory(name="岳麓A校", region=yuelu)
    school_b = SchoolFactory(name="岳麓B校", region=yuelu)
    school_c = SchoolFactory(name="芙蓉C校", region=furong)

    def user(username, role, **kwargs):
        return UserFactory(
            username=username, first_name=username, role=role, **{f"role__{k}": v for k, v in kwargs.items()}
        )

    index = WorkshopIndexPage.objects.get()
    w = SimpleNamespace(
        index=index,
        yuelu=yuelu,
        furong=furong,
        changsha=yuelu.parent,
        school_a=school_a,
        school_b=school_b,
        school_c=school_c,
        host=user("host_yuelu", "county_trainer", region=yuelu),
        county_other=user("county_furong", "county_trainer", region=furong),
        member=user("teacher_member", "teacher", school=school_a),
        member2=user("teacher_member2", "teacher", school=school_a),
        outsider=user("teacher_outsider", "teacher", school=school_b),
        teacher_c=user("teacher_c", "teacher", school=school_c),
        trainer_a=user("trainer_a", "school_trainer", school=school_a),
        trainer_b=user("trainer_b", "school_trainer", school=school_b),
        editor=user("editor_changsha", "editor", region=yuelu.parent),
    )
    w.workshop = make_workshop(index, title="岳麓区初中数学工作坊", host=w.host, region=yuelu)
    w.private = make_workshop(index, title="岳麓区名师工作室", host=w.host, region=yuelu, visibility=Visibility.MEMBERS)
    add_member(w.workshop, w.member)
    add_member(w.workshop, w.member2)
    add_member(w.private, w.member)
    return w
