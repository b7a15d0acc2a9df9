"""导出凭证 (verifiable exports) of the credit bank: every export is registered with a random code
and a SHA-256 digest of the exported rows; the public verify page recomputes the digest of the
same ledger entries to say whether they changed since.

Also the CSV writer every export shares (UTF-8 with a BOM so that Excel reads Chinese).
"""

from __future__ import annotations

import csv
import hashlib
import json
import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from home.people import display_name, profile_of

from .models import CreditEntry, ExportKind, ExportRecord
from .selectors import CREDIT_HEADER, credit_entries, credit_rows

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
LEDGER_KINDS = (ExportKind.CREDITS_CSV, ExportKind.CREDITS_PRINT, ExportKind.CREDIT_RECORDS)


def export_digest(rows) -> str:
    payload = json.dumps([[str(cell) for cell in row] for row in rows], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def export_code_new() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def export_record_create(*, kind: str, created_by, rows, summary: dict, teacher=None, workshop=None) -> ExportRecord:
    """Register an export and return its record; the code goes on the exported file or page."""
    for _ in range(5):
        code = export_code_new()
        if not ExportRecord.objects.filter(code=code).exists():
            break
    return ExportRecord.objects.create(
        code=code,
        kind=kind,
        teacher=teacher,
        workshop=workshop,
        created_by=created_by,
        summary=summary,
        digest=export_digest(rows),
    )


@dataclass
class CreditExport:
    record: ExportRecord
    entries: list[CreditEntry]
    rows: list[list]
    total: Decimal | int


def credit_export_create(*, user, kind: str) -> CreditExport:
    """Export the user's own ledger (CSV or printable record): the rows, their total and the
    registered export whose summary names the teacher and lists the exported entries."""
    entries = list(credit_entries(teacher=user))
    rows = credit_rows(entries)
    total = sum((e.amount for e in entries), 0)
    profile = profile_of(user)
    record = export_record_create(
        kind=kind,
        created_by=user,
        teacher=user,
        rows=rows,
        summary={
            "name": display_name(user),
            "school": str(profile.school) if profile and profile.school_id else "",
            "entries": len(entries),
            "total": str(total),
            "entry_ids": [e.pk for e in entries],
        },
    )
    return CreditExport(record=record, entries=entries, rows=rows, total=total)


@dataclass
class Verification:
    code: str
    export: ExportRecord | None
    unchanged: bool | None  # None when the export is not a ledger export (nothing to compare)
    # A certificate's 有效 / 已作废 / 已变更 (``certificates.CertificateStatus``); None for other exports.
    status: str | None = None


class VerificationLimited(Exception):
    """Too many unknown codes from one address; the message is shown as it is (HTTP 429)."""


def _failures_key(client: str) -> str:
    return f"credits:verify-failures:{client}"


def export_verification_checked(*, code: str, client: str | None) -> Verification:
    """``export_verification`` for the public page, throttled per client address: after
    ``settings.VERIFY_FAILURE_LIMIT`` unknown codes within ``settings.VERIFY_COOLOFF_MINUTES``
    every check from that address (a right code too) raises ``VerificationLimited`` until the
    time is up. Only unknown codes count: opening the page or checking a real code does not."""
    key = _failures_key(client or "unknown")
    minutes = settings.VERIFY_COOLOFF_MINUTES
    if (cache.get(key) or 0) >= settings.VERIFY_FAILURE_LIMIT:
        raise VerificationLimited(f"验证失败次数过多，请 {minutes} 分钟后再试。")
    verification = export_verification(code)
    # An unknown code counts; the window starts at the first one (add), incr keeps its expiry.
    if verification.code and verification.export is None and not cache.add(key, 1, minutes * 60):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, minutes * 60)
    return verification


def export_verification(code: str) -> Verification:
    """验证: find the export of ``code`` (case and surrounding spaces do not matter) and, for a
    ledger export, whether the exported entries still read the same."""
    code = (code or "").strip().upper()
    export = ExportRecord.objects.select_related("teacher", "workshop").filter(code=code).first() if code else None
    unchanged = None
    if export is not None and export.kind in LEDGER_KINDS and export.teacher_id:
        ids = export.summary.get("entry_ids", [])
        current = list(CreditEntry.objects.filter(pk__in=ids).select_related("verified_by").order_by("earned_on", "pk"))
        unchanged = len(current) == len(ids) and export_digest(credit_rows(current)) == export.digest
    status = None
    if export is not None:
        from .certificates import CERTIFICATE_KINDS, certificate_status  # certificates build on this module

        if export.kind in CERTIFICATE_KINDS:
            status = certificate_status(export)
    return Verification(code=code, export=export, unchanged=unchanged, status=status)


def export_footer(record: ExportRecord, *, verify_url: str) -> list[list]:
    """The last lines of an exported file: when, the code and where to check it."""
    return [
        ["导出时间", timezone.localtime(record.created_at).strftime("%Y-%m-%d %H:%M")],
        ["验证码", record.code],
        ["验证地址", verify_url],
    ]


def csv_response(filename: str, header: list, rows: list, footer: list[list]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)  # quoted, whatever the name
    response.write("\ufeff")  # Excel opens UTF-8 Chinese correctly with a BOM
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    writer.writerow([])
    writer.writerows(footer)
    return response


def credits_csv_response(export: CreditExport, *, filename: str, verify_url: str) -> HttpResponse:
    """The ledger as CSV: entries, then the total, the teacher, and the export's code."""
    summary = export.record.summary
    footer = [
        ["合计学分", str(export.total)],
        ["教师", summary["name"], summary["school"]],
        *export_footer(export.record, verify_url=verify_url),
    ]
    return csv_response(filename, CREDIT_HEADER, export.rows, footer)
