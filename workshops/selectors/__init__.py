"""Read side of the workshops app, one module per concept; every name is re-exported here.

- ``workshop``: 教师工作坊 — membership, the workshop page, activities, threads, pushes, proposals;
- ``monitoring``: 监测评价 — per-member figures and weekly participation;
- ``personal_space``: 个人空间 — what a teacher sees about themselves;
- ``metrics``: the figures several pages show, each defined once;
- ``same_lesson``: 同课异构 entries — who hands in, who sees which;
- ``communities``: 学校社区 / 区域社区 — the Hunan weekly rule and the dashboards.

Credit figures come from ``credits.selectors``.
"""

from .communities import (  # noqa: F401
    MONTHLY_MIN_HOURS,
    WEEKLY_MIN_ACTIVITIES,
    RuleFigures,
    SchoolRow,
    county_community,
    county_school_rows,
    month_weeks,
    monthly_attendance_trend,
    region_workshops,
    resource_status_counts,
    school_community,
    school_teachers,
    weekly_rule,
    workshops_of_school,
)
from .metrics import (  # noqa: F401
    completed_enrolments,
    courses_completed,
    courses_completed_count,
    public_works,
    published_works,
    published_works_by_school,
    target_met,
    visible_push_filter,
    visible_pushes,
)
from .monitoring import (  # noqa: F401
    MONITORING_HEADER,
    MemberFigures,
    WeekFigures,
    member_monitoring,
    monitoring_export,
    monitoring_overview,
    monitoring_rows,
    participation_over_time,
    week_start,
)
from .personal_space import personal_space_overview  # noqa: F401
from .same_lesson import (  # noqa: F401
    design_choices,
    entries_visible_to,
    entry_visible_to,
    may_hand_in,
    phase_rows,
    same_lesson_overview,
)
from .workshop import (  # noqa: F401
    Member,
    PushProgress,
    activity_detail,
    proposals_for_editors,
    push_progress,
    push_suggestions,
    thread_detail,
    upcoming_activities,
    workshop_ids_of_user,
    workshop_member_ids,
    workshop_members,
    workshop_overview,
    workshops_of_user,
)
