"""Credit bank (学分银行): recommended works earn credits, yearly summaries, the growth trajectory,
exports (CSV and printable) with verification codes checked by the public verify page."""

import csv
import datetime
import email.message
import io
from decimal import Decimal

import pytest

from django.utils import timezone

from credits import selectors as credit_selectors
from credits import services as credit_services
from credits.models import CreditEntry, CreditRule, ExportRecord
from resources.review.models import Recommendation, RecommendationStatus
from tests.factories import GeneratedResourcePageFactory
from workshops import services

pytestmark = pytest.mark.django_db


def test_accepted_recommendation_earns_author_credits_once(ws, library, django_capture_on_commit_callbacks):
    work = GeneratedResourcePageFactory(parent=library, title="《一次函数》单元整体教学案例", author=ws.member)
    with django_capture_on_commit_callbacks(execute=True):
        recommendation = Recommendation.objects.create(
            page=work, level=2, year=2026, status=RecommendationStatus.PENDING
        )
    assert not CreditEntry.objects.filter(teacher=ws.member).exists()
    with django_capture_on_commit_callbacks(execute=True):
        recommendation.status = RecommendationStatus.ACCEPTED
        recommendation.decided_by = ws.host
        recommendation.decided_at = timezone.now()
        recommendation.save()
    entry = CreditEntry.objects.get(teacher=ws.member)
    assert entry.source == "recommended_work" and entry.amount == Decimal("2.0") and entry.verified_by == ws.host
    assert "县级优秀" in entry.description
    with django_capture_on_commit_callbacks(execute=True):
        recommendation.save()
        city = Recommendation.objects.create(
            page=work,
            level=3,
            year=2026,
            status=RecommendationStatus.ACCEPTED,
            decided_by=ws.editor,
            decided_at=timezone.now(),
        )
    assert CreditEntry.objects.filter(teacher=ws.member).count() == 2
    assert CreditEntry.objects.get(source_key=f"recommendation:{city.pk}").amount == Decimal("4.0")


def test_recommendation_credits_follow_the_editable_rule(ws, library):
    CreditRule.objects.filter(source="recommended_work").update(credits_per_item=Decimal("5"))
    work = GeneratedResourcePageFactory(parent=library, author=ws.member)
    recommendation = Recommendation.objects.create(page=work, level=4, year=2026, status=RecommendationStatus.ACCEPTED)
    entry = credit_services.credit_record_recommendation(recommendation_id=recommendation.pk)
    assert entry.amount == Decimal("15.0")  # 省级 ×3


def test_year_summaries_show_targets_and_outputs(ws):
    credit_services.credit_record(
        teacher=ws.member,
        source="school_research",
        amount=12,
        description="校本研修",
        source_key="sr:1",
        earned_on=datetime.date(2025, 5, 1),
    )
    credit_services.credit_record(
        teacher=ws.member,
        source="school_research",
        amount=20,
        description="校本研修",
        source_key="sr:2",
        earned_on=datetime.date(2026, 5, 1),
    )
    credit_services.credit_record(
        teacher=ws.member,
        source="course",
        amount=6,
        description="课程",
        source_key="course:1",
        earned_on=datetime.date(2026, 6, 1),
    )
    summaries = {s.year: s for s in credit_selectors.credit_year_summaries(teacher=ws.member)}
    assert summaries[2026].total == Decimal("26") and summaries[2025].total == Decimal("12")
    rows_2025 = {label: (amount, target) for label, amount, target in summaries[2025].by_source}
    assert rows_2025["校本研修"] == (Decimal("12"), Decimal("20.0"))
    assert not summaries[2025].targets_met and summaries[2026].targets_met


def test_growth_trajectory_on_known_data(ws, library):
    today = datetime.date(2026, 11, 15)
    for key, day, amount in [
        ("a", datetime.date(2025, 10, 3), 5),
        ("b", datetime.date(2026, 1, 10), 2),
        ("c", datetime.date(2026, 1, 20), 3),
        ("d", datetime.date(2026, 11, 1), 4),
    ]:
        credit_services.credit_record(
            teacher=ws.member, source="other", amount=amount, description=key, source_key=key, earned_on=day
        )
    trajectory = credit_selectors.growth_trajectory(teacher=ws.member, months=12, today=today)
    labels = [m.label for m in trajectory.months]
    assert labels[0] == "25年12月" and labels[-1] == "26年11月"
    by_label = {m.label: m for m in trajectory.months}
    assert trajectory.months[0].cumulative == Decimal("5")  # October 2025 counted before the window
    assert by_label["26年1月"].earned == Decimal("5") and by_label["26年1月"].cumulative == Decimal("10")
    assert trajectory.total == Decimal("14")
    # The line's last point is the top of the chart; bars are proportional.
    assert trajectory.months[-1].line_y == pytest.approx(16)
    assert by_label["26年1月"].bar_height == pytest.approx(by_label["26年11月"].bar_height * 5 / 4)


