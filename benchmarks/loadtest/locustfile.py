"""The load test's users (locust; ``make loadtest`` runs it, see docs/deploy.md).

A realistic mix for a county's portal, by weight:

- ``Visitor`` (12): anonymous browsing — home, library with filters, a resource, showcase,
  courses — and search (page and API).
- ``Teacher`` (6): signs in with a demo login, opens their space, enrols in a course, watches a
  micro-lecture (the player's progress beats every few seconds), files a work and submits it
  for review, lists their works.
- ``Trainer`` (1): a school trainer of a teacher's school signs in, opens the review queue and
  approves the works waiting there, with a comment.

Targets (``LOADTEST_TARGETS``, written by ``targets.py``) pair teachers and trainers by school.
Request names group URLs by kind (``/library/ [filters]``, ``/training/items/<id>/beat/``), so the report gives
one p95 per kind of request. A wrong answer (an unexpected status, a sign-in that stays on the
form) counts as a failure.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import threading
from pathlib import Path

from locust import HttpUser, between, task

TARGETS = json.loads(Path(os.environ.get("LOADTEST_TARGETS", "loadtest-targets.json")).read_text(encoding="utf-8"))
PASSWORD = os.environ.get("LOADTEST_PASSWORD", "rtpt2026")
SCHOOLS = TARGETS["schools"]
_next = itertools.count()
_lock = threading.Lock()
REVIEW_LINK = re.compile(r"/admin/review/page/(\d+)/")
FILTERS = ["?stage=初中&subject=数学", "?stage=小学&subject=语文&sort=newest", "?region=湖南省", "?kind=micro_course",
           "?level=2", "?sort=views&page=2"]  # fmt: skip


def _account(role: str) -> str:
    """A distinct demo login per simulated user (teachers and trainers from paired schools)."""
    with _lock:
        n = next(_next)
    school = SCHOOLS[n % len(SCHOOLS)]
    people = school[role]
    return people[(n // len(SCHOOLS)) % len(people)]


class PortalUser(HttpUser):
    abstract = True

    def csrf(self) -> str:
        return self.client.cookies.get("csrftoken", "")

    def post_form(self, url: str, data: dict, *, name: str, expect=(200, 302)):
        with self.client.post(
            url,
            data={"csrfmiddlewaretoken": self.csrf(), **data},
            headers={"Referer": self.host + url, "X-CSRFToken": self.csrf()},
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code not in expect:
                response.failure(f"HTTP {response.status_code}")
            return response

    def sign_in(self, role: str) -> None:
        self.username = _account(role)
        self.client.get("/accounts/login/", name="/accounts/login/")
        response = self.post_form(
            "/accounts/login/",
            {"username": self.username, "password": PASSWORD},
            name="/accounts/login/ [sign-in]",
            expect=(302,),
        )
        if response.status_code != 302:
            response.failure(f"sign-in of {self.username} refused")


class Visitor(PortalUser):
    weight = 12
    wait_time = between(2, 6)

    @task(4)
    def library(self):
        self.client.get("/library/" + random.choice(FILTERS), name="/library/ [filters]")

    @task(4)
    def resource(self):
        self.client.get(random.choice(TARGETS["resources"]), name="/library/<resource>/")

    @task(3)
    def search_page(self):
        self.client.get("/search/", params={"q": random.choice(TARGETS["search_words"])}, name="/search/?q=")

    @task(2)
    def search_api(self):
        params = {"q": random.choice(TARGETS["search_words"]), "stage": random.choice(["", "初中", "小学"])}
        self.client.get("/api/search/", params=params, name="/api/search/?q=")

    @task(2)
    def home(self):
        self.client.get("/", name="/")

    @task(1)
    def showcase(self):
        self.client.get("/showcase/", name="/showcase/")

    @task(1)
    def courses(self):
        self.client.get("/courses/", name="/courses/")


class Teacher(PortalUser):
    weight = 6
    wait_time = between(3, 8)

    def on_start(self):
        self.sign_in("teachers")
        self.course = random.choice(TARGETS["courses"])
        self.lecture = random.choice(self.course["lectures"])
        self.position = 0
        self.enrolled = False

    @task(2)
    def my_space(self):
        self.client.get("/workshops/me/", name="/workshops/me/")

    @task(1)
    def enrol(self):
        self.client.get(self.course["url"], name="/courses/<course>/")
        self.post_form(f"/training/courses/{self.course['id']}/enrol/", {}, name="/training/courses/<id>/enrol/")
        self.enrolled = True

    @task(6)
    def watch(self):
        if not self.enrolled:
            return self.enrol()
        # The player's beat: the position moves on by the seconds since the last beat.
        self.position += random.randint(5, 15)
        self.post_form(
            f"/training/items/{self.lecture}/beat/",
            {"t": self.position},
            name="/training/items/<id>/beat/",
            expect=(200,),
        )

    @task(1)
    def submit_work(self):
        self.client.get("/workshops/me/works/new/", name="/workshops/me/works/new/")
        work = TARGETS["work"]
        self.post_form(
            "/workshops/me/works/new/",
            {
                "kind": work["kind"],
                "title": f"压力测试作品：勾股定理教学设计 {random.randint(1, 10**6)}",
                "stage": work["stage"],
                "grade": work["grade"],
                "subject": work["subject"],
                "summary": "以问题链引导学生探究勾股定理，含课后反思。",
                "body": "## 教学目标\n理解并证明勾股定理。\n\n## 教学过程\n情境导入，动手拼图，归纳结论。",
                "action": "submit",
            },
            name="/workshops/me/works/new/ [submit]",
            expect=(302,),
        )

    @task(1)
    def my_works(self):
        self.client.get("/workshops/me/works/", name="/workshops/me/works/")


class Trainer(PortalUser):
    weight = 1
    wait_time = between(5, 10)

    def on_start(self):
        self.sign_in("trainers")

    @task
    def review(self):
        queue = self.client.get("/admin/review/", name="/admin/review/")
        pending = sorted(set(REVIEW_LINK.findall(queue.text)))
        if not pending:
            return
        page_id = random.choice(pending)
        self.client.get(f"/admin/review/page/{page_id}/", name="/admin/review/page/<id>/")
        # Another trainer of the school may have decided it meanwhile: the view then says so.
        self.post_form(
            f"/admin/review/page/{page_id}/approve/",
            {"comment": "设计完整，同意发布。"},
            name="/admin/review/page/<id>/approve/",
        )
