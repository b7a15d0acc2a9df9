"""``manage.py load_demo``: a realistic Chinese portal for trying every role.

Idempotent: regions, schools and users are created when missing; resources are
imported through the same service as ``import_resources`` but existing ones are left
untouched, so re-running never undoes what someone did with the demo works.
"""

from __future__ import annotations

import json
import random
from datetime import timedelta

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.module_loading import import_string

from wagtail.documents.models import Document

from home.models import Region, Role, School, Stage, Subject, TeacherProfile, TeacherStage
from home.signals import resources_changed
from resources import demo_corpus
from resources.demo_attachments import docx_bytes
from resources.demo_data import load
from resources.models import GeneratedResourcePage, ResourceAttachment
from resources.services import region_get_or_create, resources_import

DEMO_PASSWORD = "rtpt2026"  # noqa: S105 - published demo logins, printed by the command
ADMIN_PASSWORD = "rtpt-admin-2026"  # noqa: S105
DEFAULT_RESOURCES = 360
ATTACHED_RESOURCES = 80

# Named logins for each role (username, display name, role, school or region): demo_data/people.json.
KEY_USERS = [
    (u["username"], u["name"], Role(u["role"]), u.get("school"), u.get("region"))
    for u in load("people.json")["key_users"]
]


class Command(BaseCommand):
    help = "载入演示数据：区域、学校、各角色用户与真实感的中文资源（可重复运行）。"

    def add_arguments(self, parser):
        parser.add_argument("--resources", type=int, default=DEFAULT_RESOURCES, help="演示资源数量（默认 360）")
        parser.add_argument("--quiet", action="store_true", help="只输出登录信息")

    def handle(self, *args, **options):
        # Demo decisions notify in the in-site inbox; no mail leaves for made-up addresses.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            self.load(**options)

    def load(self, *, resources: int, quiet: bool, **options):
        # One hash for every demo login: hashing ~250 passwords one by one takes over a minute.
        self.demo_password_hash = make_password(DEMO_PASSWORD)
        with transaction.atomic():
            schools = self.load_places()
            users = self.load_users(schools)
        started = timezone.now()
        records = list(demo_corpus.generate_records(resources, seed=2026))
        result = resources_import(lines=(json.dumps(r, ensure_ascii=False) for r in records), update_existing=False)
        if result.failed:
            for number, reason in result.failed[:10]:
                self.stderr.write(f"演示资源第 {number} 条未能载入：{reason}")
        with transaction.atomic():
            linked = self.link_authors(users)
            attached = self.attach_documents(records)
            self.spread_views()
            self.spread_dates(created_after=started)
        if not quiet:
            self.stdout.write(
                f"区域 {Region.objects.count()} 个，学校 {School.objects.count()} 所，"
                f"资源新建 {result.created} 份（已有 {result.skipped} 份保留不变），"
                f"关联作者账号 {linked} 份，新增附件 {attached} 个。"
            )
        self.run_app_loaders()
        with transaction.atomic():
            self.link_authors(users)  # the works app loaders imported (同课异构 courseware and reflections)
        self.print_logins()

    def run_app_loaders(self) -> None:
        """Each app may declare ``demo_loader = "dotted.path"`` on its AppConfig: an idempotent
        ``load_demo(*, stdout)`` that adds its own demo content once users and resources exist."""
        for config in apps.get_app_configs():
            loader = getattr(config, "demo_loader", None)
            if loader:
                with transaction.atomic():
                    import_string(loader)(stdout=self.stdout)

    # --- places and people --------------------------------------------------------
    def load_places(self) -> dict[str, School]:
        stages = {s.name: s for s in Stage.objects.all()}
        for path in demo_corpus.REGIONS:
            region_get_or_create(path=path)
        schools = {}
        for path, name, stage in demo_corpus.SCHOOLS:
            region = Region.objects.get(path=path)
            schools[name], _ = School.objects.get_or_create(region=region, name=name, defaults={"stage": stages[stage]})
        return schools

    def _user(self, username: str, display_name: str, role: Role, *, school=None, region=None, **profile):
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": display_name, "email": f"{username}@demo.rtpt.cn"}
        )
        if created:
            user.password = self.demo_password_hash
            user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=role.label))
        profile_obj, _ = TeacherProfile.objects.get_or_create(
            user=user,
            defaults={"display_name": display_name, "role": role, "school": school, "region": region, **profile},
        )
        return user, profile_obj

    def load_users(self, schools: dict[str, School]) -> dict[tuple[str, str], object]:
        User = get_user_model()
        if not User.objects.filter(username="admin").exists():
            User.objects.create_superuser("admin", "admin@demo.rtpt.cn", ADMIN_PASSWORD, first_name="平台管理员")
        for username, name, role, school_name, region_path in KEY_USERS:
            self._user(
                username,
                name,
                role,
                school=schools.get(school_name),
                region=Region.objects.get(path=region_path) if region_path else None,
            )
        subjects = {s.name: s for s in Subject.objects.all()}
        stages = {s.name: s for s in Stage.objects.all()}
        teacher_stages = {s.name: s for s in TeacherStage.objects.all()}
        by_school_and_name = {}
        teachers = trainers = 0
        for school_name, people in sorted(demo_corpus.demo_people(seed=2026).items()):
            school = schools.get(school_name)
            if school is None:
                continue
            for person in people:
                # The corpus lists each school's 教研组长 first: a second school trainer beside the
                # named one, so recusal (a trainer never reviews their own work) has someone to fall to.
                if person["role"] == "school_trainer":
                    trainers += 1
                    username, role = f"trainer{trainers:03d}", Role.SCHOOL_TRAINER
                else:
                    teachers += 1
                    username, role = f"teacher{teachers:03d}", Role.TEACHER
                user, profile = self._user(
                    username,
                    person["name"],
                    role,
                    school=school,
                    stage=stages.get(person.get("stage")),
                    teacher_stage=teacher_stages.get(person.get("teacher_stage")),
                )
                if person.get("subject") in subjects:
                    profile.subjects.add(subjects[person["subject"]])
                by_school_and_name[(school.pk, person["name"])] = user
        for number, trainer in enumerate(demo_corpus.demo_county_trainers(seed=2026), start=1):
            self._user(
                f"county{number:03d}",
                trainer["name"],
                Role.COUNTY_TRAINER,
                region=Region.objects.get(path=trainer["region"]),
            )
        return by_school_and_name

    # --- resources ------------------------------------------------------------------
    def link_authors(self, users: dict) -> int:
        """Make the demo teachers the authors and owners of the works written under their name."""
        linked = 0
        for page in GeneratedResourcePage.objects.filter(author__isnull=True, school__isnull=False).only(
            "pk", "school_id", "author_name"
        ):
            user = users.get((page.school_id, page.author_name))
            if user is not None:
                GeneratedResourcePage.objects.filter(pk=page.pk).update(author=user, owner=user)
                linked += 1
        return linked

    def attach_documents(self, records: list[dict]) -> int:
        ids = [r["external_id"] for r in records[:ATTACHED_RESOURCES]]
        pages = GeneratedResourcePage.objects.filter(external_id__in=ids, attachments__isnull=True)
        bodies = {r["external_id"]: r["body"] for r in records[:ATTACHED_RESOURCES]}
        added = 0
        for page in pages:
            paragraphs = [p.strip() for p in bodies.get(page.external_id, "").split("\n\n") if p.strip()]
            document = Document(title=page.title[:200], uploaded_by_user=page.owner)
            filename = f"{page.get_kind_display()}-{page.pk}.docx"
            document.file.save(filename, ContentFile(docx_bytes(page.title, paragraphs)), save=False)
            document.save()
            ResourceAttachment.objects.create(
                page=page, document=document, title=f"{page.get_kind_display()}（Word 文档）"
            )
            added += 1
        return added

    def spread_views(self) -> None:
        """Give unviewed demo works plausible view counts so "浏览最多" reads naturally."""
        rng = random.Random(2026)
        for pk in GeneratedResourcePage.objects.filter(view_count=0).values_list("pk", flat=True):
            GeneratedResourcePage.objects.filter(pk=pk).update(view_count=int(rng.paretovariate(1.3) * 20))

    def spread_dates(self, *, created_after) -> None:
        """Works written over the past two school years, not all today (only those this run created)."""
        now = timezone.now()
        changed = list(
            GeneratedResourcePage.objects.filter(
                created_at__gte=created_after, external_id__startswith="demo-"
            ).values_list("pk", "external_id")
        )
        for pk, external_id in changed:
            rng = random.Random(external_id)
            created = now - timedelta(days=rng.randint(3, 700), hours=rng.randint(0, 12))
            published = created + timedelta(days=rng.randint(1, 6))
            GeneratedResourcePage.objects.filter(pk=pk).update(created_at=created)
            GeneratedResourcePage.objects.filter(pk=pk, live=True).update(
                first_published_at=published, last_published_at=published
            )
        # Dates are sorted on in search: queue the changed works for re-indexing.
        resources_changed.send(sender=GeneratedResourcePage, page_ids=[pk for pk, _ in changed])

    def print_logins(self) -> None:
        self.stdout.write("\n演示账号（密码均为 %s；管理员 admin / %s）：" % (DEMO_PASSWORD, ADMIN_PASSWORD))
        for username, name, role, school_name, region_path in KEY_USERS:
            self.stdout.write(f"  {username:16s} {role.label:6s} {name}  {school_name or region_path}")
        # Teachers of the school whose trainer, county trainer and editors are named above:
        # one login each takes a work from draft to 省级优秀.
        sample = (
            TeacherProfile.objects.filter(role=Role.TEACHER, school__name="长沙市岳麓区第一小学")
            .select_related("user", "school")
            .order_by("user__username")[:3]
        )
        for profile in sample:
            self.stdout.write(f"  {profile.user.username:16s} 教师   {profile.display_name}  {profile.school}")
        counts = {role: TeacherProfile.objects.filter(role=role).count() for role in Role}
        self.stdout.write(
            f"  （另有教师 teacher001 起 {counts[Role.TEACHER]} 个、校级培训者 trainer001 起、"
            f"县级培训者 county001 起；合计校级培训者 {counts[Role.SCHOOL_TRAINER]} 个、"
            f"县级培训者 {counts[Role.COUNTY_TRAINER]} 个、编辑 {counts[Role.EDITOR]} 个）"
        )
