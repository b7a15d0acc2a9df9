"""Models of the workshops app (教师工作坊 · 个人空间), split by concept; every name is re-exported here.

- ``choices``: visibility and join policy of a workshop;
- ``workshop``: what happens inside a workshop (members, plans, activities, threads, pushes,
  files, proposals) and the behaviour record;
- ``personal_space``: journals and personal plans;
- ``pages``: the section page and the workshop page, whose routes render the views.

Inside the app, import from the concept modules (``workshops.models.workshop`` …), not from this
package: ``pages`` imports the selectors, which are then loaded while this package is still
being imported. The credit bank is the ``credits`` app.
"""

from .choices import JoinPolicy, Visibility  # noqa: F401
from .pages import WorkshopIndexPage, WorkshopPage  # noqa: F401
from .personal_space import JournalEntry, JournalVisibility, PersonalPlan  # noqa: F401
from .same_lesson import SameLessonEntry  # noqa: F401
from .workshop import (  # noqa: F401
    ActivityKind,
    ActivityMode,
    ActivitySignup,
    BehaviorAction,
    BehaviorRecord,
    DiscussionThread,
    MemberRole,
    MemberStatus,
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
