from django.apps import AppConfig


class WorkshopsConfig(AppConfig):
    """教师工作坊: workshop spaces, personal spaces, and school and regional communities."""

    name = "workshops"
    verbose_name = "教师工作坊"
    default_auto_field = "django.db.models.BigAutoField"
    # Called by ``manage.py load_demo`` after regions, schools, users and resources exist.
    demo_loader = "workshops.demo.load_demo"

    def ready(self):
        from .search_source import register_with_search

        register_with_search()
