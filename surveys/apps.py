from django.apps import AppConfig


class SurveysConfig(AppConfig):
    """调查统计: questionnaires built in the portal, sent to an audience, answered real-name or
    anonymously, with results, cross-tabs, exports and the capability scores they measure."""

    name = "surveys"
    label = "surveys"
    verbose_name = "调查问卷"
    default_auto_field = "django.db.models.BigAutoField"
    demo_loader = "surveys.demo.load_demo"
