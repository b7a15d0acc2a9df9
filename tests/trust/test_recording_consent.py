"""A recording without public consent is a 404 to the public on every route (issue #18).

One world holds, for each place a recording is shown — a live course's 课堂实录 page, a live
同课异构 case's design and a published work — a recording whose guardians agreed to its school
only, and a public-consent twin. Every URL the resolver knows (and every sub-route of the live
routable pages) is requested anonymously and as a teacher of another school: the held
recording's page and streams answer 404, no response shows its stream address or its file
name, and no response streams its bytes; the twins are reachable, so the walk proves something.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from wagtailmedia.models import get_media_model

from django.core.files.base import ContentFile
from django.test import Client

from wagtail.models import Page

from home.consent import consent_record
from home.models import RecordingAudience
from showcase.models import ShowcaseIndexPage
from tests.factories import GeneratedResourcePageFactory
from tests.showcase.conftest import make_case
from tests.training import factories as training
from tests.trust.url_walk import Candidates, concrete_urls, subpage_urls, visible_text
from training.models import LessonRecordingPage

A = RecordingAudience
CLIP = (Path(__file__).resolve().parents[2] / "training/demo_media/intro.mp4").read_bytes()
HELD_BYTES = b"HELD-RECORDING-BYTES"


def _video(name: str, *, owner, held: bool, school=None):
    """A video stored as ``name`` (its bytes marked when held), with school-only or public consent."""
    item = get_media_model()(title=name, type="video", duration=60, width=320, height=180, uploaded_by_user=owner)
    item.file.save(f"{name}.mp4", ContentFile(CLIP + (HELD_BYTES if held else b"")), save=False)
    item.save()
    if held:
        consent_record(item, confirmed_by=owner, consent_audience=A.SCHOOL, visibility=A.PUBLIC, school=school)
    else:
        consent_record(item, confirmed_by=owner, consent_audience=A.PUBLIC, visibility=A.PUBLIC)
    return item


def _recording_page(module, video, slug):
    page = LessonRecordingPage(title=f"课堂实录 {slug}", slug=slug, video=video)
    module.add_child(instance=page)
    return page


@pytest.fixture
def consent_world(world):
    w = world
    held = {}
    public = {}
    # A live course's lesson recordings.
    course = training.course(trainers=[w.county_trainer], title="课堂观察")
    module = training.module(course)
    held["recording"] = _video("heldlessonvid", owner=w.teacher, held=True, school=w.a1)
    public["recording"] = _video("publiclessonvid", owner=w.teacher, held=False)
    held_page = _recording_page(module, held["recording"], "held-lesson")
    public_page = _recording_page(module, public["recording"], "public-lesson")
    # A live 同课异构 case: its third design's recording is held back.
    case = make_case(w.library, ShowcaseIndexPage.objects.get(), designs=3)
    designs = list(case.designs.order_by("sort_order"))
    held["design"] = _video("heldcasevid", owner=w.teacher, held=True, school=w.a1)
    designs[2].recording = held["design"]
    designs[2].save()
    public["design"] = designs[0].recording
    # Published works with a video.
    held["work"] = _video("heldworkvid", owner=w.teacher, held=True, school=w.a1)
    public["work"] = _video("publicworkvid", owner=w.teacher, held=False)
    held_work = GeneratedResourcePageFactory(
        parent=w.library, title="作品：追问", video=held["work"], kind="lesson_recording"
    )
    public_work = GeneratedResourcePageFactory(
        parent=w.library, title="作品：提问", video=public["work"], kind="lesson_recording"
    )
    for page in (held_work, public_work):
        page.save_revision().publish()  # the reference index records the video the work shows

    held_streams = [
        held_page.url + "video/",
        held_page.url + "video/?download=1",
        case.url + case.reverse_subpage("recording", args=(designs[2].pk,)),
        f"/media-file/{held['work'].pk}/",
        f"/media-file/{held['design'].pk}/",
        f"/media-file/{held['recording'].pk}/",
        # /media/ serves images and poster frames only, never a video file, to anyone.
        *[f"/media/{m.file.name}" for m in held.values()],
    ]
    public_streams = [
        public_page.url + "video/",
        case.url + case.reverse_subpage("recording", args=(designs[0].pk,)),
        f"/media-file/{public['work'].pk}/",
    ]
    pages = [course, module, held_page, public_page, case, held_work, public_work]
    candidates = Candidates(
        pages=[p.pk for p in pages],
        media=[m.pk for m in (*held.values(), *public.values())],
        # No document or image in this world: their by-id routes get an id nothing has (404),
        # not the walk's non-number filler (Wagtail's choosers answer that with a 500).
        documents=[0],
        images=[0],
        others=[d.pk for d in designs] + [m.consent.pk for m in held.values()],
    )
    routable = [p for p in Page.objects.live().specific() if hasattr(p, "get_subpage_urls")]
    candidates.page_urls = [p.url for p in pages] + subpage_urls(routable, candidates) + held_streams + public_streams
    return {
        "w": w,
        "held": held,
        "public": public,
        "held_page": held_page,
        "public_page": public_page,
        "case": case,
        "held_work": held_work,
        "public_work": public_work,
        "held_streams": held_streams,
        "public_streams": public_streams,
        "candidates": candidates,
    }


def _client(user=None) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def _streamed(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def _without_echo(text: str, url: str) -> str:
    """The page's text without the address that was asked for: every page echoes its own path
    (canonical link, og:url, the sign-in link's ``next``), which discloses nothing."""
    path = url.split("?")[0]
    for echo in (url, quote(url, safe=""), path, quote(path, safe="")):
        text = text.replace(echo, "")
    return text


@pytest.mark.parametrize("role", [None, "teacher_other"])
def test_a_recording_without_public_consent_is_404_on_every_route(consent_world, role):
    cw = consent_world
    client = _client(getattr(cw["w"], role) if role else None)
    held_names = [m.file.name.rsplit("/", 1)[-1] for m in cw["held"].values()]
    held_titles = [m.title for m in cw["held"].values()]
    leaks, errors = [], []
    for url in concrete_urls(cw["candidates"]):
        response = client.get(url)
        if response.status_code >= 500:
            errors.append(f"{response.status_code} {url}")
            continue
        body = _streamed(response)
        if HELD_BYTES in body:
            leaks.append(f"{url}: streams a held recording")
        text = _without_echo(visible_text(response), url)
        shown = [s for s in cw["held_streams"] if s.split("?")[0] in text] + [
            n for n in held_names + held_titles if n in text
        ]
        if shown:
            leaks.append(f"{url}: {', '.join(shown)}")
    assert errors == [], "server errors:\n" + "\n".join(errors)
    assert leaks == [], "held recording reachable:\n" + "\n".join(leaks)
    for url in cw["held_streams"]:
        assert client.get(url).status_code == 404, url
    assert client.get(cw["held_page"].url).status_code == 404
    # The twins with public consent are there for the same visitor: the walk proves something.
    for url in cw["public_streams"]:
        response = client.get(url, HTTP_RANGE="bytes=0-99")
        assert response.status_code == 206, url
        assert response["Content-Disposition"] == "inline"
    assert cw["public_page"].title in visible_text(client.get(cw["public_page"].url))
    case_html = visible_text(client.get(cw["case"].url))
    assert cw["public_streams"][1] in case_html
    assert "该课堂录像未获公开授权" in case_html
    work_html = visible_text(client.get(cw["held_work"].url))
    assert cw["held_work"].title in work_html and "该课堂录像未获公开授权" in work_html
    assert cw["public_streams"][2] in visible_text(client.get(cw["public_work"].url))
    module_html = visible_text(client.get(cw["held_page"].get_parent().url))
    assert cw["public_page"].url in module_html and cw["held_page"].url not in module_html


def test_the_school_the_uploader_and_the_course_trainers_still_watch(consent_world):
    cw = consent_world
    w = cw["w"]
    page = cw["held_page"]
    for user in (w.teacher, w.teacher_same_school, w.county_trainer):
        client = _client(user)
        assert client.get(page.url).status_code == 200, user
        response = client.get(page.url + "video/", HTTP_RANGE="bytes=0-9")
        assert response.status_code == 206 and response["Content-Range"].startswith("bytes 0-9/"), user
    # Not even the uploader gets the file by its storage path: recordings are streamed only.
    assert _client(w.teacher).get(f"/media/{cw['held']['recording'].file.name}").status_code == 404
    # Another school's trainer has no part in it.
    assert _client(w.school_trainer_b).get(page.url).status_code == 404
    # The work's reviewers in scope still watch the work's video.
    assert _client(w.school_trainer).get(cw["held_streams"][3]).status_code == 200


def test_downloads_are_off_by_default_and_on_only_when_allowed(consent_world):
    cw = consent_world
    w = cw["w"]
    colleague = _client(w.teacher_same_school)
    page = cw["held_page"]
    html = visible_text(colleague.get(page.url))
    assert 'controlsList="nodownload"' in html and "下载课堂录像" not in html
    assert colleague.get(page.url + "video/?download=1").status_code == 403
    consent_record(
        cw["held"]["recording"],
        confirmed_by=w.teacher,
        consent_audience=A.SCHOOL,
        visibility=A.SCHOOL,
        school=w.a1,
        downloads_allowed=True,
    )
    html = visible_text(colleague.get(page.url))
    assert "下载课堂录像" in html
    response = colleague.get(page.url + "video/?download=1")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert HELD_BYTES in _streamed(response)
    # Allowing downloads opens nothing to those who may not watch.
    assert _client(w.teacher_other).get(page.url + "video/?download=1").status_code == 404
    assert _client().get(page.url + "video/?download=1").status_code == 404
