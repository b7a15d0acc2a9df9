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

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from .models import RecordingAudience, RecordingConsent
from .people import profile_of
from .signals import resources_changed
from .streaming import ranged_file_response

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
    page_ids = pages_showing(media)
    if page_ids:
        # Search documents, the sitemap and the anonymous page cache follow the new audience.
        resources_changed.send(sender=RecordingConsent, page_ids=page_ids)
    return consent


# The note migration 0013 wrote on the records of videos uploaded before consent existed.
MIGRATION_NOTE = "系统迁移：上线前已有的视频，尚未确认授权"


def held_by_migration(media) -> bool:
    """``media``'s only record is the one migration 0013 wrote (nobody confirmed anything since).
    Demo loaders give their own recordings demo consent then, so that a database that held the
    demo before consent existed keeps a working showcase on ``make run``; nothing else uses it."""
    consent = consent_of(media)
    return consent is not None and consent.confirmed_at is None and consent.note == MIGRATION_NOTE


def pages_showing(media) -> list[int]:
    """Ids of the pages that show ``media`` (a recording page, a case's design, a work), from
    Wagtail's reference index."""
    from django.contrib.contenttypes.models import ContentType

    from wagtail.models import Page, ReferenceIndex

    rows = ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        to_content_type=ContentType.objects.get_for_model(type(media)),
        to_object_id=str(media.pk),
    ).values_list("object_id", flat=True)
    return sorted({int(pk) for pk in rows})


def wants_download(request) -> bool:
    """A player streams; a 下载 link adds ``?download=1`` to the same address."""
    return request.GET.get("download") == "1"


def recording_response(request, media, *, in_group: bool = False):
    """The one way a recording of pupils is streamed: 404 to whoever may not watch it (its
    existence is not disclosed), HTTP Range for the player, ``inline`` always, and as an
    attachment only on ``?download=1`` when the recording allows downloads (else 403 with
    the reason). Callers add their own page rules before calling (a showcase case shows
    public recordings only)."""
    if media is None or not media.file or not may_watch(request.user, media, in_group=in_group):
        raise Http404("视频不存在或未获公开授权。")
    return watched_stream(request, media)


def watched_stream(request, media):
    """The stream of a recording the caller found the visitor may watch: inline with Range,
    or on ``?download=1`` an attachment when the recording allows downloads (403 otherwise)."""
    if wants_download(request):
        consent = consent_of(media)
        if not (consent and consent.downloads_allowed):
            raise PermissionDenied("该视频未开放下载。")
        extension = media.file.name.rsplit(".", 1)[-1] if "." in media.file.name else "mp4"
        return ranged_file_response(request, file=media.file, as_attachment=True, filename=f"{media.title}.{extension}")
    return ranged_file_response(request, file=media.file)


def pupils_state(consent: RecordingConsent | None) -> str:
    """学生出镜情况 of a consent record, as the upload forms ask it."""
    if consent is None:
        return PUPILS_NOT_YET
    if consent.no_pupils:
        return PUPILS_NONE
    return PUPILS_CONSENTED if consent.consent_audience else PUPILS_NOT_YET


PUPILS_NONE, PUPILS_CONSENTED, PUPILS_NOT_YET = "none", "consented", "not_yet"
PUPILS_CHOICES = [
    (PUPILS_NONE, "无学生出镜"),
    (PUPILS_CONSENTED, "已取得监护人同意"),
    (PUPILS_NOT_YET, "尚未取得监护人同意"),
]
