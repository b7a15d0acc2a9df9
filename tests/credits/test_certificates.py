"""Certificates (证书) a teacher downloads from the personal space — course completion, award,
yearly credits — as PDFs whose QR code opens the public verify page, which says 有效 until the
credit is removed or the award withdrawn (已作废) or the ledger lines change (已变更)."""

import datetime
from decimal import Decimal
from urllib.parse import urlsplit

import pypdfium2
import pytest
import zxingcpp

from django.utils import timezone

from credits import services as credit_services
from credits.models import CreditEntry, ExportKind, ExportRecord
from resources.review.models import Recommendation, RecommendationStatus
from tests.factories import GeneratedResourcePageFactory, SchoolFactory, UserFactory, region
from tests.training import factories as f
from training import services as training

pytestmark = pytest.mark.django_db

ME = "/workshops/me/"


@pytest.fixture
def teacher():
    return UserFactory(username="wang_laoshi", first_name="王芳", role="teacher", role__school=SchoolFactory())


@pytest.fixture
def completed_course(teacher):
    """A course of one required module (3 学时) whose lecture the teacher watched to the end."""
    course = f.course(title="单元整体教学设计")
    module = f.module(course, online="3", offline="0")
    lecture = f.lecture(module, quiz=[], duration=30)
    training.course_enrol(course=course, teacher=teacher)
    f.watch(teacher, lecture)
    assert CreditEntry.objects.filter(teacher=teacher, source_key=f"course:{course.pk}").exists()
    return course


def qr_target(pdf: bytes) -> str:
    """The URL in the QR code of the PDF's first page, as a phone would read it."""
    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=2).to_pil()
    results = zxingcpp.read_barcodes(image)
    assert len(results) == 1, "one QR code on the certificate"
    return results[0].text


def pdf_text(pdf: bytes) -> str:
    return pypdfium2.PdfDocument(pdf)[0].get_textpage().get_text_range()


def verify_page(client, url: str) -> str:
    parts = urlsplit(url)
    response = client.get(f"{parts.path}?{parts.query}")
    assert response.status_code == 200
    return response.content.decode()


def test_teacher_downloads_course_certificate_whose_qr_verifies_until_the_credit_is_removed(
    client, teacher, completed_course
):
    client.force_login(teacher)
    space = client.get(ME).content.decode()
    link = f"{ME}certificates/course-{completed_course.pk}/"
    assert link in space and "课程结业证书" in space

    response = client.get(link)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = response.content
    text = pdf_text(pdf)
    assert "单元整体教学设计" in text and "王芳" in text and "3.0" in text

    url = qr_target(pdf)
    record = ExportRecord.objects.get(kind=ExportKind.COURSE_CERTIFICATE)
    assert url.endswith(f"/workshops/verify/?code={record.code}") and record.code in text

    client.logout()  # anyone scanning the code, signed in or not
    page = verify_page(client, url)
    assert "证书有效" in page and "王芳" in page and "单元整体教学设计" in page and "3.0" in page
    assert "学校" not in page.split("证书有效")[1]  # only what the certificate states

    credit_services.credit_entry_remove(teacher=teacher, source_key=f"course:{completed_course.pk}")
    page = verify_page(client, url)
    assert "证书已作废" in page and "证书有效" not in page


def test_changed_credit_line_shows_changed_and_the_next_download_has_a_new_code(client, teacher, completed_course):
    client.force_login(teacher)
    link = f"{ME}certificates/course-{completed_course.pk}/"
    first = qr_target(client.get(link).content)
    CreditEntry.objects.filter(teacher=teacher).update(amount=Decimal("1.5"))
    assert "证书已变更" in verify_page(client, first)
    second = qr_target(client.get(link).content)
    assert second != first and "证书有效" in verify_page(client, second)


def test_only_the_teacher_gets_the_certificate(client, teacher, completed_course):
    link = f"{ME}certificates/course-{completed_course.pk}/"
    anonymous = client.get(link)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")
    other = UserFactory(username="li_laoshi", role="teacher", role__school=SchoolFactory())
    client.force_login(other)
    assert client.get(link).status_code == 404
    assert client.get(f"{ME}certificates/year-{timezone.localdate().year}/").status_code == 404  # no credits
    assert client.get(f"{ME}certificates/nonsense/").status_code == 404
    assert not ExportRecord.objects.exists()


def test_a_reload_neither_registers_a_new_code_nor_renders_again(client, teacher, completed_course, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "certs"}}
    import weasyprint

    renders = []
    original = weasyprint.HTML.write_pdf

    def counting(self, *args, **kwargs):
        renders.append(1)
        return original(self, *args, **kwargs)

    weasyprint.HTML.write_pdf = counting
    try:
        client.force_login(teacher)
        link = f"{ME}certificates/course-{completed_course.pk}/"
        first, second = client.get(link).content, client.get(link).content
    finally:
        weasyprint.HTML.write_pdf = original
        from django.core.cache import cache

        cache.clear()
    assert first == second and len(renders) == 1
    assert ExportRecord.objects.filter(kind=ExportKind.COURSE_CERTIFICATE).count() == 1


def test_award_certificate_names_level_work_and_revision_and_is_void_once_withdrawn(client, teacher, library):
    work = GeneratedResourcePageFactory(parent=library, title="《一次函数》单元整体教学案例", author=teacher)
    revision = work.save_revision()
    county = region("湖南省/长沙市/岳麓区")
    recommendation = Recommendation.objects.create(
        page=work,
        level=2,
        year=2026,
        status=RecommendationStatus.ACCEPTED,
        revision=revision,
        region=county,
        decided_at=timezone.now(),
    )
    credit_services.credit_record_recommendation(recommendation_id=recommendation.pk)
    client.force_login(teacher)
    response = client.get(f"{ME}certificates/award-{recommendation.pk}/")
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "县级优秀" in text and "一次函数" in text and f"第 {revision.pk} 号版本" in text
    url = qr_target(response.content)
    page = verify_page(client, url)
    assert "证书有效" in page and "县级优秀" in page and f"第 {revision.pk} 号版本" in page

    recommendation.status = RecommendationStatus.WITHDRAWN
    recommendation.withdrawn_at = timezone.now()
    recommendation.save()
    credit_services.credit_reverse_recommendation(recommendation_id=recommendation.pk)
    assert "证书已作废" in verify_page(client, url)
    assert client.get(f"{ME}certificates/award-{recommendation.pk}/").status_code == 404
    assert f"award-{recommendation.pk}" not in client.get(ME).content.decode()


def test_yearly_record_states_the_years_total_and_changes_with_a_new_credit(client, teacher):
    for day, amount in ((datetime.date(2025, 3, 1), 4), (datetime.date(2025, 9, 1), 6)):
        credit_services.credit_record(
            teacher=teacher,
            source="school_research",
            amount=amount,
            description="校本研修",
            source_key=f"sr:{day}",
            earned_on=day,
        )
    client.force_login(teacher)
    response = client.get(f"{ME}certificates/year-2025/")
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "王芳 老师 2025 年度在本平台共获得 10.0 学分" in text
    url = qr_target(response.content)
    assert "证书有效" in verify_page(client, url)
    credit_services.credit_record(
        teacher=teacher,
        source="school_research",
        amount=2,
        description="校本研修",
        source_key="sr:late",
        earned_on=datetime.date(2025, 12, 1),
    )
    assert "证书已变更" in verify_page(client, url)
