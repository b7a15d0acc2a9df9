"""Write side of the workshops app, one module per concept; every name is re-exported here.

- ``workshop``: 教师工作坊 — membership, plans, activities and attendance, threads, pushes,
  sharing, files;
- ``proposals``: 自主创建 — proposals for new workshops and their approval;
- ``personal_space``: 个人空间 — journals and personal plans;
- ``works``: 我的作品 — a teacher's works: drafts with files and video, submit, withdraw, resubmit;
- ``same_lesson``: 同课异构 — entries of an activity and the showcase case made from them;
- ``common``: the error users see, the actor checks and the behaviour record.

Credits are recorded through ``credits.services``.
"""

from .common import WorkshopError, behavior_record, require_host, require_member  # noqa: F401
from .personal_space import journal_add, notification_email_choose, personal_plan_save  # noqa: F401
from .proposals import workshop_proposal_decide, workshop_propose  # noqa: F401
from .same_lesson import (  # noqa: F401
    RECORDING_MAX_MINUTES,
    EntryFields,
    same_lesson_case_create,
    same_lesson_entry_save,
)
from .works import (  # noqa: F401
    Upload,
    my_works,
    work_history,
    work_in_review,
    work_of,
    work_returned,
    work_save,
    work_status,
    work_submit,
    work_withdraw,
)
from .workshop import (  # noqa: F401
    activity_create,
    activity_credit_source,
    activity_mark_attendance,
    activity_signup,
    activity_summarize,
    membership_bulk_add,
    membership_decide,
    membership_invite,
    membership_remove,
    membership_request,
    membership_set_role,
    plan_publish,
    resource_push,
    resource_share,
    thread_create,
    thread_reply,
    thread_share,
    workshop_file_add,
)
