"""Deterministic generator of realistic Chinese demo content for the resource cloud.

Pure standard library (no Django): ``manage.py`` commands, tests and benchmarks
import it to produce records in the JSON Lines schema of ``import_resources``::

    from resources.demo_corpus import generate_records, demo_people
    for record in generate_records(300, seed=2026):
        ...

The content is data in ``resources/demo_data/`` (places, people, textbook lessons, the phrases
and templates works are written from); this module draws from it and ``demo_writing`` writes.

Public API
    KINDS, STAGES, GRADES, SUBJECTS, ALL_SUBJECTS, TEACHER_STAGES  taxonomies (home/taxonomy_data.py)
    REGIONS   "省/市/区县" or "天津市/和平区" paths (Hebei, Tianjin, Hunan, Chongqing — the seed documents)
    SCHOOLS   (region path, school name, stage the school is filed under)
    LESSONS   the lesson table (dicts: stage, subject, edition, grade, book, unit, name, key, diff, focus …)
    TAG_POOL  every tag a record can carry
    PEOPLE_SURNAMES, GIVEN_NAME_CHARS, person_name(rng, gender=None)
    generate_records(n, *, seed=2026, published_ratio=0.9) -> Iterator[dict]
        {"external_id", "kind", "title", "summary", "body", "subject", "stage", "grade",
         "region", "school", "author", "tags", "published"}
    generate_works(n, ...) -> Iterator[(record, lesson)]   the same records with the lesson each is about
    find_lesson(stage, subject, name) -> lesson | None;  compose(kind, lesson, ...) -> one work about a lesson
    demo_people(seed=2026) -> {school name: [person dict, ...]}   3–6 named teachers per school
    demo_county_trainers(seed=2026) -> [trainer dict, ...]         1–2 county trainers (教研员) per county

Guarantees: subject, grade and stage are those of the record's textbook lesson (so valid for the
stage); the school lies in the region and is filed under the stage; an author always belongs to
the same school; titles ≤ 255, summaries 60–150 and bodies 400–1200 characters in 4–8 paragraphs
(separated by blank lines); 2–5 tags from TAG_POOL.

Everything is driven by a seeded ``random.Random``: the same ``n``/``seed`` always yields the same
records, and the first ``k`` records of a run of ``n > k`` equal a run of ``k``.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

from home.taxonomy_data import GRADES, STAGES, SUBJECTS, TEACHER_STAGES
from resources.demo_data import load
from resources.demo_writing import BODY_MAX, BODY_MIN, SUMMARY_MAX, SUMMARY_MIN, write

__all__ = [
    "KINDS",
    "STAGES",
    "GRADES",
    "SUBJECTS",
    "ALL_SUBJECTS",
    "TEACHER_STAGES",
    "REGIONS",
    "SCHOOLS",
    "PEOPLE_SURNAMES",
    "GIVEN_NAME_CHARS",
    "LESSONS",
    "TAG_POOL",
    "BODY_MIN",
    "BODY_MAX",
    "SUMMARY_MIN",
    "SUMMARY_MAX",
    "person_name",
    "generate_records",
    "generate_works",
    "find_lesson",
    "compose",
    "demo_people",
    "demo_county_trainers",
]

_WRITING, _PLACES, _PEOPLE, _TAGS = load("writing.json"), load("places.json"), load("people.json"), load("tags.json")

KINDS: dict[str, str] = _WRITING["kind_labels"]
ALL_SUBJECTS: list[str] = list(dict.fromkeys(s for stage in STAGES for s in SUBJECTS[stage]))

REGIONS: list[str] = list(_PLACES["schools"])
SCHOOLS: list[tuple[str, str, str]] = [
    (region, school["name"], school["stage"]) for region, schools in _PLACES["schools"].items() for school in schools
]


def _ch(rng: random.Random, seq):
    """rng.choice, but cheaper (one C-level random() call)."""
    return seq[int(rng.random() * len(seq))]


def _ri(rng: random.Random, lo: int, hi: int) -> int:
    """rng.randint(lo, hi), but cheaper."""
    return lo + int(rng.random() * (hi - lo + 1))


# ---------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------

PEOPLE_SURNAMES: list[str] = list(_PEOPLE["surnames"]) + _PEOPLE["compound_surnames"]
GIVEN_NAME_CHARS: dict[str, dict[str, list[str]]] = {
    gender: {place: list(chars) for place, chars in pool.items()}
    for gender, pool in _PEOPLE["given_name_chars"].items()
}
# Earlier surnames are drawn more often; the compound ones rarely.
_SURNAME_WEIGHTS = [1.0 / (1 + i / 12) for i in range(len(_PEOPLE["surnames"]))] + [0.03, 0.02, 0.02]
_SURNAME_CUM = [sum(_SURNAME_WEIGHTS[: i + 1]) for i in range(len(_SURNAME_WEIGHTS))]


def person_name(rng: random.Random, gender: str | None = None) -> str:
    """A realistic Chinese full name (2–3 characters, occasionally 4 with a compound surname)."""
    surname = rng.choices(PEOPLE_SURNAMES, cum_weights=_SURNAME_CUM)[0]
    if gender is None:
        gender = "female" if rng.random() < 0.62 else "male"  # teaching is a female-majority profession
    pool = GIVEN_NAME_CHARS[gender]
    if len(surname) == 2 or rng.random() < 0.28:
        return surname + _ch(rng, pool["second"])
    first = _ch(rng, pool["first"])
    second = _ch(rng, pool["second"])
    while second == first:
        second = _ch(rng, pool["second"])
    return surname + first + second


# ---------------------------------------------------------------------------
# Lessons: real textbook lessons / units / activities (demo_data/lessons.jsonl)
# ---------------------------------------------------------------------------
# 单元 is "第十七章 勾股定理", "第一单元", "主题 光影游戏", "专题 读后续写", "Unit 2 Colours" or "";
# an English unit whose 课题 is the unit itself is taught as a whole ("english_unit").
# 〈〉 inside a 课题 stands for nested 《》 (阿长与〈山海经〉).


def _lesson(row: dict) -> dict:
    unit, name = row["unit"], row["name"]
    english_unit = bool(unit) and name == unit and unit.startswith("Unit ")
    if english_unit:
        unit_no, unit_name = " ".join(unit.split(" ")[:2]), " ".join(unit.split(" ")[2:])
    else:
        unit_no, _, unit_name = unit.partition(" ")
        if not unit_name and not (unit.startswith("第") and unit.endswith(("单元", "章"))):
            unit_no, unit_name = "", unit  # "水", "考察探究", "识字单元"
    return {**row, "unit_no": unit_no, "unit_name": unit_name, "english_unit": english_unit}


LESSONS: list[dict] = [_lesson(row) for row in load("lessons.jsonl")]
_LESSON_INDEX: dict[tuple[str, str], list[dict]] = {}
for _row in LESSONS:
    _LESSON_INDEX.setdefault((_row["stage"], _row["subject"]), []).append(_row)
for _stage in STAGES:
    for _subject in SUBJECTS[_stage]:
        assert (_stage, _subject) in _LESSON_INDEX, (_stage, _subject)
for _row in LESSONS:
    assert _row["grade"] in GRADES[_row["stage"]] and _row["subject"] in SUBJECTS[_row["stage"]], _row


def _siblings(lesson: dict) -> list[dict]:
    """The lessons of the same unit of the same book (the lesson itself included)."""
    return [
        other
        for other in _LESSON_INDEX[(lesson["stage"], lesson["subject"])]
        if other["unit"]
        and (other["unit"], other["grade"], other["book"]) == (lesson["unit"], lesson["grade"], lesson["book"])
    ]


# ---------------------------------------------------------------------------
# Schools
# ---------------------------------------------------------------------------


def _county_institution(region: str) -> str:
    parts = region.split("/")
    county = parts[-1]
    if county in _PLACES["county_institutions"]:
        return _PLACES["county_institutions"][county]
    if len(parts) == 2:
        return f"{parts[0]}{county}教师发展中心"
    return f"{county}教师发展中心" if county.endswith("市") else f"{parts[1]}{county}教师发展中心"


_SCHOOL_CACHE: dict[str, dict] = {}


def _school(row: tuple[str, str, str]) -> dict:
    cached = _SCHOOL_CACHE.get(row[1])
    if cached is None:
        region, school, school_stage = row
        parts = region.split("/")
        cached = _SCHOOL_CACHE[school] = {
            "region": region,
            "province": parts[0],
            "city": parts[1] if len(parts) == 3 else parts[0],
            "county": parts[-1],
            "institution": _county_institution(region),
            "school": school,
            "school_stage": school_stage,
        }
    return cached


_PEER_CACHE: dict[tuple[str, str], list[str]] = {}


def _peers(region: str, stage: str) -> list[str]:
    """Partner schools for 同课异构 and 跟岗: 津冀 pair with each other, others stay in their province."""
    key = (region, stage)
    if key not in _PEER_CACHE:
        province = region.split("/")[0]
        partner = {"河北省": "天津市", "天津市": "河北省"}.get(province)
        if partner:
            pool = [s for s in SCHOOLS if s[0].startswith(partner)]
        else:
            pool = [s for s in SCHOOLS if s[0].startswith(province) and s[0] != region]
        same_stage = [s for s in pool if s[2] == stage] or pool
        _PEER_CACHE[key] = [school for _, school, _ in same_stage]
    return _PEER_CACHE[key]


# ---------------------------------------------------------------------------
# Tags (demo_data/tags.json)
# ---------------------------------------------------------------------------

TAG_POOL: list[str] = _TAGS["pool"]


def _tags(rng: random.Random, kind: str, c: dict) -> list[str]:
    """2–5 tags: one or two typical of the kind, then the subject's, the stage's and generic ones."""
    stage, grade = c["stage"], c["grade"]
    kind_tags = _TAGS["by_kind"][kind]
    if stage == "幼儿园":
        kind_tags = [_TAGS["kindergarten_instead"].get(t, t) for t in kind_tags]
    stage_tags: list[str] = []
    if stage in ("小学", "初中") and kind in ("teaching_design", "unit_case", "courseware", "reflection"):
        stage_tags = ["双减", "作业设计"]
    if grade == "高三":
        stage_tags = ["高考复习"]
    if (stage == "幼儿园" and grade == "大班") or (stage == "小学" and grade == "一年级"):
        stage_tags = ["幼小衔接"]
    if "整本书" in c["name"]:
        stage_tags = ["整本书阅读"]
    if c["group"] in ("zh", "it", "sci") and rng.random() < 0.15:
        stage_tags = stage_tags + ["跨学科主题学习"]
    k = _ri(rng, 2, 5)
    out: list[str] = []

    def take(pool: list[str], n: int) -> None:
        for tag in sorted(pool, key=lambda _: rng.random()):
            if n <= 0 or len(out) >= k:
                return
            if tag not in out:
                out.append(tag)
                n -= 1

    take(kind_tags, _ri(rng, 1, 2))
    take(load("groups.json")[c["group"]]["tags"], _ri(rng, 0, 2))
    if stage_tags and rng.random() < 0.7:
        take(stage_tags, 1)
    take(_TAGS["generic_kindergarten"] if stage == "幼儿园" else _TAGS["generic"], k)
    return out


# ---------------------------------------------------------------------------
# Staff: a pool of teachers per school, built once per seed (demo_data/people.json)
# ---------------------------------------------------------------------------

_STAFF_CACHE: dict[int, dict[str, list[dict]]] = {}


def _staff(seed: int) -> dict[str, list[dict]]:
    if seed in _STAFF_CACHE:
        return _STAFF_CACHE[seed]
    rng = random.Random(f"rtpt-staff-{seed}")
    used: set[str] = set()
    staff: dict[str, list[dict]] = {}
    stage_weights = list(_PEOPLE["teacher_stage_weights"].values())
    for index, (region, school, stage) in enumerate(SCHOOLS, 1):
        plan = _PEOPLE["school_staff"][stage]
        required, weights = plan["required"], plan["weights"]
        size = _ri(rng, *plan["size"])
        subjects = list(required) + rng.choices(list(weights), weights=list(weights.values()), k=size - len(required))
        rng.shuffle(subjects)
        # the school trainer (教研组长) heads the list and teaches a core subject
        core = [s for s in subjects if s in required[:3]]
        subjects.remove(core[0])
        subjects.insert(0, core[0])
        people = []
        for j, subject in enumerate(subjects, 1):
            female = rng.random() < (0.3 if subject == "体育与健康" else _PEOPLE["female_share"][stage])
            name = person_name(rng, "female" if female else "male")
            while name in used:
                name = person_name(rng, "female" if female else "male")
            used.add(name)
            if j == 1:
                tstage = _ch(rng, ["骨干教师", "骨干教师", "名优教师", "教育家型教师"])
            else:
                tstage = rng.choices(TEACHER_STAGES, weights=stage_weights)[0]
            trainer_label = "园级培训者（教研组长）" if stage == "幼儿园" else "校级培训者（教研组长）"
            people.append(
                {
                    "name": name,
                    "gender": "女" if female else "男",
                    "subject": subject,
                    "stage": stage,
                    "teacher_stage": tstage,
                    "role": "school_trainer" if j == 1 else "teacher",
                    "role_label": trainer_label if j == 1 else "教师",
                    "school": school,
                    "region": region,
                    "username": f"t{index:02d}{j:02d}",
                }
            )
        staff[school] = people
    _STAFF_CACHE[seed] = staff
    return staff


def demo_people(seed: int = 2026) -> dict[str, list[dict]]:
    """Named people per school for demo logins: ``{school name: [person, ...]}`` (3–6 per school).

    Each person is a dict with ``name``, ``gender``, ``subject``, ``stage`` (the school's 学段),
    ``teacher_stage`` (新教师…教育家型教师), ``role`` ("school_trainer" for the first one —
    the 教研组长 who reviews and recommends — else "teacher"), ``role_label``, ``school``,
    ``region`` and a suggested ASCII ``username``.  They are the same people who author
    the records of ``generate_records(seed=seed)``, so a login sees its own works.
    """
    staff = _staff(seed)
    rng = random.Random(f"rtpt-people-{seed}")
    return {school: [dict(p) for p in staff[school][: _ri(rng, 3, 6)]] for _, school, _ in SCHOOLS}


def demo_county_trainers(seed: int = 2026) -> list[dict]:
    """County trainers (县级学科培训者 / 教研员), one or two per county: dicts with ``name``, ``gender``,
    ``subject``, ``stages`` (the stages of the county's schools), ``institution``, ``region``,
    ``role`` ("county_trainer"), ``role_label`` and ``username``."""
    staff = _staff(seed)
    used = {p["name"] for people in staff.values() for p in people}
    rng = random.Random(f"rtpt-trainers-{seed}")
    out = []
    for index, region in enumerate(REGIONS, 1):
        stages = [s for s in STAGES if any(r == region and st == s for r, _, st in SCHOOLS)]
        subjects = ["语文", "数学", "英语"]
        if "初中" in stages or "高中" in stages:
            subjects += ["物理", "化学", "生物学", "历史", "地理", "道德与法治" if "初中" in stages else "思想政治"]
        if "幼儿园" in stages:
            subjects.append("学前教育")
        if "特殊教育" in stages:
            subjects.append("特殊教育")
        for j, subject in enumerate(rng.sample(subjects, _ri(rng, 1, 2)), 1):
            gender = "female" if rng.random() < 0.55 else "male"
            name = person_name(rng, gender)
            while name in used:
                name = person_name(rng, gender)
            used.add(name)
            label = subject if subject in ("学前教育", "特殊教育") else f"{subject}学科"
            out.append(
                {
                    "name": name,
                    "gender": "女" if gender == "female" else "男",
                    "subject": subject,
                    "stages": stages,
                    "institution": _county_institution(region),
                    "region": region,
                    "role": "county_trainer",
                    "role_label": f"县级{label}培训者（教研员）",
                    "username": f"c{index:02d}{j}",
                }
            )
    return out


# ---------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------

_STAGE_WEIGHTS = {"幼儿园": 7, "小学": 36, "初中": 30, "高中": 21, "特殊教育": 6}
_KIND_WEIGHTS = _WRITING["kind_weights"]
_SCHOOLS_BY_STAGE = {stage: [s for s in SCHOOLS if s[2] == stage] for stage in STAGES}
_CJK_AFTER_LATIN = re.compile(r"([A-Za-z.!?])([\u4e00-\u9fff])")
_LATIN_AFTER_CJK = re.compile(r"([\u4e00-\u9fff])([A-Za-z])")


def _make_work(rng: random.Random, number: int, staff: dict, published_ratio: float) -> tuple[dict, dict]:
    stage = rng.choices(list(_STAGE_WEIGHTS), weights=list(_STAGE_WEIGHTS.values()))[0]
    school_row = _ch(rng, _SCHOOLS_BY_STAGE[stage])
    teacher = _ch(rng, staff[school_row[1]])
    subject = teacher["subject"]
    if stage in ("幼儿园", "特殊教育") and rng.random() < 0.3:
        subject = _ch(rng, SUBJECTS[stage])  # 包班: kindergarten / special-school teachers teach across areas
    kind = rng.choices(list(_KIND_WEIGHTS), weights=list(_KIND_WEIGHTS.values()))[0]
    lesson = _ch(rng, _LESSON_INDEX[(stage, subject)])
    title, summary, body, c = write(
        rng,
        kind,
        lesson,
        _school(school_row),
        teacher,
        siblings=_siblings(lesson),
        peers=_peers(school_row[0], school_row[2]),
        person_name=person_name,
    )
    if lesson["english_unit"]:  # "八年级英语 Unit 1 What's the matter? Section B 教学设计"
        title = _LATIN_AFTER_CJK.sub(r"\1 \2", _CJK_AFTER_LATIN.sub(r"\1 \2", title))
    record = {
        "external_id": f"demo-{number:06d}",
        "kind": kind,
        "title": title,
        "summary": summary,
        "body": body,
        "subject": lesson["subject"],
        "stage": lesson["stage"],
        "grade": lesson["grade"],
        "region": school_row[0],
        "school": school_row[1],
        "author": teacher["name"],
        "tags": _tags(rng, kind, c),
        "published": rng.random() < published_ratio,
    }
    return record, lesson


def find_lesson(stage: str, subject: str, name: str) -> dict | None:
    """The textbook lesson of ``stage`` and ``subject`` called ``name`` (with or without 《》), if the table has it."""
    if name.startswith("《") and name.endswith("》"):
        name = name[1:-1]
    name = name.replace("《", "〈").replace("》", "〉")
    return next((row for row in _LESSON_INDEX.get((stage, subject), []) if row["name"] == name), None)


def compose(
    kind: str, lesson: dict, *, school: str, region: str, author: str, seed: str, context: dict | None = None
) -> dict:
    """A work of ``kind`` about ``lesson`` by ``author`` of ``school`` (in ``region``), written like the
    corpus: ``{"kind", "title", "summary", "body", "subject", "stage", "grade", "tags"}``. The same
    arguments give the same text; ``context`` fixes fields of the text (``{"event": "同课异构活动"}``).
    Other demos (review, showcase) use it for their works."""
    rng = random.Random(seed)
    row = (region, school, lesson["stage"])
    teacher = {"name": author, "teacher_stage": "骨干教师"}
    peers = _peers(region, lesson["stage"]) or [s for _, s, _ in SCHOOLS if s != school]
    title, summary, body, c = write(
        rng,
        kind,
        lesson,
        _school(row),
        teacher,
        siblings=_siblings(lesson),
        peers=peers,
        person_name=person_name,
        preset=context,
    )
    return {
        "kind": kind,
        "title": title,
        "summary": summary,
        "body": body,
        "subject": lesson["subject"],
        "stage": lesson["stage"],
        "grade": lesson["grade"],
        "tags": _tags(rng, kind, c),
    }


def generate_works(n: int, *, seed: int = 2026, published_ratio: float = 0.9) -> Iterator[tuple[dict, dict]]:
    """``generate_records`` with the textbook lesson (a ``LESSONS`` row) each record is about."""
    rng = random.Random(seed)
    staff = _staff(seed)
    for number in range(1, n + 1):
        yield _make_work(rng, number, staff, published_ratio)


def generate_records(n: int, *, seed: int = 2026, published_ratio: float = 0.9) -> Iterator[dict]:
    """Yield ``n`` demo resources in the ``import_resources`` JSON Lines schema.

    Deterministic for a given ``seed``; the first ``k`` records do not depend on ``n``.
    ``published_ratio`` is the share of records with ``published: true``.
    """
    for record, _ in generate_works(n, seed=seed, published_ratio=published_ratio):
        yield record