def test_personal_space_shows_credits_and_the_chart_grow(client, ws):
    from tests.workshops.test_workshop_actions import past_activity

    client.force_login(ws.member)
    before = client.get("/workshops/me/").content.decode()
    assert "<svg" in before and "共 0 分" in before
    activity = past_activity(ws, hours=2)
    services.activity_mark_attendance(activity=activity, actor=ws.host, attended_user_ids=[ws.member.pk])
    after = client.get("/workshops/me/").content.decode()
    assert "共 2.0 分" in after and "主题研讨：单元整体教学设计" in after


def test_credit_csv_export_and_verification(client, ws):
    credit_services.credit_record(
        teacher=ws.member,
        source="course",
        amount=8,
        description="完成课程：大单元教学",
        source_key="course:1",
        verified_by=ws.host,
        earned_on=datetime.date(2026, 3, 2),
    )
    credit_services.credit_record(
        teacher=ws.member,
        source="school_research",
        amount=4,
        description="校本研修活动",
        source_key="act:1",
        earned_on=datetime.date(2026, 4, 2),
    )
    client.force_login(ws.member)
    response = client.get("/workshops/me/credits/csv/")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == credit_selectors.CREDIT_HEADER
    assert rows[1][:5] == ["2026-03-02", "课程学习", "完成课程：大单元教学", "", "8.0"]
    assert ["合计学分", "12.0"] in rows
    code = next(r[1] for r in rows if r and r[0] == "验证码")
    client.logout()
    html = client.get("/workshops/verify/", {"code": code.lower()}).content.decode()
    assert "验证码有效" in html and "teacher_member" in html and "12.0" in html and "至今未被修改" in html
    # A later change of an exported entry is reported.
    CreditEntry.objects.filter(source_key="act:1").update(amount=Decimal("6"))
    html = client.get("/workshops/verify/", {"code": code}).content.decode()
    assert "有修改或撤销" in html
    assert "验证码无效" in client.get("/workshops/verify/", {"code": "AAAA-BBBB-CCCC"}).content.decode()


def test_printable_record_carries_its_code(client, ws):
    credit_services.credit_record(
        teacher=ws.member, source="course", amount=8, description="完成课程", source_key="course:1"
    )
    client.force_login(ws.member)
    html = client.get("/workshops/me/record/").content.decode()
    export = ExportRecord.objects.get(kind="credits_print")
    assert export.code in html and "/workshops/verify/?code=" in html and "教师学分证明" in html
    assert export.teacher == ws.member


def test_exports_need_login(client, ws):
    for url in ("/workshops/me/", "/workshops/me/credits/csv/", "/workshops/me/record/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not ExportRecord.objects.exists()


def test_award_description_puts_a_bracketed_title_in_book_marks_once(ws, library):
    work = GeneratedResourcePageFactory(parent=library, title="《勾股定理》", author=ws.member)
    recommendation = Recommendation.objects.create(page=work, level=2, year=2026, status=RecommendationStatus.ACCEPTED)
    entry = credit_services.credit_record_recommendation(recommendation_id=recommendation.pk)
    assert entry.description.startswith("《勾股定理》县级") and "《《" not in entry.description


def test_csv_file_name_header_is_quoted_whatever_the_username(client, ws):
    ws.member.username = 'wang"; filename=evil.exe'
    ws.member.save()
    client.force_login(ws.member)
    response = client.get("/workshops/me/credits/csv/")
    assert response.status_code == 200
    message = email.message.Message()
    message["Content-Disposition"] = response["Content-Disposition"]
    # One file name, the whole of it: the quote in the username cannot start a second parameter.
    assert message.get_content_disposition() == "attachment"
    assert message.get_filename() == 'credits-wang"; filename=evil.exe.csv'
