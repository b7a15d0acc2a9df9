"""The curriculum taxonomies every installation starts with (loaded by a data migration).

Plain data, no Django imports: the demo corpus and the migration both read it.
"""

STAGES = ["幼儿园", "小学", "初中", "高中", "特殊教育"]

GRADES = {
    "幼儿园": ["小班", "中班", "大班"],
    "小学": ["一年级", "二年级", "三年级", "四年级", "五年级", "六年级"],
    "初中": ["七年级", "八年级", "九年级"],
    "高中": ["高一", "高二", "高三"],
}

# 培智学校 (schools for pupils with intellectual disabilities, 特殊教育) teach 一年级 to 九年级 and
# group them into three segments (培智学校义务教育课程标准（2016年版）: 低段 1–3, 中段 4–6, 高段
# 7–9). A work is filed under one grade, or under a whole segment when it serves all of it (a
# segment's materials are often shared). A filter on a segment also finds the works of its
# grades (``grade_scope``); a filter on a grade finds that grade only.
GRADE_BANDS = {
    "特殊教育": {
        "培智低段": ["一年级", "二年级", "三年级"],
        "培智中段": ["四年级", "五年级", "六年级"],
        "培智高段": ["七年级", "八年级", "九年级"],
    },
}
# Each segment, then its grades: the order of every list and select.
GRADES["特殊教育"] = [name for band, grades in GRADE_BANDS["特殊教育"].items() for name in (band, *grades)]

BAND_SPANS = {"培智低段": "一至三年级", "培智中段": "四至六年级", "培智高段": "七至九年级"}


def grade_band(stage: str, grade: str) -> str:
    """The segment a grade belongs to in its stage (特殊教育 · 二年级 → 培智低段), or ""."""
    for band, grades in GRADE_BANDS.get(stage, {}).items():
        if grade in grades:
            return band
    return ""


def grade_scope(grade: str) -> tuple[str, list[str]]:
    """What a filter on ``grade`` covers: a segment (segment names are unique across stages)
    covers itself and its grades within its own stage (培智低段 → 特殊教育: 培智低段, 一年级,
    二年级, 三年级); any other grade only itself, in whatever stage ("", [grade])."""
    for stage, bands in GRADE_BANDS.items():
        if grade in bands:
            return stage, [grade, *bands[grade]]
    return "", [grade]


def grade_label(stage: str, grade: str) -> str:
    """How a grade is shown in lists: 一年级（培智低段）, 培智低段（一至三年级）, 七年级."""
    band = grade_band(stage, grade)
    if band:
        return f"{grade}（{band}）"
    if grade in BAND_SPANS:
        return f"{grade}（{BAND_SPANS[grade]}）"
    return grade


SUBJECTS = {
    "幼儿园": ["健康", "语言", "社会", "科学", "艺术"],
    "小学": [
        "语文",
        "数学",
        "英语",
        "道德与法治",
        "科学",
        "信息科技",
        "音乐",
        "美术",
        "体育与健康",
        "劳动",
        "综合实践活动",
        "心理健康",
    ],
    "初中": [
        "语文",
        "数学",
        "英语",
        "道德与法治",
        "历史",
        "地理",
        "物理",
        "化学",
        "生物学",
        "信息科技",
        "音乐",
        "美术",
        "体育与健康",
        "劳动",
        "综合实践活动",
        "心理健康",
    ],
    "高中": [
        "语文",
        "数学",
        "英语",
        "思想政治",
        "历史",
        "地理",
        "物理",
        "化学",
        "生物学",
        "信息技术",
        "音乐",
        "美术",
        "体育与健康",
        "劳动",
        "综合实践活动",
        "心理健康",
    ],
    "特殊教育": ["生活语文", "生活数学", "生活适应", "康复训练", "劳动", "音乐", "美术"],
}


def all_subjects() -> list[str]:
    seen: dict[str, None] = {}
    for stage in STAGES:
        for subject in SUBJECTS[stage]:
            seen.setdefault(subject, None)
    return list(seen)


TEACHER_STAGES = ["新教师", "合格教师", "骨干教师", "名优教师", "教育家型教师"]
