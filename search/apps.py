from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "搜索"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signal_handlers

        signal_handlers.connect()
        post_migrate.connect(signal_handlers.after_migrate, sender=self, dispatch_uid="search.after_migrate")
        from django.core.signals import request_started

        from . import drain

        # Tasks in-process (no broker): the web process drains the outbox itself.
        request_started.connect(drain.start_in_process, dispatch_uid="search.drain.in_process")
