"""Demo works in every review and recommendation state (审核与推优演示数据).

``load_review_demo(stdout)`` is called by ``manage.py load_demo`` once its regions, schools,
users and resources exist. It expects these logins (``load_demo.KEY_USERS``):

- ``school_yuelu1`` (校级培训者 of 长沙市岳麓区第一小学) and at least two teachers of that school;
- ``county_yuelu`` (县级培训者, 湖南省/长沙市/岳麓区), ``editor_changsha`` (编辑, 湖南省/长沙市),
  ``editor_hunan`` (编辑, 湖南省).

It writes a dozen works (``external_id`` ``review-demo-*``) and carries each through the real
services to its state, so history, inbox and queues look as they would after real use. It is
idempotent: a second run changes nothing and prints the same summary. Demo notifications go to
the in-site inbox only (no emails are sent for them).
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from wagtail.models import TaskState

from home.models import Grade, Role, Stage, Subject, TeacherProfile

from . import demo_corpus
from .demo_data import load
from .models import GeneratedResourcePage, ResourceIndexPage
from .review import services
from .review.models import ReviewDecision, ReviewLevel, ReviewNotification, ReviewStatus
from .review.scope import reviewers_for
from .services import body_from_plain_text

SCHOOL_TRAINER = "school_yuelu1"
COUNTY_TRAINER = "county_yuelu"
CITY_EDITOR = "editor_changsha"
PROVINCE_EDITOR = "editor_hunan"

_DATA = load("review.json")
# One work per state, each about a textbook lesson of the school's stage (demo_data/review.json).
WORKS = [(w["key"], w["title"], w["state"], w["days_ago"]) for w in _DATA["works"]]
STATE_LABELS = _DATA["state_labels"]
COMMENTS = _DATA["comments"]


def _user(username: str):
    return get_user_model().objects.filter(username=username).first()


def _teachers_of(school, count: int) -> list:
    profiles = (
        TeacherProfile.objects.filter(role=Role.TEACHER, school=school)
        .select_related("user")
        .order_by("user__username")
    )
    return [p.user for p in profiles[:count]]


def _new_work(library, *, key: str, title: str, author, days_ago: int) -> GeneratedResourcePage:
    """A draft by ``author``, written about its lesson like the demo corpus (subject, grade, text)."""
    profile = author.profile
    work = next(w for w in _DATA["works"] if w["key"] == key)
    lesson = demo_corpus.find_lesson(_DATA["stage"], work["subject"], work["lesson"])
    school = profile.school
    text = demo_corpus.compose(
        work["kind"],
        lesson,
        school=school.name,
        region=school.region.path,
        author=profile.display_name or author.get_username(),
        seed=f"review-demo-{key}",
    )
    stage = Stage.objects.get(name=text["stage"])
    page = GeneratedResourcePage(
        title=title,
        slug=f"review-demo-{key}",
        external_id=f"review-demo-{key}",
        kind=work["kind"],
        summary=text["summary"],
        body=body_from_plain_text(text["body"]),
        subject=Subject.objects.get(name=text["subject"]),
        stage=stage,
        grade=Grade.objects.filter(stage=stage, name=text["grade"]).first(),
        school=school,
        region=school.region,
        author=author,
        owner=author,
        author_name=profile.display_name or author.get_username(),
        created_at=timezone.now() - timedelta(days=days_ago),
        live=False,
        review_status=ReviewStatus.DRAFT,
    )
    page.tags.add(*text["tags"])
    library.add_child(instance=page)
    page.save_revision(user=author)
    return page


def _submit(page, author):
    page.refresh_from_db()
    page.get_workflow().start(page, author)
    page.refresh_from_db()


def _decide(page, user, action: str, comment: str = ""):
    page.refresh_from_db()
    services.resource_review_decide(
        task_state=page.current_workflow_task_state, user=user, action=action, comment=comment
    )
    page.refresh_from_db()


def _carry(page, state: str, *, author, trainer, county, city, province) -> None:
    """Move a fresh draft to ``state`` through the services, as the real people would."""
    if state == "draft":
        return
    if state == "recusal":
        _submit(page, author)
        return
    _submit(page, author)
    if state == "in_review":
        return
    if state == "changes_requested":
        _decide(page, trainer, "reject", COMMENTS["changes_requested"])
        return
    if state == "rejected":
        _decide(page, trainer, "refuse", COMMENTS["rejected"])
        return
    _decide(page, trainer, "approve", COMMENTS["approved"])
    if state == "published":
        return
    services.recommendation_nominate(page=page, user=trainer, reason=COMMENTS["nominated"])
    page.refresh_from_db()
    if state == "nominated":
        return
    recommendation = page.recommendations.get(status="pending")
    if state == "declined":
        services.recommendation_decide(
            recommendation=recommendation, user=county, accept=False, comment=COMMENTS["declined"]
        )
        return
    services.recommendation_decide(recommendation=recommendation, user=county, accept=True, comment=COMMENTS["county"])
    page.refresh_from_db()
    if state == "withdrawn":
        services.recommendation_withdraw(
            recommendation=page.recommendations.get(level=2), user=county, reason=COMMENTS["withdrawn"]
        )
        return
    if state in ("city", "province"):
        services.recommendation_promote(page=page, user=city, comment=COMMENTS["city"])
    if state == "province":
        services.recommendation_promote(page=page, user=province, comment=COMMENTS["province"])


def _backdate(page, days_ago: int) -> None:
    """Spread the demo decisions over the past weeks so queues show realistic waiting days."""
    moment = timezone.now() - timedelta(days=days_ago)
    decisions = list(ReviewDecision.objects.filter(page=page).order_by("created_at", "pk"))
    for offset, decision in enumerate(decisions):
        ReviewDecision.objects.filter(pk=decision.pk).update(created_at=moment + timedelta(days=offset * 2))
    TaskState.objects.filter(workflow_state__object_id=str(page.pk)).update(started_at=moment)
    page.recommendations.filter(nominated_at__isnull=False).update(nominated_at=moment + timedelta(days=2))


def load_review_demo(stdout=None) -> str:
    """Put demo works in every review state; return (and write to ``stdout``) who sees what."""
    trainer, county, city, province = (_user(n) for n in (SCHOOL_TRAINER, COUNTY_TRAINER, CITY_EDITOR, PROVINCE_EDITOR))
    missing = [
        n
        for n, u in zip(
            (SCHOOL_TRAINER, COUNTY_TRAINER, CITY_EDITOR, PROVINCE_EDITOR),
            (trainer, county, city, province),
            strict=True,
        )
        if u is None
    ]
    if missing:
        message = f"审核演示数据未载入：缺少账号 {', '.join(missing)}。"
        if stdout is not None:
            stdout.write(message)
        return message
    school = trainer.profile.school
    teachers = _teachers_of(school, 2)
    library = ResourceIndexPage.objects.filter(slug="library").first()
    if len(teachers) < 2 or library is None:
        message = f"审核演示数据未载入：{school} 需要至少两名教师，且需要资源库页面。"
        if stdout is not None:
            stdout.write(message)
        return message

    started = timezone.now()
    with transaction.atomic():
        for index, (key, title, state, days_ago) in enumerate(WORKS):
            if GeneratedResourcePage.objects.filter(external_id=f"review-demo-{key}").exists():
                continue
            author = trainer if state == "recusal" else teachers[index % 2]
            page = _new_work(library, key=key, title=title, author=author, days_ago=days_ago)
            _carry(page, state, author=author, trainer=trainer, county=county, city=city, province=province)
            _backdate(page, days_ago)
        # Demo notifications fill the inboxes; nobody should get a pile of demo emails.
        ReviewNotification.objects.filter(created_at__gte=started, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )

    summary = review_demo_summary(teachers=teachers, trainer=trainer, county=county, city=city, province=province)
    if stdout is not None:
        stdout.write(summary)
    return summary


def review_demo_summary(*, teachers, trainer, county, city, province) -> str:
    works = {
        p.external_id.removeprefix("review-demo-"): p
        for p in GeneratedResourcePage.objects.filter(external_id__startswith="review-demo-")
    }
    lines = ["", "审核与推优演示（登录后台 /admin/，菜单“审核推优”）："]
    for key, title, state, _ in WORKS:
        page = works.get(key)
        if page is None:
            continue
        who = page.author.get_username() if page.author_id else "—"
        line = f"  [{STATE_LABELS[state]}] {title}（作者 {who}）"
        if state == "recusal":
            level, reviewers = reviewers_for(page=page, level=ReviewLevel.SCHOOL)
            names = "、".join(u.get_username() for u in reviewers) or "—"
            line += f" → 由{ReviewLevel(level).label} {names} 审核"
        lines.append(line)
    lines += [
        "",
        "谁能看到什么：",
        f"  {teachers[0].get_username()} / {teachers[1].get_username()}（教师）：“我的作品”中只有自己的作品与状态，可修改退回的作品并重新提交；"
        "“站内消息”里有每次审核决定；看不到同事和其他学校的草稿。",
        f"  {trainer.get_username()}（校级培训者）：“待我处理”里有本校待审作品（通过 / 退回修改 / 不予通过）与可推荐至县级的已发布作品；"
        "自己的作品回避，由本校另一位培训者审核，本校无人时由县级审核。",
        f"  {county.get_username()}（县级培训者）：待评审的县级推荐（评为县级优秀 / 不予推优），可撤销本级认定；"
        "学校无人可审时转来的作品。",
        f"  {city.get_username()}（市级编辑）：县级优秀作品可评为市级优秀；管理“推优名额”。",
        f"  {province.get_username()}（省级编辑）：市级优秀作品可评为省级优秀；管理“推优名额”。",
        "  访客：只能看到已发布作品与推优徽章；区县资源库见 /library/county/<区县编号>/。",
        "",
    ]
    return "\n".join(lines)
