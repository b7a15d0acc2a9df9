"""学分档案 in the 学分银行 exchange format (docs/credit-records.md): a teacher downloads their
ledger as CSV, XLSX or JSON; an editor imports external credits in the same schema — all lines or
none, duplicates skipped and reported, errors per line in Chinese — and a round trip of the export
through the import changes nothing."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from credits import records
from credits import services as credit_services
from credits.models import CreditEntry
from resources.review.models import Recommendation, RecommendationStatus
from tests.factories import GeneratedResourcePageFactory, SchoolFactory, UserFactory, region

pytestmark = pytest.mark.django_db

RECORDS = "/workshops/me/credits/records/{}/"


@pytest.fixture
def people():
    county = region("湖南省/长沙市/岳麓区")
    school = SchoolFactory(name="岳麓实验中学", region=county)
    teacher = UserFactory(username="wang_laoshi", first_name="王芳", role="teacher", role__school=school)
    other = UserFactory(username="li_laoshi", role="teacher", role__school=school)
    far = UserFactory(
        username="far_laoshi", role="teacher", role__school=SchoolFactory(region=region("湖南省/株洲市/芦淞区"))
    )
    editor = UserFactory(username="editor_changsha", role="editor", role__region=county.parent)
    return teacher, other, far, editor


@pytest.fixture
def ledger(people, library):
    """Hours, plain credits, an award and its reversal (a negative line), for two teachers."""
    teacher, other, _, editor = people
    credit_services.credit_record(
        teacher=teacher,
        source="course",
        amount=Decimal("1.3"),
        hours=Decimal("2.5"),
        description="完成课程《单元整体教学设计》",
        source_key="course:999",
        earned_on=datetime.date(2025, 4, 1),
    )
    credit_services.credit_record(
        teacher=teacher,
        source="school_research",
        amount=4,
        description='校本研修：同课异构，逗号, 与"引号"',
        source_key="sr:1",
        earned_on=datetime.date(2026, 3, 2),
    )
    credit_services.credit_record(
        teacher=other, source="workshop", amount=2, description="工作坊研修", source_key="activity:7"
    )
    work = GeneratedResourcePageFactory(parent=library, title="一次函数单元教学", author=teacher)
    recommendation = Recommendation.objects.create(
        page=work, level=2, year=2026, status=RecommendationStatus.ACCEPTED, decided_at=timezone.now()
    )
    credit_services.credit_record_recommendation(recommendation_id=recommendation.pk)
    recommendation.status = RecommendationStatus.WITHDRAWN
    recommendation.save()
    credit_services.credit_reverse_recommendation(recommendation_id=recommendation.pk)
    return work


def ledger_state():
    return sorted(
        CreditEntry.objects.values_list(
            "teacher__username", "source", "amount", "hours", "description", "earned_on", "source_key"
        )
    )


def everything(fmt: str) -> bytes:
    return records.WRITERS[fmt][1](records.credit_record_rows(records.ledger_entries()))


def test_teacher_downloads_own_records_in_three_formats(client, people, ledger):
    teacher = people[0]
    assert client.get(RECORDS.format("json")).status_code == 302  # anonymous: to the sign-in page
    client.force_login(teacher)
    document = json.loads(client.get(RECORDS.format("json")).content)
    assert document["schema"] == "rtpt-credit-records" and document["schema_version"] == 1
    rows = document["records"]
    assert {r["teacher"] for r in rows} == {"wang_laoshi"}  # never another teacher's lines
    course = next(r for r in rows if r["record_id"] == "course:999")
    assert (course["hours"], course["credits"], course["category"], course["date"]) == (
        "2.5",
        "1.3",
        "course",
        "2025-04-01",
    )
    award = next(r for r in rows if r["record_id"].startswith("recommendation:") and r["credits"] == "2.0")
    assert award["evidence"] == ledger.full_url and len(award["digest"]) == 64
    reversal = next(r for r in rows if r["record_id"].endswith(":withdrawn"))
    assert reversal["credits"] == "-2.0"
    assert "/workshops/verify/?code=" in document["verify_url"]

    csv_text = client.get(RECORDS.format("csv")).content.decode("utf-8-sig")
    assert csv_text.splitlines()[0] == ",".join(records.FIELDS) and "王芳" in csv_text
    sheet = load_workbook(io.BytesIO(client.get(RECORDS.format("xlsx")).content)).worksheets[0]
    assert [c.value for c in sheet[1]] == records.FIELDS and sheet.max_row == len(rows) + 1
    assert client.get(RECORDS.format("pdf")).status_code == 404


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_round_trip_into_the_same_ledger_changes_nothing(people, ledger, fmt):
    editor = people[3]
    before = ledger_state()
    report = records.credit_records_import(data=everything(fmt), name=f"all.{fmt}", editor=editor)
    assert report.count("重复（跳过）") == len(before) and not report.errors and not report.written
    assert ledger_state() == before


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_round_trip_into_a_fresh_ledger_gives_back_the_same_records(people, ledger, fmt):
    editor = people[3]
    before_rows = records.credit_record_rows(records.ledger_entries())
    before = ledger_state()
    data = everything(fmt)
    CreditEntry.objects.all().delete()
    report = records.credit_records_import(data=data, name=f"all.{fmt}", editor=editor)
    assert report.count("新增") == len(before) and report.written
    assert ledger_state() == before
    assert records.credit_record_rows(records.ledger_entries()) == before_rows


def test_duplicates_in_the_file_and_in_the_ledger_are_skipped_and_reported(people, ledger):
    teacher, editor = people[0], people[3]
    line = {
        "teacher": "wang_laoshi",
        "record_id": "prov:2026-001",
        "activity": "省级骨干教师培训",
        "category": "other",
        "hours": "8",
        "credits": "8",
        "date": "2026-05-20",
        "issuer": "湖南省教师发展中心",
        "evidence": "https://example.cn/cert/001",
    }
    data = json.dumps({"schema_version": 1, "records": [line, line]}, ensure_ascii=False).encode()
    report = records.credit_records_import(data=data, name="prov.json", editor=editor)
    assert [x.outcome for x in report.lines] == ["新增", "重复（跳过）"]
    entry = CreditEntry.objects.get(teacher=teacher, source_key="prov:2026-001")
    assert (entry.amount, entry.hours, entry.issuer, entry.verified_by) == (
        Decimal("8.0"),
        Decimal("8.0"),
        "湖南省教师发展中心",
        editor,
    )
    again = records.credit_records_import(data=data, name="prov.json", editor=editor)
    assert [x.outcome for x in again.lines] == ["重复（跳过）", "重复（跳过）"]
    assert CreditEntry.objects.filter(source_key="prov:2026-001").count() == 1


def test_malformed_lines_are_refused_in_chinese_and_nothing_is_written(people, ledger, tmp_path):
    editor = people[3]
    header = ",".join(records.FIELDS)
    good = "1,wang_laoshi,,ext:1,外部研修,other,,3,2026-01-05,外部机构,,"
    lines = [
        header,
        good,
        "1,nobody,,ext:2,外部研修,other,,3,2026-01-05,外部机构,,",
        "1,far_laoshi,,ext:3,外部研修,other,,3,2026-01-05,外部机构,,",
        "1,wang_laoshi,,ext:4,外部研修,魔法,,3,2026-01-05,外部机构,,",
        "1,wang_laoshi,,ext:5,外部研修,other,,三,2026-01-05,外部机构,,",
        "1,wang_laoshi,,ext:6,外部研修,other,,3,2026-13-45,外部机构,,",
        "2,wang_laoshi,,ext:7,外部研修,other,,3,2026-01-05,外部机构,,",
        "1,wang_laoshi,,ext:8,外部研修,other,,3,2026-01-05,外部机构,," + "0" * 64,
        "1,wang_laoshi,,sr:1,另一项,other,,3,2026-01-05,外部机构,,",
    ]
    before = ledger_state()
    report = records.credit_records_import(data="\n".join(lines).encode(), name="bad.csv", editor=editor)
    assert ledger_state() == before and not report.written
    outcomes = {x.label: (x.outcome, x.message) for x in report.lines}
    assert outcomes["第 2 行"][0] == "新增"
    messages = [outcomes[f"第 {n} 行"] for n in range(3, 11)]
    assert all(outcome == "错误" for outcome, _ in messages)
    assert "不存在或不在您的管理范围内" in messages[0][1] and "不在您的管理范围内" in messages[1][1]
    assert "学分类别" in messages[2][1] and "不是数字" in messages[3][1] and "日期" in messages[4][1]
    assert "格式版本" in messages[5][1] and "摘要" in messages[6][1] and "已存在，但内容不同" in messages[7][1]

    path = tmp_path / "bad.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(CommandError, match="未写入任何记录"):
        call_command("import_credits", str(path), "--as", editor.username, stdout=io.StringIO())
    assert ledger_state() == before


def test_only_editors_import_and_unreadable_files_get_a_chinese_error(people, tmp_path):
    teacher, editor = people[0], people[3]
    with pytest.raises(records.RecordsRefused):
        records.credit_records_import(data=b"{}", name="x.json", editor=teacher)
    with pytest.raises(records.RecordsError, match="records"):
        records.credit_records_import(data=b"[]", name="x.json", editor=editor)
    with pytest.raises(records.RecordsError, match="只支持"):
        records.credit_records_import(data=b"", name="x.txt", editor=editor)
    with pytest.raises(records.RecordsError, match="缺少：schema_version、teacher"):
        records.credit_records_import(data="姓名,学分\n王芳,3\n".encode(), name="x.csv", editor=editor)
    with pytest.raises(records.RecordsError, match="Excel"):
        records.credit_records_import(data=b"not a workbook", name="x.xlsx", editor=editor)


def test_commands_export_and_import_round_trip(people, ledger, tmp_path):
    editor = people[3]
    before = ledger_state()
    path = tmp_path / "ledger.xlsx"
    call_command("export_credits", str(path), stdout=io.StringIO())
    CreditEntry.objects.all().delete()
    dry = io.StringIO()
    call_command("import_credits", str(path), "--as", editor.username, "--dry-run", stdout=dry)
    assert "试运行" in dry.getvalue() and not CreditEntry.objects.exists()
    out = io.StringIO()
    call_command("import_credits", str(path), "--as", editor.username, stdout=out)
    assert f"新增 {len(before)} 条" in out.getvalue() and ledger_state() == before


def test_editor_imports_in_the_admin_checking_first_and_others_are_refused(client, people, ledger):
    teacher, _, _, editor = people
    line = {
        "teacher": "wang_laoshi",
        "activity": "市级骨干教师研修",
        "category": "other",
        "credits": "5",
        "date": "2026-06-01",
        "issuer": "长沙市教科院",
    }
    upload = json.dumps({"schema_version": 1, "records": [line, {**line, "teacher": "nobody"}]}, ensure_ascii=False)
    url = "/admin/credits/import/"

    def post(dry_run: bool, data: str = upload):
        fields = {"file": SimpleUploadedFile("external.json", data.encode(), content_type="application/json")}
        return client.post(url, {**fields, **({"dry_run": "on"} if dry_run else {})})

    client.force_login(teacher)
    assert client.get(url).status_code in (302, 403)
    assert post(False).status_code in (302, 403)
    client.force_login(editor)
    assert "导入学分档案" in client.get(url).content.decode()
    page = post(False).content.decode()
    assert "有错误，未写入任何记录" in page and "教师账号“nobody”不存在或不在您的管理范围内" in page
    assert not CreditEntry.objects.filter(description="市级骨干教师研修").exists()
    only_good = json.dumps({"schema_version": 1, "records": [line]}, ensure_ascii=False)
    assert "检查结果（未写入任何数据）" in post(True, only_good).content.decode()
    assert not CreditEntry.objects.filter(description="市级骨干教师研修").exists()
    assert "导入结果" in post(False, only_good).content.decode()
    entry = CreditEntry.objects.get(description="市级骨干教师研修")
    assert (entry.teacher, entry.amount, entry.issuer) == (teacher, Decimal("5.0"), "长沙市教科院")
    assert "重复（跳过） <strong>1</strong>" in post(False, only_good).content.decode()
    assert (
        "请上传 .csv、.xlsx 或 .json 文件"
        in client.post(url, {"file": SimpleUploadedFile("x.txt", b"a")}).content.decode()
    )
