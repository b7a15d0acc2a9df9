"""Models of the workshops app: the workshop pages and what happens inside workshops and personal
spaces. Split by concept; every name is re-exported here. The credit bank is the ``credits`` app."""

from .community import (  # noqa: F401
    ActivityKind,
    ActivityMode,
    ActivitySignup,
    BehaviorAction,
    BehaviorRecord,
    DiscussionThread,
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
from .pages import JoinPolicy, Visibility, WorkshopIndexPage, WorkshopPage  # noqa: F401
