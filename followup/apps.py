from django.apps import AppConfig


class FollowupConfig(AppConfig):
    """跟以固效: training projects, anonymous participant evaluation, mentor follow-up and the 3个1."""

    name = "followup"
    verbose_name = "跟踪与评价"
    default_auto_field = "django.db.models.BigAutoField"
    # Called by ``manage.py load_demo`` after regions, schools, users, resources, courses and workshops exist.
    demo_loader = "followup.demo.load_demo"
