"""自主创建 (self-service workshops), write side: a teacher proposes a workshop, an editor approves
it (the workshop page is created and published with the proposer as 坊主) or sends it back."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from home.people import profile_of
from workshops.models.pages import WorkshopIndexPage, WorkshopPage
from workshops.models.workshop import ProposalStatus, WorkshopProposal
from workshops.permissions import can_decide_proposals

from .common import WorkshopError


def workshop_propose(*, proposer, title: str, intro: str, subject=None, stage=None, visibility: str = "public"):
    """自主创建: a teacher asks for a workshop of their own; editors approve."""
    if not getattr(proposer, "is_authenticated", False):
        raise WorkshopError("请先登录。")
    title, intro = (title or "").strip(), (intro or "").strip()
    if not title or not intro:
        raise WorkshopError("请填写工作坊名称和简介。")
    if WorkshopProposal.objects.filter(proposer=proposer, status=ProposalStatus.PENDING).exists():
        raise WorkshopError("您已有一个待审批的申请。")
    return WorkshopProposal.objects.create(
        proposer=proposer, title=title[:120], intro=intro, subject=subject, stage=stage, visibility=visibility
    )


@transaction.atomic
def workshop_proposal_decide(*, proposal, editor, approve: bool, comment: str = ""):
    """编辑审批: approving creates and publishes the workshop with the proposer as its 坊主."""
    if not can_decide_proposals(user=editor):
        raise WorkshopError("只有编辑可以审批工作坊创建申请。")
    if proposal.status != ProposalStatus.PENDING:
        raise WorkshopError("该申请已处理。")
    comment = (comment or "").strip()
    if not approve and not comment:
        raise WorkshopError("不予批准时请填写意见。")
    if approve:
        index = WorkshopIndexPage.objects.first()
        if index is None:
            raise WorkshopError("站点还没有工作坊栏目。")
        profile = profile_of(proposal.proposer)
        base_slug = slugify(proposal.title, allow_unicode=True)[:60] or "workshop"
        slug = base_slug
        number = 1
        while index.get_children().filter(slug=slug).exists():
            number += 1
            slug = f"{base_slug}-{number}"
        workshop = WorkshopPage(
            title=proposal.title,
            slug=slug,
            intro=proposal.intro,
            host=proposal.proposer,
            visibility=proposal.visibility,
            subject=proposal.subject,
            stage=proposal.stage,
            region=profile.scope_region if profile else None,
            owner=proposal.proposer,
        )
        index.add_child(instance=workshop)
        workshop.save_revision(user=editor).publish(user=editor)
        proposal.workshop = workshop
    proposal.status = ProposalStatus.APPROVED if approve else ProposalStatus.REJECTED
    proposal.decided_by = editor
    proposal.decided_at = timezone.now()
    proposal.comment = comment
    proposal.save()
    return proposal
