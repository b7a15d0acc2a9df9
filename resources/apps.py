from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = "资源云"
    default_auto_field = "django.db.models.BigAutoField"
