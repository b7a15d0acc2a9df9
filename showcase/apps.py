from django.apps import AppConfig


class ShowcaseConfig(AppConfig):
    """同课异构 showcase: the same lesson in several designs, compared side by side."""

    name = "showcase"
    label = "showcase"
    verbose_name = "同课异构展示"
    default_auto_field = "django.db.models.BigAutoField"
    # Called by ``manage.py load_demo`` once regions, schools, users and resources exist.
    demo_loader = "showcase.demo.load_demo"
    # Featured cases on the portal home page (see home.sections).
    home_teasers = "showcase.teasers.home_teasers"
