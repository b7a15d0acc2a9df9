from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = "资源云"
    default_auto_field = "django.db.models.BigAutoField"
    # Called by load_demo once users and resources exist: works in every review state.
    demo_loader = "resources.review_demo.load_review_demo"
    # What the library shows on the portal home page (see home.sections).
    home_teasers = "resources.teasers.home_teasers"

    def ready(self):
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
