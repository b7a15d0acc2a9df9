"""Forms of review and recommendation: the resource editor form and the decision forms."""

from __future__ import annotations

from django import forms

from wagtail.admin.forms import WagtailAdminPageForm

from home.models import Role


class ResourcePageForm(WagtailAdminPageForm):
    """Editor form of a generated resource: a teacher's work is always theirs and their school's,
    so they cannot move it into another school's review by picking another school."""

    owner_fields = ("author", "school", "region")

    def __init__(self, *args, instance=None, for_user=None, **kwargs):
        from home.people import profile_of

        from .services import resource_ensure_defaults

        if instance is not None and instance.pk is None and for_user is not None:
            resource_ensure_defaults(page=instance, user=for_user)
        super().__init__(*args, instance=instance, for_user=for_user, **kwargs)
        profile = profile_of(for_user) if for_user is not None else None
        if for_user is not None and not for_user.is_superuser and (profile is None or profile.role == Role.TEACHER):
            for name in self.owner_fields:
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = "由您的账号自动确定。"

    def is_valid(self):
        # The attachments inline is cleaned after the page form's own clean(), so the
        # check runs once both are valid.
        return super().is_valid() and self._check_attachments_are_mine()

    def _check_attachments_are_mine(self) -> bool:
        """A user attaches only files they uploaded themselves (or that the work already had):
        posting another user's document id in the attachments inline would otherwise publish
        a colleague's private file with this work. Superusers are exempt."""
        user = self.for_user
        formset = self.formsets.get("attachments") if hasattr(self, "formsets") else None
        if user is None or user.is_superuser or formset is None:
            return True
        already = set()
        if self.instance.pk:
            from resources.models import ResourceAttachment

            already = set(
                ResourceAttachment.objects.filter(page_id=self.instance.pk).values_list("document_id", flat=True)
            )
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            document = data.get("document")
            if document is None or data.get("DELETE") or document.pk in already:
                continue
            if document.uploaded_by_user_id != user.pk:
                self.add_error(None, f"只能附加您自己上传的文件：“{document.title}”不是您上传的。")
        return not self.errors


class CommentForm(forms.Form):
    comment = forms.CharField(label="意见", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000)


class QueueFilterForm(forms.Form):
    subject = forms.ModelChoiceField(label="学科", queryset=None, required=False, empty_label="全部学科")
    stage = forms.ModelChoiceField(label="学段", queryset=None, required=False, empty_label="全部学段")
    school = forms.ModelChoiceField(label="学校", queryset=None, required=False, empty_label="全部学校")
    step = forms.ChoiceField(label="环节", required=False)

    def __init__(self, *args, schools=None, steps=(), **kwargs):
        from home.models import School, Stage, Subject

        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = Subject.objects.all()
        self.fields["stage"].queryset = Stage.objects.all()
        self.fields["school"].queryset = schools if schools is not None else School.objects.none()
        self.fields["step"].choices = [("", "全部环节"), *steps]
