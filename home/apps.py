from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "门户与分类"
    default_auto_field = "django.db.models.BigAutoField"
