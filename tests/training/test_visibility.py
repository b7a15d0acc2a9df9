"""Privacy: enrolments, attempts and submissions are seen only by the teacher, the course's
trainers and (anonymised) the allocated peers."""

from urllib.parse import unquote

import pytest

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from wagtail.models import PageViewRestriction

from training import services
from training.models import Enrolment, PeerReview, Submission

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    trainer = f.teacher("county_yuelu", role="county_trainer")
    other_trainer = f.teacher("county_furong", role="county_trainer")
    course = f.course(trainers=[trainer])
    other_course = f.course(trainers=[other_trainer], title="另一门课程")
    module = f.module(course)
    lecture = f.lecture(module)
    assignment = f.assignment(module, peers=1, deadline_in_days=3)
    author = f.teacher("wang_xiaoyan")
    peer = f.teacher("li_ming")
    outsider = f.teacher("zhao_lei")
    for t in (author, peer, outsider):
        services.course_enrol(course=course, teacher=t)
    pdf = SimpleUploadedFile("王晓燕-单元设计.pdf", b"%PDF-1.4\n" + b"1" * 500, content_type="application/pdf")
    services.submission_submit(
        assignment=assignment, teacher=author, text="王晓燕的单元设计：以赵爽弦图贯穿", uploaded=pdf
    )
    services.submission_submit(assignment=assignment, teacher=peer, text="李明的单元设计：测量旗杆", uploaded=None)
    assignment.deadline = assignment.deadline.replace(year=2020)
    assignment.save()
    services.assignment_allocate(assignment=assignment)
    submission = Submission.objects.get(teacher=author)
    attempt = services.quiz_attempt_submit(lecture=lecture, teacher=author, answers={})
    return locals()


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_submission_file_only_for_author_allocated_peer_and_course_trainer(w):
    url = w["module"].url + f"submissions/{w['submission'].pk}/file/"
    for user in (w["author"], w["peer"], w["trainer"]):
        response = login(user).get(url)
        assert response.status_code == 200, user.username
        disposition = unquote(response["Content-Disposition"])
        assert "王晓燕" not in disposition and f"作业附件-{w['submission'].pk}.pdf" in disposition
    for user in (w["outsider"], w["other_trainer"]):
        assert login(user).get(url).status_code == 404, user.username
    assert Client().get(url).status_code == 302  # anonymous: to the login page


def test_peer_sees_the_work_anonymously_and_the_author_never_learns_the_reviewer(w):
    review = PeerReview.objects.get(reviewer=w["peer"])
    html = login(w["peer"]).get(w["module"].url + f"reviews/{review.pk}/").content.decode()
    assert "王晓燕的单元设计" in html
    assert "wang_xiaoyan" not in html and "王晓燕-单元设计" not in html
    assert login(w["outsider"]).get(w["module"].url + f"reviews/{review.pk}/").status_code == 404
    services.peer_review_submit(
        review=review,
        reviewer=w["peer"],
        scores={b.id: "9" for b in w["assignment"].rubric},
        comment="情境贯穿全单元，很有启发。",
    )
    author_view = login(w["author"]).get(w["module"].url).content.decode()
    assert "同伴 1：18.0 分。情境贯穿全单元，很有启发。" in author_view
    assert "li_ming" not in author_view and "李明的单元设计" not in author_view


def test_module_page_shows_each_teacher_only_their_own_submission(w):
    outsider_view = login(w["outsider"]).get(w["module"].url).content.decode()
    assert "王晓燕的单元设计" not in outsider_view and "李明的单元设计" not in outsider_view
    anonymous_view = Client().get(w["module"].url).content.decode()
    assert "王晓燕的单元设计" not in anonymous_view


def test_quiz_attempts_are_shown_only_to_their_teacher(w):
    url = f"{w['lecture'].url}?attempt={w['attempt'].pk}"
    assert "本次得分 0/3" in login(w["author"]).get(url).content.decode()
    assert "本次得分" not in login(w["outsider"]).get(url).content.decode()
    assert "本次得分" not in login(w["trainer"]).get(url).content.decode()  # trainers use the admin screens


def test_trainer_screens_only_for_the_courses_trainers(w):
    course_url = f"/admin/training/course/{w['course'].pk}/"
    submission_url = f"/admin/training/submission/{w['submission'].pk}/"
    trainer = login(w["trainer"])
    page = trainer.get(course_url).content.decode()
    assert "王晓燕的单元设计" not in page  # the listing shows authors and scores
    assert "wang_xiaoyan" in page and "li_ming" in page
    assert "王晓燕的单元设计" in trainer.get(submission_url).content.decode()
    # The course's quiz attempts, with who, which micro-lecture, score and result.
    assert "即时测评作答" in page and f"{w['lecture'].title}" in page
    assert f"0/{w['attempt'].max_score}" in page and "未合格" in page
    other = login(w["other_trainer"])
    assert other.get(course_url).status_code == 404
    assert other.get(submission_url).status_code == 404
    listing = other.get("/admin/training/").content.decode()
    assert "另一门课程" in listing and w["course"].title not in listing
    # A teacher in the admin never reaches another course's records either.
    assert login(w["author"]).get(course_url).status_code == 404


def test_trainer_override_through_the_admin(w):
    response = login(w["trainer"]).post(
        f"/admin/training/submission/{w['submission'].pk}/", {"score": "17.5", "comment": "改判：证据充分"}, follow=True
    )
    assert "已改判得分" in response.content.decode()
    w["submission"].refresh_from_db()
    assert str(w["submission"].final_score) == "17.5"
    refused = login(w["other_trainer"]).post(
        f"/admin/training/submission/{w['submission'].pk}/", {"score": "1", "comment": "x"}
    )
    assert refused.status_code == 404


@pytest.mark.parametrize("restriction_type", ["password", "groups"])
def test_actions_on_a_restricted_course_answer_as_the_page_does(w, restriction_type):
    course = w["other_course"]
    restriction = PageViewRestriction.objects.create(page=course, restriction_type=restriction_type, password="secret")
    if restriction_type == "groups":
        restriction.groups.set([Group.objects.create(name="培训班学员")])
    client = login(w["outsider"])
    page = client.get(course.url)
    action = client.post(f"/training/courses/{course.pk}/enrol/")
    assert action.status_code == page.status_code and action.status_code in (200, 302)
    if restriction_type == "password":
        assert "password" in action.content.decode()
    assert not Enrolment.objects.filter(course=course).exists()
