"""Editor panel showing the national guide's rules on a course as warnings."""

from wagtail.admin.panels import Panel


class RuleWarningsPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "training/admin/rule_warnings_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["warnings"] = self.instance.rule_warnings() if self.instance.pk else []
            return context
