"""自主创建 (self-service workshops): a teacher submits a proposal, an editor decides it; POSTs to
``workshops.urls``. The proposal form and the editors' list are routes of the section page."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404

from workshops import services
from workshops.forms import DecisionForm, ProposalForm
from workshops.http import back
from workshops.models.workshop import WorkshopProposal

from .common import form_error, index_action


@index_action
def propose(request, *, index):
    """Submit a proposal; an invalid one shows the form again with what to correct."""
    form = ProposalForm(request.POST)
    if form.is_valid():
        try:
            services.workshop_propose(proposer=request.user, **form.cleaned_data)
        except services.WorkshopError as error:
            messages.error(request, str(error))
        else:
            return back(
                request,
                index.url + index.reverse_subpage("personal_space"),
                "申请已提交，编辑审批后工作坊即开通，您将担任坊主。",
            )
    return index.render(request, template="workshops/propose.html", context_overrides={"form": form}, overview=False)


@index_action
def proposal_decide(request, *, index, proposal_id: int):
    proposal = get_object_or_404(WorkshopProposal, pk=proposal_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        raise form_error(form)
    approve = form.cleaned_data["decision"] == "approve"
    services.workshop_proposal_decide(
        proposal=proposal, editor=request.user, approve=approve, comment=form.cleaned_data["comment"]
    )
    return back(
        request, index.url + index.reverse_subpage("proposals"), "已批准，工作坊已开通。" if approve else "已退回申请。"
    )
