from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    """教师工作坊: workshop spaces, personal spaces and the credit bank (a later issue)."""

    name = "workshops"
    verbose_name = "教师工作坊"
    default_auto_field = "django.db.models.BigAutoField"
