"""学分档案 (credit records) in the exchange format a 学分银行 accepts: one row per ledger entry
with a stable, versioned schema (``SCHEMA_VERSION``), written as CSV, XLSX or JSON, and the
editors' import of external credits in the same schema. The format is documented in
``docs/credit-records.md``; change a field only with a new schema version.

Import rules (why):
- All or nothing: every line is checked first; one refused line writes nothing, so an operator
  fixes the file and runs it again without cleaning up half an import.
- A line whose teacher already has an entry with the same activity, date and row digest is a
  duplicate: skipped and reported, never doubled (so re-importing a file, or importing our own
  export back, changes nothing).
- The same record id with other content is refused: the ledger's line would silently differ
  from the sender's.
- Imported lines are credits another body already granted: they are written as given (yearly caps
  are not applied, negative lines — reversals — are kept), with the importing editor as 认定人.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from wagtail.models import Page

from home.models import Role
from home.people import display_name, people_in_scope_q, profile_of
from resources.review.models import Recommendation

from .models import CreditEntry, CreditSource

SCHEMA = "rtpt-credit-records"
SCHEMA_VERSION = 1
FIELDS = [
    "schema_version",
    "teacher",
    "teacher_name",
    "record_id",
    "activity",
    "category",
    "hours",
    "credits",
    "date",
    "issuer",
    "evidence",
    "digest",
]
# The fields the per-row digest covers (teacher_name is for people reading the file).
DIGEST_FIELDS = ["schema_version", "teacher", "record_id", "activity", "category", "hours", "credits", "date", "issuer"]
ONE_DECIMAL = Decimal("0.1")


class RecordsError(ValueError):
    """A file that cannot be read at all; the message is shown to the editor."""


class RecordsRefused(PermissionError):
    """The user may not import credit records."""


def row_digest(row: dict) -> str:
    """SHA-256 of the row's canonical fields (JSON array, UTF-8), lower-case hex."""
    payload = json.dumps([str(row.get(name, "")) for name in DIGEST_FIELDS], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _decimal_text(value) -> str:
    return "" if value is None or value == "" else str(Decimal(str(value)).quantize(ONE_DECIMAL))


def _evidence_links(entries) -> dict[str, str]:
    """Where a native entry's evidence lies: the course page of ``course:<id>``, the work of
    ``recommendation:<id>`` (and of its reversal)."""
    page_of_key: dict[str, int] = {}
    recommendation_keys: dict[int, list[str]] = {}
    for e in entries:
        kind, _, rest = e.source_key.partition(":")
        number = rest.split(":")[0]
        if not (number.isascii() and number.isdigit()):
            continue
        if kind == "course":
            page_of_key[e.source_key] = int(number)
        elif kind == "recommendation":
            recommendation_keys.setdefault(int(number), []).append(e.source_key)
    for rec_id, page_id in Recommendation.objects.filter(pk__in=recommendation_keys).values_list("pk", "page_id"):
        for key in recommendation_keys[rec_id]:
            page_of_key[key] = page_id
    pages = {p.pk: p for p in Page.objects.filter(pk__in=set(page_of_key.values()))}
    return {key: pages[pid].full_url or "" for key, pid in page_of_key.items() if pid in pages}


def credit_record_rows(entries) -> list[dict]:
    """The exchange rows of ledger ``entries`` (schema ``SCHEMA_VERSION``), digest included."""
    entries = list(entries)
    links = _evidence_links([e for e in entries if not e.evidence_url])
    rows = []
    for e in entries:
        row = {
            "schema_version": str(SCHEMA_VERSION),
            "teacher": e.teacher.get_username(),
            "teacher_name": display_name(e.teacher),
            "record_id": e.source_key,
            "activity": e.description,
            "category": e.source,
            "hours": _decimal_text(e.hours),
            "credits": _decimal_text(e.amount),
            "date": e.earned_on.isoformat(),
            "issuer": e.issuer or settings.CERTIFICATE_ISSUER,
            "evidence": e.evidence_url or links.get(e.source_key, ""),
        }
        row["digest"] = row_digest(row)
        rows.append(row)
    return rows


def ledger_entries(teachers=None):
    """Entries in export order (teacher, date, id); all teachers' when ``teachers`` is None."""
    entries = CreditEntry.objects.select_related("teacher__profile").order_by("teacher__username", "earned_on", "pk")
    return entries if teachers is None else entries.filter(teacher__in=teachers)


# --- writers ---------------------------------------------------------------------------------
def records_csv(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # the BOM makes Excel read UTF-8


def records_xlsx(rows: list[dict]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("credit_records")
    sheet.append(FIELDS)
    for row in rows:
        sheet.append([row[name] for name in FIELDS])  # all text: Excel must not reformat dates or 3.0
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def records_json(rows: list[dict], *, export_code: str = "", verify_url: str = "") -> bytes:
    document = {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "issuer": settings.CERTIFICATE_ISSUER,
        "exported_at": timezone.localtime().isoformat(timespec="seconds"),
        "export_code": export_code,
        "verify_url": verify_url,
        "records": [{k: v for k, v in row.items() if k != "schema_version"} for row in rows],
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


WRITERS = {
    "csv": ("text/csv; charset=utf-8", records_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", records_xlsx),
    "json": ("application/json; charset=utf-8", records_json),
}


# --- readers ---------------------------------------------------------------------------------
def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


REQUIRED_COLUMNS = ["schema_version", "teacher", "activity", "category", "credits", "date"]


def _check_header(header) -> None:
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise RecordsError(f"第 1 行应为列名，缺少：{'、'.join(missing)}（格式见 docs/credit-records.md）。")


def records_read(data: bytes, *, name: str) -> list[tuple[str, dict]]:
    """(line label, row) pairs of a CSV, XLSX or JSON file, told by its name's ending."""
    suffix = name.rsplit(".", 1)[-1].lower()
    if suffix == "json":
        try:
            document = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise RecordsError(f"JSON 文件无法读取：{exc}") from exc
        if not isinstance(document, dict) or not isinstance(document.get("records"), list):
            raise RecordsError("JSON 文件应为一个对象，记录放在 records 数组中。")
        version = str(document.get("schema_version", ""))
        rows = []
        for i, record in enumerate(document["records"], start=1):
            row = {k: _cell(v) for k, v in record.items()} if isinstance(record, dict) else {}
            rows.append((f"第 {i} 条", {"schema_version": version, **row}))
        return rows
    if suffix == "csv":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise RecordsError("CSV 文件须为 UTF-8 编码。") from exc
        reader = csv.DictReader(io.StringIO(text))
        _check_header(reader.fieldnames or [])
        return [(f"第 {i} 行", {k: _cell(v) for k, v in row.items() if k}) for i, row in enumerate(reader, start=2)]
    if suffix == "xlsx":
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
            raise RecordsError("Excel 文件无法读取，请另存为 .xlsx 后重试。") from exc
        lines = sheet.iter_rows(values_only=True)
        header = [_cell(h) for h in next(lines, ())]
        _check_header(header)
        return [
            (f"第 {i} 行", {h: _cell(v) for h, v in zip(header, values, strict=False) if h})
            for i, values in enumerate(lines, start=2)
            if any(v not in (None, "") for v in values)
        ]
    raise RecordsError("只支持 .csv、.xlsx 与 .json 文件。")


# --- import ----------------------------------------------------------------------------------
@dataclass
class ImportLine:
    label: str
    outcome: str  # 新增 / 重复（跳过） / 错误
    message: str = ""


@dataclass
class ImportReport:
    lines: list[ImportLine] = field(default_factory=list)
    written: bool = False

    @property
    def errors(self) -> list[ImportLine]:
        return [line for line in self.lines if line.outcome == "错误"]

    def count(self, outcome: str) -> int:
        return sum(1 for line in self.lines if line.outcome == outcome)

    @property
    def created(self) -> int:
        return self.count("新增")

    @property
    def skipped(self) -> int:
        return self.count("重复（跳过）")


def _clean(row: dict, teachers: dict) -> tuple[dict, str]:
    """The row made canonical, or a Chinese reason for refusing it."""
    if row.get("schema_version") != str(SCHEMA_VERSION):
        return row, f"格式版本“{row.get('schema_version', '')}”不受支持（应为 {SCHEMA_VERSION}）。"
    teacher = teachers.get(row.get("teacher", ""))
    if teacher is None:
        return row, f"教师账号“{row.get('teacher', '')}”不存在或不在您的管理范围内。"
    activity = row.get("activity", "")
    if not activity or len(activity) > 200:
        return row, "活动名称（activity）不能为空，且不超过 200 字。"
    if row.get("category") not in CreditSource.values:
        return row, f"学分类别“{row.get('category', '')}”无效，应为 {'、'.join(CreditSource.values)} 之一。"
    try:
        credits = Decimal(row.get("credits", ""))
        hours = Decimal(row["hours"]) if row.get("hours") else None
    except InvalidOperation:
        return row, "学分（credits）或学时（hours）不是数字。"
    if not credits.is_finite() or credits == 0 or abs(credits) >= 100000:
        return row, "学分（credits）须为非零数字。"
    if hours is not None and (not hours.is_finite() or hours < 0 or hours >= 100000):
        return row, "学时（hours）须为不小于 0 的数字。"
    try:
        date = datetime.date.fromisoformat(row.get("date", ""))
    except ValueError:
        return row, f"日期“{row.get('date', '')}”无效，应为 YYYY-MM-DD。"
    issuer = row.get("issuer", "") or settings.CERTIFICATE_ISSUER
    clean = {
        **row,
        "activity": activity,
        "hours": _decimal_text(hours),
        "credits": _decimal_text(credits),
        "date": date.isoformat(),
        "issuer": issuer[:100],
        "evidence": row.get("evidence", "")[:500],
    }
    given = row_digest(clean)  # over the line as sent, record_id possibly empty
    if row.get("digest") and row["digest"].lower() != given:
        return row, "摘要（digest）与该行内容不符：文件可能被改动过。"
    clean["record_id"] = (row.get("record_id") or f"external:{given[:24]}")[:100]
    clean["digest"] = row_digest(clean)  # as the ledger will export it
    return clean, ""


def can_import_records(user) -> bool:
    """Editors (编辑) and superusers import credit records."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    profile = profile_of(user)
    return user.is_superuser or (profile is not None and profile.role == Role.EDITOR)


def credit_records_import(*, data: bytes, name: str, editor, dry_run: bool = False) -> ImportReport:
    """Import external credits (学分档案) for teachers in ``editor``'s scope; see the module's
    docstring for the rules. With ``dry_run`` every line is checked and reported, nothing written.
    Only editors and superusers import (``RecordsRefused`` otherwise)."""
    if not can_import_records(editor):
        raise RecordsRefused("只有编辑或管理员可以导入学分档案。")
    rows = records_read(data, name=name)
    usernames = {row.get("teacher", "") for _, row in rows}
    teachers = {
        u.get_username(): u
        for u in get_user_model().objects.filter(username__in=usernames).filter(people_in_scope_q(editor))
    }
    existing: dict[tuple[int, str], str] = {}  # (teacher id, record id) -> digest
    by_content: set[tuple[int, str, str, str]] = set()  # teacher id, activity, date, digest
    for row in credit_record_rows(ledger_entries(teachers.values())):
        teacher_id = teachers[row["teacher"]].pk
        existing[(teacher_id, row["record_id"])] = row["digest"]
        by_content.add((teacher_id, row["activity"], row["date"], row["digest"]))
    report, to_write = ImportReport(), []
    for label, raw in rows:
        row, error = _clean(raw, teachers)
        if error:
            report.lines.append(ImportLine(label, "错误", error))
            continue
        teacher = teachers[row["teacher"]]
        if (teacher.pk, row["activity"], row["date"], row["digest"]) in by_content:
            report.lines.append(ImportLine(label, "重复（跳过）", f"{row['teacher']} {row['date']} {row['activity']}"))
            continue
        if (teacher.pk, row["record_id"]) in existing:
            report.lines.append(ImportLine(label, "错误", f"记录标识“{row['record_id']}”已存在，但内容不同。"))
            continue
        existing[(teacher.pk, row["record_id"])] = row["digest"]
        by_content.add((teacher.pk, row["activity"], row["date"], row["digest"]))
        report.lines.append(ImportLine(label, "新增", f"{row['teacher']} {row['date']} {row['activity']}"))
        to_write.append((teacher, row))
    if dry_run or report.errors or not to_write:
        return report
    with transaction.atomic():
        CreditEntry.objects.bulk_create(
            CreditEntry(
                teacher=teacher,
                source=row["category"],
                amount=Decimal(row["credits"]),
                hours=Decimal(row["hours"]) if row["hours"] else None,
                description=row["activity"],
                earned_on=datetime.date.fromisoformat(row["date"]),
                source_key=row["record_id"],
                issuer="" if row["issuer"] == settings.CERTIFICATE_ISSUER else row["issuer"],
                evidence_url=row["evidence"],
                verified_by=editor,
            )
            for teacher, row in to_write
        )
    report.written = True
    return report
