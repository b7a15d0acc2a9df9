"""Consent and visibility of recordings of pupils (学生出镜授权), written once.

Every recording may carry a ``RecordingConsent``. What it reaches is the narrower of the
visibility its owner chose and the audience the guardians agreed to; without consent it stays
inside its group (the workshop or diagnosis group that holds it). A recording with no consent
record at all is treated the same way: nothing reaches the public by default.

Callers decide group membership (a workshop's members, a diagnosis group): they pass
``in_group``. Everything else — the uploader, superusers, the school rule, signed-in rule — is
decided here, so that pages, listings, search, the sitemap, the compare view and the streams
cannot disagree.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from .models import RecordingAudience, RecordingConsent
from .people import profile_of

# Widest first: a lower index reaches more people.
ORDER = [RecordingAudience.PUBLIC, RecordingAudience.SIGNED_IN, RecordingAudience.SCHOOL, RecordingAudience.GROUP]


def narrower(a: str, b: str) -> str:
    return ORDER[max(ORDER.index(a), ORDER.index(b))]


def effective_audience(consent: RecordingConsent | None) -> str:
    """Who a recording reaches: the narrower of its visibility and the guardians' consent."""
    if consent is None:
        return RecordingAudience.GROUP
    agreed = RecordingAudience.PUBLIC if consent.no_pupils else (consent.consent_audience or RecordingAudience.GROUP)
    return narrower(consent.visibility, agreed)


def consent_of(media) -> RecordingConsent | None:
    if media is None:
        return None
    try:
        return media.consent
    except RecordingConsent.DoesNotExist:
        return None


def is_public(media) -> bool:
    return media is not None and effective_audience(consent_of(media)) == RecordingAudience.PUBLIC


def public_media_q(prefix: str = "") -> Q:
    """Filter for media (or, with ``prefix`` like ``"video__"``, rows pointing at media) whose
    recording reaches the public: public visibility and public consent, or no pupils."""
    p = f"{prefix}consent__"
    return Q(**{f"{p}visibility": RecordingAudience.PUBLIC}) & (
        Q(**{f"{p}no_pupils": True}) | Q(**{f"{p}consent_audience": RecordingAudience.PUBLIC})
    )


def may_watch(user, media, *, in_group: bool = False) -> bool:
    """May ``user`` watch ``media``? ``in_group``: the caller found the user in the recording's
    group (workshop members, the diagnosis group). The uploader and superusers always may."""
    if media is None:
        return False
    audience = effective_audience(consent_of(media))
    if audience == RecordingAudience.PUBLIC:
        return True
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser or media.uploaded_by_user_id == user.pk or in_group:
        return True
    if audience == RecordingAudience.SIGNED_IN:
        return True
    if audience == RecordingAudience.SCHOOL:
        consent = consent_of(media)
        profile = profile_of(user)
        return bool(consent and consent.school_id and profile and profile.school_id == consent.school_id)
    return False


def may_download(user, media, *, in_group: bool = False) -> bool:
    """Downloads are off unless the recording allows them, and then only for those who may watch."""
    consent = consent_of(media)
    return bool(consent and consent.downloads_allowed and may_watch(user, media, in_group=in_group))


def consent_record(
    media,
    *,
    confirmed_by=None,
    consent_audience: str = "",
    no_pupils: bool = False,
    visibility: str = RecordingAudience.GROUP,
    school=None,
    downloads_allowed: bool = False,
    note: str = "",
) -> RecordingConsent:
    """Create or replace a recording's consent record (the confirming user and time are stamped
    when consent or "no pupils" is given)."""
    confirmed = bool(consent_audience or no_pupils)
    consent, _ = RecordingConsent.objects.update_or_create(
        media=media,
        defaults={
            "consent_audience": consent_audience,
            "no_pupils": no_pupils,
            "confirmed_by": confirmed_by if confirmed else None,
            "confirmed_at": timezone.now() if confirmed else None,
            "visibility": visibility,
            "school": school,
            "downloads_allowed": downloads_allowed,
            "note": note,
        },
    )
    media._state.fields_cache.pop("consent", None)  # a cached "no consent" answer is stale now
    return consent
