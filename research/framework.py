"""The default capability framework: the three areas of 《中小学教师专业标准（试行）》 and the
dimensions under them, with the skills the training documents name (教学设计, 作业设计,
课堂观察, 信息技术应用, 校本研修指导 …). Installed by a data migration; editors change it
afterwards. Codes are stable identifiers for imports, tags and the API."""

from __future__ import annotations

AREAS: list[tuple[str, str, list[tuple[str, str, str]]]] = [
    (
        "ethics",
        "专业理念与师德",
        [
            ("professional_understanding", "职业理解与认识", "理解教师职业的专业性和独特性，遵守职业道德规范。"),
            ("student_attitude", "对学生的态度与行为", "关爱学生，尊重学生独立人格和个体差异。"),
            ("teaching_attitude", "教育教学的态度与行为", "树立育人为本、德育为先的理念，重视学生全面发展。"),
        ],
    ),
    (
        "knowledge",
        "专业知识",
        [
            ("subject_knowledge", "学科知识", "掌握所教学科的知识体系、思想方法及与社会实践的联系。"),
            ("pedagogical_knowledge", "学科教学知识", "掌握学科课程标准、学生认知规律和学科教学方法。"),
            ("student_development", "学生发展知识", "了解不同年龄学生身心发展特点和学习规律。"),
        ],
    ),
    (
        "ability",
        "专业能力",
        [
            ("lesson_design", "教学设计", "依据课程标准和学情确定目标、设计单元整体教学与课时活动。"),
            ("homework_design", "作业设计", "设计分层、弹性、实践性的作业，控制总量、提高质量。"),
            ("classroom_teaching", "教学实施", "创设情境、组织探究与合作学习，有效调控课堂。"),
            ("classroom_observation", "课堂观察", "运用观察量表和课堂切片诊断教学问题并提出改进建议。"),
            ("assessment", "评价与激励", "运用多元评价方式，教学评一体化，激励学生发展。"),
            ("it_application", "信息技术应用", "运用数字资源与平台工具支持教学、评价与研修。"),
            ("school_research", "校本研修指导", "设计并组织主题式校本研修，指导同伴开展教学研究。"),
            ("reflection", "反思与发展", "反思教学实践，制定并实施个人专业发展规划。"),
        ],
    ),
]

STAGE_DESCRIPTORS = {
    "新教师": "在指导下能完成{name}的基本任务，了解相关要求和规范。",
    "合格教师": "能独立、规范地开展{name}，符合课程标准的基本要求。",
    "骨干教师": "能创造性地开展{name}，形成个人特色，并能带动身边同伴。",
    "名优教师": "在{name}方面形成成熟的经验和成果，能在区域内示范引领。",
    "教育家型教师": "在{name}方面形成系统的思想和理论成果，产生省级以上影响。",
}


def install(CapabilityDimension, LevelDescriptor, TeacherStage) -> None:
    """Create the default framework (idempotent; models passed in so that a migration can call it)."""
    stages = {stage.name: stage for stage in TeacherStage.objects.all()}
    for area_order, (code, name, dimensions) in enumerate(AREAS):
        area, _ = CapabilityDimension.objects.get_or_create(
            code=code, defaults={"name": name, "sort_order": area_order * 100}
        )
        for order, (dim_code, dim_name, description) in enumerate(dimensions, start=1):
            dimension, _ = CapabilityDimension.objects.get_or_create(
                code=dim_code,
                defaults={
                    "name": dim_name,
                    "parent": area,
                    "description": description,
                    "sort_order": area_order * 100 + order,
                },
            )
            for stage_name, template in STAGE_DESCRIPTORS.items():
                stage = stages.get(stage_name)
                if stage is not None:
                    LevelDescriptor.objects.get_or_create(
                        dimension=dimension, teacher_stage=stage, defaults={"text": template.format(name=dim_name)}
                    )
