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
        self._connect_synonyms()
        from home import aliases

        from .dictionary import canonical_facet_value

        aliases.register(canonical_facet_value)

    def _connect_synonyms(self):
        """An editor's synonym entry takes effect at the next query (cached rows dropped)."""
        from django.db.models.signals import post_delete, post_save

        from .dictionary import forget_editor_rows
        from .models import SearchSynonym

        def forget(**kwargs):
            forget_editor_rows()

        post_save.connect(forget, sender=SearchSynonym, weak=False, dispatch_uid="search.synonym_saved")
        post_delete.connect(forget, sender=SearchSynonym, weak=False, dispatch_uid="search.synonym_deleted")
