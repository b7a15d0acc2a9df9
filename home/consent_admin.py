"""视频授权 in the admin: the consent records of the recordings an editor or trainer looks after.

Scope follows the media policy (``home.upload_scope``: a recording belongs to whoever uploaded
it, and editors and trainers look after the uploads of the people they oversee), so an editor
of one county never lists, opens or changes another county's records. The filter 授权状态 →
未授权公开 finds what is held back from the public. Teachers record consent on the portal's
upload forms (``home.consent_forms``); they never come here.
"""

from __future__ import annotations

import django_filters
from wagtailmedia.models import get_media_model

from django import forms
from django.db.models import Q

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import policy_registry

from .consent import consent_record, public_media_q
from .models import RecordingAudience, RecordingConsent, Role
from .people import profile_of

STAFF_ROLES = {Role.SCHOOL_TRAINER, Role.COUNTY_TRAINER, Role.EDITOR}


def _is_staff(user) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    profile = profile_of(user)
    return profile is not None and profile.role in STAFF_ROLES


def media_in_scope(user):
    """The recordings ``user`` may change in the admin (the media policy's "change")."""
    media_model = get_media_model()
    return policy_registry.get_by_type(media_model).instances_user_has_permission_for(user, "change")


def consents_in_scope(user):
    if not _is_staff(user):
        return RecordingConsent.objects.none()
    return RecordingConsent.objects.filter(media__in=media_in_scope(user).values("pk"))


class RecordingConsentPermissionPolicy(BasePermissionPolicy):
    """Trainers and editors add and change the consent of recordings in their scope; only a
    superuser deletes a record (deleting one would not make anything more public anyway)."""

    def user_has_permission(self, user, action):
        if action == "delete":
            return bool(getattr(user, "is_superuser", False) and user.is_active)
        return action in {"add", "change", "view"} and _is_staff(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and consents_in_scope(user).filter(pk=instance.pk).exists()

    def instances_user_has_any_permission_for(self, user, actions):
        if not any(self.user_has_permission(user, action) for action in actions):
            return RecordingConsent.objects.none()
        return consents_in_scope(user)

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.filter(Q(is_superuser=True) | Q(profile__role__in=STAFF_ROLES), is_active=True)


class ConsentFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label="授权状态",
        choices=[("held", "未授权公开"), ("public", "已公开")],
        method="filter_status",
        empty_label="全部",
    )
    visibility = django_filters.ChoiceFilter(label="可见范围", choices=RecordingAudience.choices, empty_label="全部")

    class Meta:
        model = RecordingConsent
        fields = ["visibility", "downloads_allowed"]

    def filter_status(self, queryset, name, value):
        public = queryset.filter(public_media_q("media__"))
        return public if value == "public" else queryset.exclude(pk__in=public.values("pk"))


class ConsentForm(forms.ModelForm):
    """The record's fields; the media to choose are those in the editor's scope."""

    class Meta:
        model = RecordingConsent
        fields = ["media", "no_pupils", "consent_audience", "note", "visibility", "school", "downloads_allowed"]
        labels = {"media": "视频"}

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if for_user is not None and "media" in self.fields:
            videos = media_in_scope(for_user).filter(type="video").order_by("title")
            if self.instance.pk is None:  # "add": the videos that have no record yet
                videos = videos.filter(consent__isnull=True)
            self.fields["media"].queryset = videos
        if self.instance.pk is not None and "media" in self.fields:
            self.fields["media"].disabled = True  # a record stays with its video
        self.for_user = for_user


class _Scoped:
    def get_base_queryset(self):
        return consents_in_scope(self.request.user).select_related("media", "school", "confirmed_by")

    def get_queryset(self):
        if isinstance(self, generic.IndexView):
            return super().get_queryset()
        return consents_in_scope(self.request.user)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["for_user"] = self.request.user
        return kwargs

    def save_instance(self):
        """Through ``consent_record``: the confirming editor and time are stamped, and search
        and the page cache follow the new audience."""
        data = self.form.cleaned_data
        return consent_record(
            data["media"],
            confirmed_by=self.request.user,
            consent_audience=data["consent_audience"],
            no_pupils=data["no_pupils"],
            visibility=data["visibility"],
            school=data["school"],
            downloads_allowed=data["downloads_allowed"],
            note=data["note"],
        )


class ConsentIndexView(_Scoped, generic.IndexView):
    pass


class ConsentCreateView(_Scoped, generic.CreateView):
    pass


class ConsentEditView(_Scoped, generic.EditView):
    pass


class ConsentDeleteView(_Scoped, generic.DeleteView):
    pass


class RecordingConsentViewSet(ModelViewSet):
    model = RecordingConsent
    icon = "media"
    menu_label = "视频授权"
    menu_name = "recording_consent"
    menu_order = 290
    add_to_admin_menu = True
    copy_view_enabled = False
    form_fields = ConsentForm.Meta.fields
    list_display = [
        Column("media", label="视频"),
        "visibility",
        "consent_audience",
        "no_pupils",
        "downloads_allowed",
        "confirmed_at",
    ]
    filterset_class = ConsentFilterSet
    search_fields = ["media__title", "note"]
    index_view_class = ConsentIndexView
    add_view_class = ConsentCreateView
    edit_view_class = ConsentEditView
    delete_view_class = ConsentDeleteView

    def get_form_class(self, for_update=False):
        return ConsentForm
