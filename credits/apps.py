from django.apps import AppConfig


class CreditsConfig(AppConfig):
    """学分银行: the credit ledger (学分记录), its yearly rules (学分规则) and verifiable exports
    (导出凭证). Courses, workshop activities and recommended works record credits here; nothing
    here knows about those apps (they call the credit bank, it never calls them)."""

    name = "credits"
    label = "credits"
    verbose_name = "学分银行"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
