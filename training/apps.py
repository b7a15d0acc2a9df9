from django.apps import AppConfig


class TrainingConfig(AppConfig):
    """训以赋能: courses of modules, micro-lectures with instant quizzes, lesson recordings
    with slice diagnosis, peer-reviewed assignments (part of the resource cloud)."""

    name = "training"
    label = "training"
    verbose_name = "课程与微课"
    default_auto_field = "django.db.models.BigAutoField"
    # Called by ``manage.py load_demo`` after regions, schools, users and resources exist.
    demo_loader = "training.demo.load_demo"

    def ready(self) -> None:
        from wagtailmedia.models import get_media_model

        from django.db.models.signals import post_save

        from .signal_handlers import media_saved

        post_save.connect(media_saved, sender=get_media_model(), dispatch_uid="training.media_saved")
