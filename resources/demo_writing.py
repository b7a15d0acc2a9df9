"""Writes the title, summary and body of a demo work from the templates in ``demo_data/writing.json``.

Pure standard library. ``write(rng, kind, lesson, school, teacher, ...)`` picks a recipe for the
kind (``choose``), draws the recipe's ``let`` values, expands its title, parts and summary and fits
them to the corpus limits (``resources/demo_corpus.py`` states them).

A template is a ``str.format`` string over the work's context. Besides the context fields (``{q}``
the lesson in 《》, ``{stu}`` 学生 or 幼儿, ``{school}``, ``{key}`` / ``{diff}`` / ``{focus}`` the
lesson's focus … see ``_lesson_fields``, ``_Work`` and the ``vocab`` of ``writing.json``) it knows:

- ``{@pool}`` one option of the named pool (itself a template), ``{@pool*2}`` two different ones,
  ``{@pool*1-3}`` one to three, ``{@pool*2/；}`` two joined by "；", ``{@甲|乙|丙}`` one of the words;
- ``{#3-8}`` a whole number from 3 to 8; ``{field_in}`` the field with “” turned into ‘’.

Pools are looked up in the recipe, then the subject (``subject_pools``), then the teaching group
(``groups.json``), then ``pools``. A pool written as an object picks its list by a context field,
``{"_by": "audience", "kg": [...], "default": [...]}``; ``audience`` is kg, sp (特殊教育) or default.
A part is ``{"h": heading, "p": [paragraph, ...] or "*field", "req": probability, "swap": [[a, b]]}``;
without ``req`` it is always kept, with ``req`` 0 it is kept when there is room.
"""

from __future__ import annotations

import random
import re

from resources.demo_data import load

BODY_MIN, BODY_MAX = 400, 1200
SUMMARY_MIN, SUMMARY_MAX = 60, 150
_CN = "一二三四五六七八九十"


def _ch(rng: random.Random, seq):
    """rng.choice, but cheaper (one C-level random() call)."""
    return seq[int(rng.random() * len(seq))]


def _ri(rng: random.Random, lo: int, hi: int) -> int:
    """rng.randint(lo, hi), but cheaper."""
    return lo + int(rng.random() * (hi - lo + 1))


def _inner(text: str) -> str:
    """Turn “” into ‘’ for embedding inside another pair of “”."""
    return text.replace("“", "‘").replace("”", "’")


def _data():
    return load("writing.json"), load("groups.json"), load("subjects.json")


# ---------------------------------------------------------------------------
# What depends on the lesson only
# ---------------------------------------------------------------------------

_LESSON_CACHE: dict[int, dict] = {}


def _level(stage: str, grade: str) -> str:
    if stage == "小学":
        return {"一": "low", "二": "low", "三": "mid", "四": "mid"}.get(grade[0], "high")
    if stage == "高中":
        return "review" if grade == "高三" else "senior"
    return {"初中": "junior", "特殊教育": "sp"}.get(stage, "kg")


def _unit_display(lesson: dict, group: str) -> str:
    unit_no, unit_name = lesson["unit_no"], lesson["unit_name"]
    if not lesson["unit"] or lesson["english_unit"]:
        return ""
    if not unit_name:
        return unit_no
    if group in ("labor", "zh", "psy"):
        return f"“{unit_name}”板块"
    if unit_name.endswith(("单元", "模块")):
        return unit_name
    return f"{unit_no}“{unit_name}”" if unit_no else f"“{unit_name}”单元"


def _sources(lesson: dict) -> tuple[str, str]:
    """(where the lesson comes from, for body text; the same, shorter, for titles)."""
    stage, subject, edition, grade, book = (lesson[k] for k in ("stage", "subject", "edition", "grade", "book"))
    if stage == "幼儿园":
        return f"{grade}{book}", f"{grade}{book}"
    if stage == "特殊教育":
        return f"培智学校{subject}{grade}", f"培智{subject}"
    if book.endswith("复习"):
        return f"{grade}{book}", f"高三{subject}{book}"
    if stage == "高中":
        if book.startswith("中外"):
            return f"{edition}《{book}》", f"{edition}《{book}》"
        series, _, title = book.partition(" ")
        return (f"{edition}{series}《{title}》" if title else f"{edition}{series}"), f"{edition}高中{subject}{series}"
    if not edition:
        return f"{grade}{book}", f"{grade}{subject}"
    return f"{edition}{grade}{book}", f"{edition}{grade}{book}"


