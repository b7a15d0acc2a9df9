"""Teacher accounts at county scale (教师账号批量导入): an editor uploads the list a school or a
county office keeps — a CSV or an Excel workbook — and the portal creates or updates one teacher
account per line.

Choices, and why:

- **Columns by their Chinese header**, in any order, with a few synonyms (``COLUMNS``): 姓名,
  用户名 (or 工号), 学校, 任教学科, 学段, 邮箱. Extra columns are ignored, so an office can upload the
  sheet it already keeps. Line numbers are the spreadsheet's (the header is line 1), so a
  reported error points at the row the editor sees; blank rows are skipped but still counted.
- **Reading.** CSV is tried as UTF-8 (with or without the BOM Excel writes) and then as GB18030,
  the superset of the GBK that Chinese Excel uses for "CSV (逗号分隔)". XLSX is read with
  openpyxl in read-only mode (streams the first sheet; formulas give their cached values); a
  number-looking 工号 that Excel stored as a number comes back as its digits, not ``20230001.0``.
  openpyxl parses the XML with defusedxml (installed and pinned), and uploads are capped at 2 MB
  and ``MAX_LINES`` lines, so a crafted workbook cannot make the server expand it without bound.
- **Validation per line**, all errors of a line reported together: name and username required
  (username: letters, digits, ``_ . - @``, ≤ 150, the sign-in form's 用户名或工号); the school by
  its exact name and inside the importing editor's region (``people.region_covers`` with
  ``TeacherProfile.scope_region``; a superuser or an editor without a region imports anywhere);
  subjects and stage by their exact taxonomy names; e-mail valid if given and not another
  account's nor repeated in the file (a reset link goes to every account of an address); a
  username repeated in the file is an error on the later line.
- **Existing accounts.** A username that exists is updated (name, school, subjects, stage,
  e-mail) and keeps its password: re-importing a list never locks anyone out. It is refused when
  it belongs to a trainer, an editor or a staff account (an import never changes anyone's role),
  and when it is a teacher the editor does not oversee (``people.person_in_scope``): otherwise an
  editor could move another county's teacher, or change their e-mail and reset their password.
  A blank cell keeps what the account has (a sheet without an e-mail column clears nobody's).
- **Idempotent.** A line whose values the account already has reports 无变化 and writes nothing,
  so importing the same file twice changes nothing the second time.
- **New accounts** get the role 教师 (the 教师 group, as every teacher has), an initial password —
  the one the editor typed for the whole file, else a random one per account, shown in the report
  of the real run only, once, and stored nowhere else — and ``must_change_password``, which
  ``home.middleware.FirstLoginPasswordMiddleware`` enforces at the first sign-in.
- **Dry run** (试运行) validates and reports exactly as a real run would, and writes nothing. A
  real run writes each valid line in its own transaction; an invalid line writes nothing and does
  not stop the others.
"""

from __future__ import annotations

import csv
import io
import re
import secrets
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import TextChoices
from django.db.models.functions import Lower

from .models import Role, School, Stage, Subject, TeacherProfile
from .people import person_in_scope, profile_of, region_covers

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_LINES = 20000
EXTENSIONS = ("csv", "xlsx")

# Column key -> accepted headers (compared without spaces, case-insensitively).
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "教师姓名", "真实姓名"),
    "username": ("用户名", "工号", "账号", "登录名", "教师工号"),
    "school": ("学校", "学校名称", "所在学校", "任教学校"),
    "subjects": ("任教学科", "学科"),
    "stage": ("学段", "任教学段"),
    "email": ("邮箱", "电子邮箱", "电子邮件", "email", "e-mail"),
}
COLUMN_LABELS = {key: names[0] for key, names in COLUMNS.items()}
USERNAME = re.compile(r"^[A-Za-z0-9_.@-]{1,150}$")
SUBJECT_SEPARATORS = re.compile(r"[、,，;；\s]+")
# No 0/O, 1/l/I: the password is read off a screen or a printout.
UNAMBIGUOUS_CHARS = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class ImportFileError(ValueError):
    """The file as a whole cannot be read (type, size, encoding, missing columns); the message is
    shown to the editor."""


class ImportRefused(PermissionError):
    """The actor may not import teacher accounts; the message says why."""


class Outcome(TextChoices):
    CREATED = "created", "新建"
    UPDATED = "updated", "更新"
    UNCHANGED = "unchanged", "无变化"
    ERROR = "error", "错误"


