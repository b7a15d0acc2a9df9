"""学分银行 (credit bank) in the admin: credit rules and the ledger as snippets (editors may change
rules and correct entries, trainers may view the ledger — see the permissions moved with the models)."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import CreditEntry, CreditRule


class CreditRuleViewSet(SnippetViewSet):
    model = CreditRule
    icon = "cog"
    menu_label = "学分规则"
    list_display = ["source", "yearly_cap", "yearly_target", "credits_per_hour", "credits_per_item"]


class CreditEntryViewSet(SnippetViewSet):
    model = CreditEntry
    icon = "list-ul"
    menu_label = "学分记录"
    list_display = ["teacher", "source", "amount", "hours", "description", "earned_on", "verified_by"]
    list_filter = ["source"]
    search_fields = ["description", "source_key"]
    ordering = ["-earned_on", "-pk"]


class CreditBankGroup(SnippetViewSetGroup):
    items = (CreditRuleViewSet, CreditEntryViewSet)
    menu_icon = "success"
    menu_label = "学分银行"
    menu_name = "credit-bank"
    menu_order = 270


register_snippet(CreditBankGroup)