def _shape(lesson: dict, group: str) -> str:
    """How a unit case names its unit (see the unit titles in writing.json)."""
    unit_no, unit_name = lesson["unit_no"], lesson["unit_name"]
    if lesson["book"].endswith("复习"):
        return "review"
    if lesson["english_unit"]:
        return "english"
    if unit_no.startswith("第"):
        return "chapter" if unit_name else "numbered"
    if unit_name.endswith("单元"):
        return "named_unit"
    if lesson["unit"] and group not in ("labor", "zh", "psy", "pe"):
        return "themed"
    return "none"


def _lesson_fields(lesson: dict) -> dict:
    """Context fields that depend only on the lesson (computed once per lesson)."""
    cached = _LESSON_CACHE.get(id(lesson))
    if cached is None:
        _, _, subjects = _data()
        stage, subject, grade, book = lesson["stage"], lesson["subject"], lesson["grade"], lesson["book"]
        audience = {"幼儿园": "kg", "特殊教育": "sp"}.get(stage, "default")
        group = {"kg": "kg", "sp": "sp"}.get(audience) or subjects["groups"][subject]
        name = lesson["name"].replace("〈", "《").replace("〉", "》")
        src, src_title = _sources(lesson)
        cores = subjects["core_literacies"][subject]
        if stage == "高中":
            cores = subjects["core_literacies_senior"].get(subject, cores)
        elif stage == "幼儿园" and subject == "科学":
            cores = subjects["core_literacies_kindergarten_science"]
        shape = _shape(lesson, group)
        cached = {
            "lesson": lesson,
            "audience": audience,
            "group": group,
            "level": _level(stage, grade),
            "course_type": "review" if book.endswith("复习") else {"kg": "kg", "sp": "sp"}.get(audience, "new"),
            "shape": shape,
            "stage": stage,
            "subject": subject,
            "grade": grade,
            "book": book,
            "edition": lesson["edition"],
            "name": name,
            "key": lesson["key"],
            "diff": lesson["diff"],
            "focus": lesson["focus"],
            "qfocus": lesson["focus"] if "“" in lesson["focus"] else f"“{lesson['focus']}”",
            "unit": lesson["unit"],
            "unit_no": lesson["unit_no"],
            "unit_name": lesson["unit_name"] or name,
            "uname": name if shape == "none" else (lesson["unit_name"] or name),
            "unit_disp": _unit_display(lesson, group),
            "src": src,
            "src_title": src_title,
            "stu": "幼儿" if audience == "kg" else "学生",
            "standard": subjects["curriculum_standards"][stage].format(subject=subject),
            "minutes": {"幼儿园": {"小班": 15, "中班": 25}.get(grade, 30), "小学": 40, "特殊教育": 35}.get(stage, 45),
            "team": _team(subject, stage),
            "big_team": "yes" if audience == "kg" or subject in ("语文", "数学", "英语") else "no",
            "_cores": cores,
            "has_section": "no",
            "section": "",
        }
        if not lesson["english_unit"]:
            cached["q"] = cached["uq"] = f"《{lesson['name']}》"
        _LESSON_CACHE[id(lesson)] = cached
    return cached


def _team(subject: str, stage: str) -> str:
    if stage == "幼儿园":
        return "年级组"
    if stage == "特殊教育":
        return "教研组"
    return _data()[2]["teams"].get(subject, f"{subject}组")


# ---------------------------------------------------------------------------
# The work's context: fields, lazily drawn fields and template expansion
# ---------------------------------------------------------------------------