@dataclass(frozen=True)
class SheetRow:
    """One non-blank line of an uploaded sheet: its line number as the spreadsheet shows it and
    its cells by column key."""

    line: int
    values: dict[str, str]


@dataclass
class LineResult:
    line: int
    username: str
    name: str
    outcome: str
    message: str
    password: str = ""

    @property
    def is_error(self) -> bool:
        return self.outcome == Outcome.ERROR


@dataclass
class ImportReport:
    dry_run: bool
    lines: list[LineResult] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        counts = {label: 0 for label in Outcome.labels}
        for result in self.lines:
            counts[Outcome(result.outcome).label] += 1
        return counts

    @property
    def error_count(self) -> int:
        return sum(1 for result in self.lines if result.is_error)

    @property
    def new_accounts(self) -> list[LineResult]:
        """New accounts with the initial password to hand out (real run only)."""
        return [r for r in self.lines if r.outcome == Outcome.CREATED and r.password]

    def as_text(self) -> list[str]:
        """The report as lines of text (the management command prints these)."""
        out = ["试运行：只检查，未写入任何数据。"] if self.dry_run else []
        for r in self.lines:
            who = " ".join(part for part in (r.username, r.name) if part)
            text = f"第 {r.line} 行 {who}：{r.message}" if who else f"第 {r.line} 行：{r.message}"
            if r.password:
                text += f"（初始密码 {r.password}）"
            out.append(text)
        out.append("合计：" + "，".join(f"{label} {n}" for label, n in self.counts.items()))
        return out


# --- Reading a sheet ----------------------------------------------------------------------------


def check_upload(upload) -> None:
    """A CSV or XLSX file of at most 2 MB (raises ``ImportFileError``)."""
    name = getattr(upload, "name", "") or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in EXTENSIONS:
        raise ImportFileError("请上传 CSV 或 Excel（.xlsx）文件。")
    if upload.size > MAX_UPLOAD_BYTES:
        raise ImportFileError("文件超过 2 MB，请分成几个文件导入。")


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel keeps a 工号 typed as a number as a float
    return str(value).strip()


