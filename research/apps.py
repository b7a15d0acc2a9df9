from django.apps import AppConfig


class ResearchConfig(AppConfig):
    """研以定向: the capability framework (能力图谱), each teacher's and group's baseline, and
    training matched to the gaps (精准施训、精准推送)."""

    name = "research"
    label = "research"
    verbose_name = "研修诊断"
    default_auto_field = "django.db.models.BigAutoField"
    demo_loader = "research.demo.load_demo"

    def ready(self):
        from . import signal_handlers  # noqa: F401