_LAZY: dict = {}


def _lazy(*keys):
    def register(fn):
        for key in keys:
            _LAZY[key] = fn
        return fn

    return register


class _Work(dict):
    """The context of one work; ``format_map`` over it expands templates (see the module docstring)."""

    rng: random.Random
    recipe: dict
    helpers: dict

    def __missing__(self, key: str):
        if key.startswith("@"):
            return self.pick(key[1:])
        if key.startswith("#"):
            lo, _, hi = key[1:].partition("-")
            return str(_ri(self.rng, int(lo), int(hi)))
        if key.endswith("_in") and key != "_in":
            return _inner(self[key[:-3]])
        fn = _LAZY.get(key)
        if fn is None:
            raise KeyError(key)
        self.update(fn(self))
        return self[key]

    def pool(self, name: str, default=None) -> list:
        writing, groups, _ = _data()
        sources = (
            self.recipe.get("pools", {}),
            writing["subject_pools"].get(self["subject"], {}),
            groups[self["group"]],
            writing["pools"],
        )
        for source in sources:
            value = source.get(name)
            while isinstance(value, dict):
                value = value.get(self[value["_by"]], value.get("default"))
            if value is not None:
                return value
        if default is None:
            raise KeyError(name)
        return default

    def pick(self, spec: str) -> str:
        name, _, count = spec.partition("*")
        count, _, joiner = count.partition("/")
        options = name.split("|") if "|" in name else self.pool(name)
        if not options:
            return ""
        if not count:
            return self.x(_ch(self.rng, options))
        lo, _, hi = count.partition("-")
        k = min(_ri(self.rng, int(lo), int(hi or lo)), len(options))
        return joiner.join(self.x(t) for t in self.rng.sample(options, k))

    def x(self, template: str) -> str:
        return template.format_map(self)


@_lazy("month")
def _month(c):
    return {"month": str(_ch(c.rng, (3, 4, 5, 6, 9, 10, 11, 12)))}


@_lazy("year_prev", "year_next")
def _years_around(c):
    return {"year_prev": str(int(c["year"]) - 1), "year_next": str(int(c["year"]) + 1)}


@_lazy("years")
def _years(c):
    return {"years": str(_ri(c.rng, *c.helpers["years"]))}


@_lazy("cls")
def _class(c):
    stage, grade, rng = c["stage"], c["grade"], c.rng
    if stage == "幼儿园":
        return {"cls": f"{grade[0]}{_CN[rng.randrange(4)]}班"}
    if stage == "特殊教育":
        base = {"培智低段": 1, "培智中段": 4, "培智高段": 7}[grade]
        return {"cls": f"培智{_CN[base - 1 + rng.randrange(3)]}年级"}
    return {"cls": f"{grade}（{_ri(rng, 1, 12)}）班"}


@_lazy("mentor")
def _mentor(c):
    return {"mentor": c.helpers["person_name"](c.rng)}


@_lazy("child", "he")
def _child(c):
    gender = "female" if c.rng.random() < 0.5 else "male"
    full = c.helpers["person_name"](c.rng, gender)
    child = full[1:] if len(full) == 3 and c.rng.random() < 0.4 else "小" + full[0]
    return {"child": child, "he": "她" if gender == "female" else "他"}


@_lazy("fa", "fb")
def _from_to(c):
    fa, _, fb = _ch(c.rng, c.pool("from_to")).partition("|")
    return {"fa": fa, "fb": fb}


@_lazy("peer_school")
def _peer(c):
    return {"peer_school": _ch(c.rng, c.helpers["peers"])}


@_lazy("training", "teacher_title", "home_team", "approach")
def _picked(c):
    return {
        "training": c.pick("training"),
        "teacher_title": c.pick("teacher_title"),
        "home_team": c.pick("home_team"),
    } | ({} if "approach" in c else {"approach": c.pick("approach")})


