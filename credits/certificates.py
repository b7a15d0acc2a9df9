"""证书 (certificates) of the credit bank: a PDF with a QR code for a completed course (课程结业证书),
an accepted recommendation (优秀成果证书: 县级/市级/省级优秀, the work and the awarded revision) and a
year's credits (年度学分证明).

Each certificate is an ``ExportRecord`` (导出凭证) of its own kind: its random code is in the QR
code's URL (the public verify page), its summary is what the certificate states, and its digest
covers the ledger lines it rests on. A certificate is about a *subject* of one teacher —
``course-<page id>``, ``award-<recommendation id>``, ``year-<YYYY>`` — and is valid while the
statement rebuilt from today's ledger reads the same (有效); it is void (作废) once its credit is
removed or the recommendation withdrawn, and changed (已变更) when the lines differ.

Rendering a PDF is CPU-heavy (WeasyPrint lays out a CJK font), so a download reuses the teacher's
latest record for the subject while it is still valid, and the rendered PDF of a record is kept in
the cache for ``settings.CERTIFICATE_CACHE_SECONDS``: reloading the download neither registers a
new code nor renders again. A certificate whose ledger lines changed gets a new code on its next
download; the old one then verifies as 已变更.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone

from wagtail.models import Page

from home.people import display_name
from home.text import book_title
from resources.review.models import Recommendation, RecommendationStatus

from .exports import export_digest, export_record_create
from .models import CreditEntry, ExportKind, ExportRecord
from .selectors import credit_entries, credit_rows

CERTIFICATE_KINDS = (ExportKind.COURSE_CERTIFICATE, ExportKind.AWARD_CERTIFICATE, ExportKind.YEARLY_RECORD)
SUBJECT_RE = re.compile(r"^(course|award|year)-(\d{1,10})$")
KIND_OF = {
    "course": ExportKind.COURSE_CERTIFICATE,
    "award": ExportKind.AWARD_CERTIFICATE,
    "year": ExportKind.YEARLY_RECORD,
}


class CertificateStatus:
    VALID = "valid"
    REVOKED = "revoked"
    CHANGED = "changed"

    LABELS = {VALID: "有效", REVOKED: "已作废", CHANGED: "已变更"}


@dataclass
class Statement:
    """What a certificate states (the record's summary) and the ledger rows its digest covers."""

    subject: str
    kind: str
    summary: dict
    rows: list[list]


def _amount(value) -> str:
    return "" if value is None else str(value)


def _course_statement(teacher, page_id: int) -> Statement | None:
    entry = credit_entries(teacher=teacher).filter(source_key=f"course:{page_id}").first()
    if entry is None:
        return None
    title = Page.objects.filter(pk=page_id).values_list("title", flat=True).first()
    return Statement(
        subject=f"course-{page_id}",
        kind=ExportKind.COURSE_CERTIFICATE,
        summary={
            "title": f"完成课程{book_title(title)}" if title else entry.description,
            "course": book_title(title) if title else entry.description,
            "hours": _amount(entry.hours),
            "credits": _amount(entry.amount),
            "date": entry.earned_on.isoformat(),
            "entry_ids": [entry.pk],
        },
        rows=credit_rows([entry]),
    )


def _award_statement(teacher, recommendation_id: int) -> Statement | None:
    key = f"recommendation:{recommendation_id}"
    entry = credit_entries(teacher=teacher).filter(source_key=key).first()
    if entry is None or CreditEntry.objects.filter(teacher=teacher, source_key=f"{key}:withdrawn").exists():
        return None
    recommendation = (
        Recommendation.objects.select_related("page", "revision", "region").filter(pk=recommendation_id).first()
    )
    if recommendation is None or recommendation.status != RecommendationStatus.ACCEPTED:
        return None
    revision = recommendation.revision
    revision_label = (
        f"第 {revision.pk} 号版本（{timezone.localtime(revision.created_at):%Y-%m-%d}）"
        if revision
        else "认定时的公开版本"
    )
    level = recommendation.get_level_display()
    return Statement(
        subject=f"award-{recommendation_id}",
        kind=ExportKind.AWARD_CERTIFICATE,
        summary={
            "title": f"{book_title(recommendation.page.title)}获评{level}",
            "level": level,
            "work": book_title(recommendation.page.title),
            "revision": revision_label,
            "authority": recommendation.region.name if recommendation.region_id else "",
            "credits": _amount(entry.amount),
            "date": entry.earned_on.isoformat(),
            "entry_ids": [entry.pk],
        },
        rows=[*credit_rows([entry]), [recommendation.status, recommendation.level, revision.pk if revision else ""]],
    )


def _year_statement(teacher, year: int) -> Statement | None:
    entries = list(credit_entries(teacher=teacher).filter(earned_on__year=year))
    if not entries:
        return None
    hours = sum((e.hours for e in entries if e.hours is not None), Decimal("0"))
    return Statement(
        subject=f"year-{year}",
        kind=ExportKind.YEARLY_RECORD,
        summary={
            "title": f"{year} 年度学分证明（{len(entries)} 条学分记录）",
            "year": year,
            "hours": _amount(hours) if hours else "",
            "credits": _amount(sum((e.amount for e in entries), Decimal("0"))),
            "date": max(e.earned_on for e in entries).isoformat(),
            "entries": len(entries),
            "entry_ids": [e.pk for e in entries],
        },
        rows=credit_rows(entries),
    )


def certificate_statement(*, teacher, subject: str) -> Statement | None:
    """What the certificate of ``subject`` would state for ``teacher`` today; None when the
    teacher has no such certificate (someone else's course, a withdrawn award, a bad subject)."""
    match = SUBJECT_RE.match(subject or "")
    if teacher is None or match is None:
        return None
    builder = {"course": _course_statement, "award": _award_statement, "year": _year_statement}[match[1]]
    statement = builder(teacher, int(match[2]))
    if statement is not None:
        statement.summary = {
            "subject": statement.subject,
            "name": display_name(teacher),
            "issuer": settings.CERTIFICATE_ISSUER,
            **statement.summary,
        }
    return statement


def certificate_status(record: ExportRecord) -> str:
    """有效 / 已作废 / 已变更 of a certificate, from today's ledger."""
    statement = certificate_statement(teacher=record.teacher, subject=record.summary.get("subject", ""))
    if statement is None:
        return CertificateStatus.REVOKED
    if export_digest(statement.rows) != record.digest:
        return CertificateStatus.CHANGED
    return CertificateStatus.VALID


def certificate_issue(*, teacher, subject: str) -> ExportRecord | None:
    """The teacher's certificate of ``subject``: the latest registered one while it still reads
    the same as the ledger, else a newly registered one. None when there is no such certificate."""
    statement = certificate_statement(teacher=teacher, subject=subject)
    if statement is None:
        return None
    digest = export_digest(statement.rows)
    latest = (
        ExportRecord.objects.filter(teacher=teacher, kind=statement.kind, summary__subject=statement.subject)
        .order_by("-created_at", "-pk")
        .first()
    )
    if latest is not None and latest.digest == digest and latest.summary == statement.summary:
        return latest
    return export_record_create(
        kind=statement.kind, created_by=teacher, teacher=teacher, rows=statement.rows, summary=statement.summary
    )


def qr_data_uri(url: str) -> str:
    """The QR code of ``url`` as a PNG data URI (segno; error correction M survives print and phone cameras)."""
    import segno

    return segno.make(url, error="m", micro=False).png_data_uri(scale=6, border=4)


def certificate_html(*, record: ExportRecord, verify_url: str) -> str:
    return render_to_string(
        "credits/certificate.html",
        {
            "record": record,
            "s": record.summary,
            "verify_url": verify_url,
            "qr": qr_data_uri(verify_url),
            "issued_on": timezone.localtime(record.created_at),
        },
    )


def certificate_pdf(*, record: ExportRecord, verify_url: str) -> bytes:
    """The certificate as a PDF (WeasyPrint), rendered once per record and address and then kept
    in the cache (see the module's docstring)."""
    key = f"credits:certificate-pdf:{record.code}:{hashlib.sha256(verify_url.encode()).hexdigest()[:16]}"
    pdf = cache.get(key)
    if pdf is None:
        import weasyprint  # imported here: loading Pango costs every process that never renders

        pdf = weasyprint.HTML(string=certificate_html(record=record, verify_url=verify_url)).write_pdf()
        cache.set(key, pdf, settings.CERTIFICATE_CACHE_SECONDS)
    return pdf
