"""Models of the workshops app: the credit bank (学分银行), the workshop pages and what happens
inside workshops and personal spaces. Split by concept; every name is re-exported here."""

from .community import (  # noqa: F401
    ActivityKind,
    ActivityMode,
    ActivitySignup,
    BehaviorAction,
    BehaviorRecord,
    DiscussionThread,
    ExportKind,
    ExportRecord,
    JournalEntry,
    JournalVisibility,
    MemberRole,
    MemberStatus,
    PersonalPlan,
    PlanPhase,
    ProposalStatus,
    ResourcePush,
    ThreadReply,
    WorkshopActivity,
    WorkshopFile,
    WorkshopMembership,
    WorkshopPlan,
    WorkshopProposal,
)
from .credits import CreditEntry, CreditRule, CreditSource  # noqa: F401
from .pages import JoinPolicy, Visibility, WorkshopIndexPage, WorkshopPage  # noqa: F401