@_lazy("label1", "label2", "label3", "label4", "step_chain")
def _labels(c):
    options = c.pool("step_labels")
    if c["group"] == "english" and c["section"]:
        labels = options[1] if c["reading"] else options[0]
    else:
        labels = _ch(c.rng, options)
    return {f"label{i}": label for i, label in enumerate(labels, 1)} | {"step_chain": "—".join(labels)}


@_lazy("steps")
def _steps(c):
    """The lesson process as 2–3 paragraphs: four steps with their minutes."""
    rng = c.rng
    t1, t4, t3 = _ri(rng, 3, 6), _ri(rng, 3, 5), _ri(rng, 8, 12)
    times = [t1, c["minutes"] - t1 - t3 - t4, t3, t4]
    form = "Step {i} {label}（约{t}分钟）" if c["group"] == "english" else _ch(rng, c.pool("step_heads"))
    heads = [form.format(i=i + 1, n=_CN[i], label=c[f"label{i + 1}"], t=t) + "。" for i, t in enumerate(times)]
    explore = c.pool("explore")
    if c["group"] == "english" and c["section"] and not c["reading"]:
        explore = [t for t in explore if "阅读" not in t and "文本" not in t]
    p1 = heads[0] + c.x("{@intro}{@intent_intro}")
    p2 = heads[1] + "".join(c.x(t) for t in rng.sample(explore, _ri(rng, 2, min(4, len(explore)))))
    p2 += c.x("{@probe_or_not}{@intent_explore}")
    p3 = heads[2] + c.x("{@practice}{@intent_practice}")
    p4 = heads[3] + c.x("{@summary}")
    if rng.random() < 0.5:
        return {"steps": [p1, p2, p3 + p4]}
    return {"steps": [p1 + p2, p3 + p4] if rng.random() < 0.3 else [p1, p2 + p3, p4]}


@_lazy("goals")
def _goals(c):
    # "在观察中{diff}" reads badly when the difficulty itself starts with "在情境中…"
    process = c["diff"] if c["diff"].startswith("在") else c.pick("process")
    goals = [c["key"], process, c.pick("value")]
    return {"goals": "；".join(f"{i}. {g}" for i, g in enumerate(goals, 1)) + "。"}


@_lazy("sp_n", "sp_id", "sp_a", "sp_b", "sp_c")
def _sp_groups(c):
    rng = c.rng
    n, a, cgrp = _ri(rng, 7, 12), _ri(rng, 2, 4), _ri(rng, 1, 3)
    return {"sp_n": n, "sp_id": n - _ri(rng, 1, 2), "sp_a": a, "sp_b": n - a - cgrp, "sp_c": cgrp}


