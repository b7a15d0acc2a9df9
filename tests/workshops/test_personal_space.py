"""Personal space (个人空间): plan, journal, my resources with review status, my workshops,
behaviour record; and self-service workshop creation (自主创建) approved by editors."""

import pytest

from tests.factories import GeneratedResourcePageFactory
from workshops import services
from workshops.models import JournalEntry, PersonalPlan, ProposalStatus, WorkshopPage, WorkshopProposal

pytestmark = pytest.mark.django_db


def test_personal_space_lists_my_things(client, ws, library):
    GeneratedResourcePageFactory(parent=library, title="我的草稿：圆的面积", author=ws.member, live=False)
    GeneratedResourcePageFactory(parent=library, title="别人的作品", author=ws.member2)
    client.force_login(ws.member)
    html = client.get("/workshops/me/").content.decode()
    assert "我的草稿：圆的面积" in html and "草稿" in html
    assert "别人的作品" not in html
    assert "岳麓区初中数学工作坊" in html and "岳麓区名师工作室" in html  # my workshops


def test_plan_and_journal_are_saved_and_recorded(client, ws):
    client.force_login(ws.member)
    client.post("/workshops/me/plan/", {"goals": "完成 2 个单元整体教学设计；参加 20 次校本研修。"})
    assert PersonalPlan.objects.get(teacher=ws.member).goals.startswith("完成 2 个")
    client.post(
        "/workshops/me/journal/", {"title": "第一次听课反思", "body": "学生参与度高。", "visibility": "private"}
    )
    response = client.post(
        "/workshops/me/journal/",
        {
            "title": "分享到工作坊",
            "body": "欢迎讨论",
            "visibility": "shared",
            "workshop": ws.workshop.pk,
        },
        follow=True,
    )
    assert "研修日志已保存" in response.content.decode()
    assert JournalEntry.objects.filter(author=ws.member).count() == 2
    html = client.get("/workshops/me/").content.decode()
    assert "撰写研修日志" in html and "更新" in html  # behaviour record
    assert "分享到工作坊" in client.get(ws.workshop.url).content.decode()


def test_journal_cannot_go_to_a_workshop_i_am_not_in(client, ws):
    client.force_login(ws.outsider)
    response = client.post(
        "/workshops/me/journal/",
        {
            "title": "试图分享",
            "body": "x",
            "visibility": "shared",
            "workshop": ws.private.pk,
        },
        follow=True,
    )
    assert "请先加入该工作坊" in response.content.decode()
    assert not JournalEntry.objects.exists()


def test_teacher_proposes_and_editor_approves_a_workshop(client, ws):
    client.force_login(ws.outsider)
    client.post(
        "/workshops/proposals/submit/",
        {"title": "青年教师成长坊", "intro": "面向入职三年内的青年教师。", "visibility": "public"},
    )
    proposal = WorkshopProposal.objects.get()
    assert proposal.status == ProposalStatus.PENDING and proposal.proposer == ws.outsider
    assert client.get("/workshops/proposals/").status_code == 403
    with pytest.raises(services.WorkshopError, match="只有编辑"):
        services.workshop_proposal_decide(proposal=proposal, editor=ws.outsider, approve=True)
    client.force_login(ws.editor)
    assert "青年教师成长坊" in client.get("/workshops/proposals/").content.decode()
    client.post(f"/workshops/proposals/{proposal.pk}/decide/", {"decision": "approve"})
    proposal.refresh_from_db()
    workshop = WorkshopPage.objects.get(title="青年教师成长坊")
    assert proposal.status == ProposalStatus.APPROVED and proposal.workshop.pk == workshop.pk
    assert workshop.live and workshop.host == ws.outsider and workshop.get_parent().pk == ws.index.pk
    client.force_login(ws.outsider)
    assert "监测评价" in client.get(workshop.url).content.decode()


def test_rejecting_a_proposal_needs_a_comment(ws):
    proposal = services.workshop_propose(proposer=ws.member, title="新坊", intro="简介")
    with pytest.raises(services.WorkshopError, match="请填写意见"):
        services.workshop_proposal_decide(proposal=proposal, editor=ws.editor, approve=False)
    services.workshop_proposal_decide(proposal=proposal, editor=ws.editor, approve=False, comment="与现有工作坊重复")
    assert WorkshopProposal.objects.get().status == ProposalStatus.REJECTED
    assert not WorkshopPage.objects.filter(title="新坊").exists()


def test_personal_space_shows_my_courses_with_progress_per_module(client, ws):
    from tests.training import factories as tf
    from training import services as training

    course = tf.course(title="单元整体教学设计研修")
    required = tf.module(course, required=True, title="模块一：单元目标")
    lecture = tf.lecture(required, quiz=[], title="微课：怎样写单元目标")
    tf.recording(required)
    tf.module(course, required=False, title="模块二：拓展阅读")
    tf.course(title="别人的课程：没选")
    training.course_enrol(course=course, teacher=ws.member)
    tf.watch(ws.member, lecture)

    client.force_login(ws.member)
    html = client.get("/workshops/me/").content.decode()
    mine = html.split('id="courses"')[1].split("</section>")[0]  # the 为你推荐 box may suggest the other
    assert "单元整体教学设计研修" in mine and "别人的课程：没选" not in mine
    assert "进行中 · 必修完成 50%" in html  # one of the two required items done
    assert "模块一：单元目标（必修）" in html and "1/2 项完成" in html
    assert "模块二：拓展阅读（选修）" in html

    client.force_login(ws.member2)
    assert "还没有选修课程" in client.get("/workshops/me/").content.decode()
