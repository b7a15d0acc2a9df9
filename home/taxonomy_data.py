"""The curriculum taxonomies every installation starts with (loaded by a data migration).

Plain data, no Django imports: the demo corpus and the migration both read it.
"""

STAGES = ["幼儿园", "小学", "初中", "高中", "特殊教育"]

GRADES = {
    "幼儿园": ["小班", "中班", "大班"],
    "小学": ["一年级", "二年级", "三年级", "四年级", "五年级", "六年级"],
    "初中": ["七年级", "八年级", "九年级"],
    "高中": ["高一", "高二", "高三"],
    "特殊教育": ["培智低段", "培智中段", "培智高段"],
}

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