def _csv_rows(data: bytes) -> Iterable[list[str]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError("无法识别文件编码，请另存为 UTF-8 或 GBK 编码的 CSV。")
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first and "," not in first and "，" not in first else ","
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _xlsx_rows(data: bytes) -> Iterable[list[str]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ImportFileError("无法读取该 Excel 文件，请确认是 .xlsx 格式（不是 .xls）。") from error
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield [_cell_text(value) for value in row]
    finally:
        workbook.close()


def _column_key(header: str) -> str | None:
    wanted = re.sub(r"\s+", "", header or "").lower()
    for key, names in COLUMNS.items():
        if wanted in (n.lower() for n in names):
            return key
    return None


def read_sheet(*, data: bytes, filename: str, required: Iterable[str] = ("name", "username")) -> list[SheetRow]:
    """The non-blank lines of a CSV or XLSX file whose first line names the columns (``COLUMNS``).

    Raises ``ImportFileError`` when the file cannot be read or lacks one of the ``required``
    columns. Reused by every bulk upload that lists people (a workshop host's 批量添加成员 needs
    only the 用户名 column).
    """
    is_xlsx = filename.lower().endswith(".xlsx") or data[:4] == b"PK\x03\x04"
    rows = iter(_xlsx_rows(data) if is_xlsx else _csv_rows(data))
    try:
        header = next(rows)
    except StopIteration:
        raise ImportFileError("文件是空的。") from None
    except csv.Error as error:
        raise ImportFileError("CSV 文件格式有误，无法读取。") from error
    keys = [_column_key(_cell_text(h)) for h in header]
    missing = [COLUMN_LABELS[k] for k in required if k not in keys]
    if missing:
        raise ImportFileError(f"第 1 行缺少列：{'、'.join(missing)}（第 1 行应是列名）。")
    result = []
    try:
        for line, cells in enumerate(rows, start=2):
            if line > MAX_LINES + 1:
                raise ImportFileError(f"一次最多导入 {MAX_LINES} 行，请分成几个文件。")
            values = {}
            for key, cell in zip(keys, cells, strict=False):
                if key and key not in values:
                    values[key] = _cell_text(cell)
            if any(values.values()):
                result.append(SheetRow(line=line, values=values))
    except csv.Error as error:
        raise ImportFileError("CSV 文件格式有误，无法读取。") from error
    return result


# --- Importing teachers -------------------------------------------------------------------------


def can_import_teachers(user) -> bool:
    """Editors (编辑) and superusers import teacher accounts."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    profile = profile_of(user)
    return profile is not None and profile.role == Role.EDITOR


def _may_use_school(actor, school: School) -> bool:
    if actor is None or actor.is_superuser:
        return True
    profile = profile_of(actor)
    if profile.role == Role.EDITOR and not profile.region_id:
        return True
    return region_covers(profile.scope_region, school.region)


def random_password() -> str:
    return "".join(secrets.choice(UNAMBIGUOUS_CHARS) for _ in range(10))


@dataclass
class _Plan:
    """What one valid line asks for."""

    username: str
    name: str
    school: School
    subjects: list[Subject] | None
    stage: Stage | None
    email: str


class _Catalogue:
    """Schools, subjects, stages and existing accounts of one import, each read once."""

    def __init__(self, rows: list[SheetRow]):
        names = {r.values.get("school", "") for r in rows} - {""}
        self.schools: dict[str, list[School]] = {}
        for school in School.objects.filter(name__in=names).select_related("region"):
            self.schools.setdefault(school.name, []).append(school)
        self.subjects = {s.name: s for s in Subject.objects.all()}
        self.stages = {s.name: s for s in Stage.objects.all()}
        usernames = {r.values.get("username", "") for r in rows} - {""}
        users = (
            get_user_model()
            .objects.filter(username__in=usernames)
            .select_related("profile")
            .prefetch_related("profile__subjects", "groups")
        )
        self.users = {u.username: u for u in users}
        emails = {r.values.get("email", "").lower() for r in rows} - {""}
        self.email_owners: dict[str, set[str]] = {}
        owners = get_user_model().objects.annotate(email_lower=Lower("email")).filter(email_lower__in=emails)
        for username, email in owners.values_list("username", "email"):
            self.email_owners.setdefault(email.lower(), set()).add(username)


def _profile(user) -> TeacherProfile | None:
    try:
        return user.profile
    except TeacherProfile.DoesNotExist:
        return None


def _check_line(
    row: SheetRow, *, actor, catalogue: _Catalogue, seen: dict[str, int], seen_emails: dict[str, int]
) -> tuple[_Plan | None, list]:
    v = row.values
    errors = []
    name, username = v.get("name", ""), v.get("username", "")
    if not name:
        errors.append("缺少姓名")
    elif len(name) > 50:
        errors.append("姓名超过 50 个字")
    if not username:
        errors.append("缺少用户名（工号）")
    elif not USERNAME.match(username):
        errors.append(f"用户名“{username[:40]}”只能包含字母、数字和 _ . - @，最多 150 个字符")
    elif username in seen:
        errors.append(f"用户名“{username}”与第 {seen[username]} 行重复")
    else:
        seen[username] = row.line
    school = None
    school_name = v.get("school", "")
    if not school_name:
        errors.append("缺少学校")
    elif school_name not in catalogue.schools:
        errors.append(f"学校“{school_name}”不存在（须与系统中的校名完全一致）")
    else:
        allowed = [s for s in catalogue.schools[school_name] if _may_use_school(actor, s)]
        if not allowed:
            errors.append(f"学校“{school_name}”不在您负责的区域内")
        elif len(allowed) > 1:
            errors.append(f"有多所学校名为“{school_name}”，请联系管理员区分校名")
        else:
            school = allowed[0]
    subjects = None
    if v.get("subjects"):
        names = [n for n in SUBJECT_SEPARATORS.split(v["subjects"]) if n]
        unknown = [n for n in names if n not in catalogue.subjects]
        if unknown:
            errors.append(f"学科“{'、'.join(unknown)}”不存在")
        subjects = [catalogue.subjects[n] for n in dict.fromkeys(names) if n in catalogue.subjects]
    stage = None
    if v.get("stage"):
        stage = catalogue.stages.get(v["stage"])
        if stage is None:
            errors.append(f"学段“{v['stage']}”不存在")
    email = v.get("email", "")
    if email:
        try:
            validate_email(email)
            if len(email) > 254:
                raise ValidationError("too long")
        except ValidationError:
            errors.append(f"邮箱“{email[:60]}”格式不正确")
        else:
            if catalogue.email_owners.get(email.lower(), set()) - {username}:
                errors.append(f"邮箱“{email}”已被其他账号使用")
            elif email.lower() in seen_emails:
                errors.append(f"邮箱“{email}”与第 {seen_emails[email.lower()]} 行重复")
            else:
                seen_emails[email.lower()] = row.line
    user = catalogue.users.get(username)
    if user is not None:
        profile = _profile(user)
        if profile is not None and profile.role != Role.TEACHER:
            errors.append(f"该账号是{profile.get_role_display()}，不能作为教师导入")
        elif user.is_superuser or user.is_staff:
            errors.append("该账号是管理员，不能作为教师导入")
        elif profile is not None and profile.school_id and actor is not None and not person_in_scope(actor, user):
            errors.append("该账号属于您负责区域以外的学校，不能在此导入")
    if errors:
        return None, errors
    return _Plan(username=username, name=name, school=school, subjects=subjects, stage=stage, email=email), []


def _changes(user, plan: _Plan, teacher_group: Group) -> list[str]:
    """The labels of what an existing account would change (empty: 无变化)."""
    profile = _profile(user)
    if profile is None:
        return ["教师档案"]
    changed = []
    if profile.display_name != plan.name:
        changed.append("姓名")
    if profile.school_id != plan.school.pk:
        changed.append("学校")
    if plan.subjects is not None and {s.pk for s in profile.subjects.all()} != {s.pk for s in plan.subjects}:
        changed.append("任教学科")
    if plan.stage is not None and profile.stage_id != plan.stage.pk:
        changed.append("学段")
    if plan.email and user.email != plan.email:
        changed.append("邮箱")
    if all(group.pk != teacher_group.pk for group in user.groups.all()):
        changed.append("角色组")
    return changed


def _write(plan: _Plan, *, user, password: str, teacher_group: Group):
    """Create (``user`` None) or update one teacher account, in the caller's transaction."""
    if user is None:
        user = get_user_model()(username=plan.username, first_name=plan.name[:150], email=plan.email)
        user.set_password(password)
        user.save()
        profile = TeacherProfile(user=user, role=Role.TEACHER, must_change_password=True)
    else:
        if plan.email and user.email != plan.email:
            user.email = plan.email
            user.save(update_fields=["email"])
        profile = _profile(user) or TeacherProfile(user=user, role=Role.TEACHER)
    profile.display_name = plan.name
    profile.school = plan.school
    if plan.stage is not None:
        profile.stage = plan.stage
    profile.save()
    if plan.subjects is not None:
        profile.subjects.set(plan.subjects)
    user.groups.add(teacher_group)
    return user


def teachers_import(*, rows: list[SheetRow], actor, dry_run: bool = True, initial_password: str = "") -> ImportReport:
    """Import teacher accounts from ``rows`` (``read_sheet``) as ``actor`` (None: the command
    line, unrestricted). See the module docstring for the rules."""
    if actor is not None and not can_import_teachers(actor):
        raise ImportRefused("只有编辑或管理员可以导入教师账号。")
    if initial_password:
        try:
            password_validation.validate_password(initial_password)
        except ValidationError as error:
            raise ImportFileError("初始密码不符合要求：" + "".join(error.messages)) from error
    report = ImportReport(dry_run=dry_run)
    catalogue = _Catalogue(rows)
    teacher_group = Group.objects.get(name=Role.TEACHER.label)
    seen: dict[str, int] = {}
    seen_emails: dict[str, int] = {}
    for row in rows:
        plan, errors = _check_line(row, actor=actor, catalogue=catalogue, seen=seen, seen_emails=seen_emails)
        username, name = row.values.get("username", "")[:150], row.values.get("name", "")[:50]
        if errors:
            report.lines.append(LineResult(row.line, username, name, Outcome.ERROR, "；".join(errors)))
            continue
        user = catalogue.users.get(plan.username)
        if user is None:
            outcome, changed = Outcome.CREATED, []
        else:
            changed = _changes(user, plan, teacher_group)
            outcome = Outcome.UPDATED if changed else Outcome.UNCHANGED
        message = Outcome(outcome).label + (f"（{'、'.join(changed)}）" if changed else "")
        password = ""
        if not dry_run and outcome != Outcome.UNCHANGED:
            password = (initial_password or random_password()) if user is None else ""
            try:
                with transaction.atomic():
                    _write(plan, user=user, password=password, teacher_group=teacher_group)
            except IntegrityError:
                report.lines.append(
                    LineResult(row.line, username, name, Outcome.ERROR, "写入失败：该账号刚被他人修改，请重新导入")
                )
                continue
        # The file-wide password is known to the editor; only random ones need showing.
        shown = password if password and not initial_password else ""
        report.lines.append(LineResult(row.line, username, name, outcome, message, shown))
    return report