@_lazy("page_a", "page_b", "page_c")
def _pages(c):
    pages = int(c["pages"])
    return {"page_a": pages // 3, "page_b": pages // 3 + 1, "page_c": pages - 3}


@_lazy("talk_minutes")
def _talk(c):
    return {"talk_minutes": max(int(c["minutes"]) - 4, 2)}


@_lazy("theme", "problem")
def _theme(c):
    options = c.pool("themes", []) * 2 + ([] if c["audience"] == "kg" else c.pool("themes_common"))
    options = [
        t
        for t in options
        if c["grade"] in t.get("grades", [c["grade"]]) and c["stage"] in t.get("stages", [c["stage"]])
    ]
    chosen = _ch(c.rng, options)
    return {"theme": chosen["theme"], "problem": chosen["problem"]}


_SCHOOL_MONTHS = (9, 10, 11, 12, 1, 2, 3, 4, 5, 6)  # no steps of a plan in the summer holidays


@_lazy("m1", "m2", "m3", "m4", "m5")
def _months(c):
    start = _SCHOOL_MONTHS.index(int(c["month"]))
    return {f"m{i + 1}": _SCHOOL_MONTHS[(start + i) % len(_SCHOOL_MONTHS)] for i in range(5)}


@_lazy("task_count", "task_list")
def _unit_tasks(c):
    tasks = c.pool("unit_subtask")
    chosen = [tasks[i] for i in sorted(c.rng.sample(range(len(tasks)), _ri(c.rng, 3, 4)))]
    listing = "；".join(f"任务{_CN[i]}，{c.x(t)}" for i, t in enumerate(chosen))
    return {"task_count": len(chosen), "task_list": listing}


@_lazy("plan_count", "plan_list")
def _unit_plan(c):
    writing, _, subjects = _data()
    plan, n = writing["unit_plan"], _ri(c.rng, 4, 7)
    if c["audience"] == "sp":
        items = plan["sp"][: max(n, 4)]
    elif c["lesson"]["english_unit"]:
        items = [plan["first"], *subjects["english_sections"][c["stage"]], plan["english_last"]]
    else:
        verb = plan["sibling_verb"].get(c["group"], plan["sibling_verb"]["default"])
        items = [plan["first"]] + [f"{verb}《{_bare(o['name'])}》" for o in c.helpers["siblings"][:3]]
        items = list(dict.fromkeys(items + plan["rest"]))[: max(n, 4)]
    listing = "；".join(f"第{i}课时，{c.x(item)}" for i, item in enumerate(items, 1))
    return {"plan_count": len(items), "plan_list": listing}


def _bare(name: str) -> str:
    return name.replace("〈", "《").replace("〉", "》")


@_lazy("kg_domains")
def _kg_domains(c):
    domains = _data()[0]["kg_domains"]
    return {"kg_domains": "；".join(c.x(text) for domain, text in domains.items() if domain != c["subject"])}


# ---------------------------------------------------------------------------
# Recipes: parts to a body, a summary within its limits
# ---------------------------------------------------------------------------


def _assemble(c: _Work, parts: list[dict], style) -> str:
    """Keep the required parts, add optional ones while there is room (4–8 paragraphs,
    BODY_MIN–BODY_MAX characters), number the headings and top up a short body."""
    rng, chosen, optional = c.rng, [], []
    for index, part in enumerate(parts):
        req = part.get("req", 1)
        paras = part["p"]
        paras = list(c[paras[1:]]) if isinstance(paras, str) else [c.x(p) for p in paras]
        for old, new in part.get("swap", []):
            paras = [p.replace(old, new) for p in paras]
        paras = [p for p in paras if p]
        if not paras:
            continue
        heading = c.x(part["h"]) if "h" in part else None
        entry = (part.get("at", index), heading, paras, sum(map(len, paras)) + (len(heading) + 3 if heading else 0))
        (chosen if req >= 1 or (req > 0 and rng.random() < req) else optional).append(entry)
    optional.sort(key=lambda _: rng.random())
    total, count = sum(e[3] for e in chosen), sum(len(e[2]) for e in chosen)
    for entry in optional:
        if count + len(entry[2]) <= 8 and total + entry[3] <= BODY_MAX - 20:
            chosen.append(entry)
            total, count = total + entry[3], count + len(entry[2])
    chosen.sort(key=lambda e: e[0])
    style = _ch(rng, style if isinstance(style, list) else [style]) if style else _ch(rng, ("cn", "cn", "bracket"))
    out, n = [], 0
    for _, heading, paras, _ in chosen:
        paras = list(paras)
        if heading:
            paras[0] = f"{_CN[n]}、{heading}：{paras[0]}" if style == "cn" else f"【{heading}】{paras[0]}"
            n += 1
        out.extend(paras)
    filler = c.recipe.get("filler")
    if filler and (len("\n\n".join(out)) < BODY_MIN or len(out) < 4):
        pool = sorted((c.x(t) for t in c.pool(f"filler_{filler}")), key=lambda _: rng.random())
        pool += c.pool("filler_closers")
        if len(out) < 8:
            out.append(pool.pop(0))
        while len("\n\n".join(out)) < BODY_MIN and pool:
            out[-1] += pool.pop(0)
    body = "\n\n".join(out)
    while len(body) > BODY_MAX and len(out) > 4:
        out.pop(max(range(1, len(out)), key=lambda i: len(out[i])))
        body = "\n\n".join(out)
    if len(body) > BODY_MAX:
        body = body[:BODY_MAX].rsplit("。", 1)[0] + "。"
    return body


def _fit_summary(text: str, extra: list[str]) -> str:
    for sentence in extra:
        if len(text) >= SUMMARY_MIN:
            break
        if len(text) + len(sentence) <= SUMMARY_MAX:
            text += sentence
    if len(text) > SUMMARY_MAX:
        cut = text[:SUMMARY_MAX]
        for mark in ("。", "；", "，"):
            pos = cut.rfind(mark)
            if pos >= SUMMARY_MIN - 1:
                return cut[:pos] + "。"
        return cut[: SUMMARY_MAX - 1] + "。"
    return text


def _kgify(text: str) -> str:
    """Reword school vocabulary for a kindergarten author."""
    for old, new in _data()[0]["kg_words"]:
        text = text.replace(old, new)
    return re.sub(r"观摩活动(\d+)节", r"观摩活动\1次", text)


_READING_MARKS = ("Read", "Story", "2a–2e", "Reading")


def write(
    rng: random.Random,
    kind: str,
    lesson: dict,
    school: dict,
    teacher: dict,
    *,
    siblings,
    peers,
    person_name,
    preset: dict | None = None,
) -> tuple[str, str, str, dict]:
    """(title, summary, body, context) of a work of ``kind`` on ``lesson`` by ``teacher`` of ``school``.

    ``school`` holds region, province, city, county, institution, school and school_stage;
    ``siblings`` are the other lessons of the unit, ``peers`` partner schools for 同课异构 and 跟岗,
    ``person_name(rng, gender=None)`` makes up a colleague's name; ``preset`` fixes context fields
    (``{"event": "同课异构活动"}``) that would otherwise be drawn.
    """
    writing, _, subjects = _data()
    c = _Work(_lesson_fields(lesson))
    c.update(school)
    c.update(writing["vocab"][c["audience"]])
    if lesson["english_unit"]:
        section = _ch(rng, subjects["english_sections"][lesson["stage"]])
        c.update(section=section, q=f"{lesson['name']} {section}", uq=lesson["name"], has_section="yes")
    c["reading"] = any(mark in c["section"] for mark in _READING_MARKS)
    c["core1"], c["core2"] = rng.sample(c["_cores"], 2)
    stage_info = subjects["teacher_stages"][teacher["teacher_stage"]]
    c.update(author=teacher["name"], teacher_stage=teacher["teacher_stage"], tdesc=stage_info["desc"])
    c["year"] = str(_ch(rng, (2023, 2024, 2024, 2025, 2025)))
    names = [_bare(s["name"]) for s in siblings]
    c.update(sib_names="、".join(f"《{n}》" for n in names), sib_many="yes" if len(names) > 1 else "no")
    c.rng = rng
    c.helpers = {"siblings": siblings, "peers": peers, "person_name": person_name, "years": stage_info["years"]}
    name = kind
    while name not in writing["recipes"]:
        choice = writing["choose"][name]
        name = _ch(rng, choice if isinstance(choice, list) else choice.get(c[choice["_by"]], choice["default"]))
    c.recipe = recipe = writing["recipes"][name]
    c.update(preset or {})
    for key, value in recipe.get("let", {}).items():
        if key not in c:
            c[key] = str(_ri(rng, *value)) if isinstance(value, list) else c.x(value)
    title = c.x(recipe.get("title", "{@title}"))
    if "layouts" in recipe:
        layouts = recipe["layouts"]
        layout = rng.choices(layouts, weights=[x["weight"] for x in layouts])[0]
    else:
        layout = recipe
    body = _assemble(c, layout["parts"], layout.get("style"))
    more = [c.x(t) for t in recipe.get("summary_more", [])] + c.pool("summary_tail")
    summary = _fit_summary(c.x(recipe.get("summary", "{@abstract}")), more)
    if c["audience"] == "kg":
        title, summary, body = _kgify(title), _kgify(summary), _kgify(body)
    return title, summary, body, c
