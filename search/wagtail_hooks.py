"""Admin for the search app: editors keep the synonym dictionary (设置 → 搜索同义词)."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import SearchSynonym


class SearchSynonymViewSet(SnippetViewSet):
    """Entries merged with ``search/synonyms/*.tsv`` at query time: no rebuild needed."""

    model = SearchSynonym
    icon = "search"
    menu_label = "搜索同义词"
    add_to_settings_menu = True
    list_display = ["alias", "canonical", "kind", "enabled", "updated_at"]
    list_filter = ["kind", "enabled"]
    search_fields = ["alias", "canonical"]
    ordering = ["canonical", "alias"]


register_snippet(SearchSynonymViewSet)
