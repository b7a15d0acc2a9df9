"""Page types of the workshop section (教师工作坊): the index (/workshops/) and one page per workshop.

Following Wagtail's routable-page recipe, what is only read is a route of a page whose body asks
the selectors and renders through the page (``self.render``): the workshop page with its
activities, threads and monitoring; on the index, the personal space (个人空间), the school and
regional communities (学校社区 / 区域社区), the proposal form and the editors' list, the credit
exports and their public verification. Actions (POST) are views in ``workshops.urls``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.utils import timezone
from django.utils.http import content_disposition_header

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page
from wagtail.search import index

from credits import certificates, exports, records
from credits.models import ExportKind
from credits.selectors import credit_year_summaries
from home.consent import recording_response
from home.models import Region, School
from home.params import parse_id, parse_month
from workshops import selectors
from workshops.forms import (
    ActivityForm,
    BulkMembersForm,
    InviteForm,
    JournalForm,
    PersonalPlanForm,
    PhaseFormSet,
    PlanForm,
    ProposalForm,
    PushForm,
    ReplyForm,
    SummaryForm,
)
from workshops.http import client_address, id_or_404, login_redirect
from workshops.permissions import (
    WorkshopPagePermissionTester,
    can_decide_proposals,
    can_see_region,
    can_see_school,
    can_view_material,
    default_region,
    default_school,
    is_host,
)

from .choices import JoinPolicy, Visibility
from .workshop import ActivityKind


def _month(request) -> tuple[int, int]:
    """``?month=YYYY-MM``; the current month when missing, unreadable or in the future."""
    today = timezone.localdate()
    parsed = parse_month(request.GET.get("month"))
    if parsed is None or parsed > (today.year, today.month):
        return today.year, today.month
    return parsed


class WorkshopIndexPage(RoutablePageMixin, Page):
    """教师工作坊 section: lists workshops and hosts the personal space and community dashboards."""

    intro = models.TextField("简介", blank=True, help_text="显示在工作坊列表上方的说明文字。")

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["workshops.WorkshopPage"]
    max_count = 1

    class Meta:
        verbose_name = "工作坊首页"
        verbose_name_plural = "工作坊首页"

    def get_workshops(self):
        """Live workshops of this section. Members-only ones are listed by name and intro only."""
        return (
            WorkshopPage.objects.child_of(self)
            .live()
            .select_related("host", "subject", "stage", "region", "school")
            .order_by("title")
        )

    def get_context(self, request, *args, overview: bool = True, **kwargs):
        """The list of workshops, unless a route renders something else (``overview=False``)."""
        context = super().get_context(request, *args, **kwargs)
        if overview:
            context["workshops"] = self.get_workshops()
            context["my_workshop_ids"] = selectors.workshop_ids_of_user(user=request.user)
        return context

    def _render(self, request, template: str, context: dict):
        return self.render(request, template=template, context_overrides=context, overview=False)

    @classmethod
    def verify_url(cls, request, code: str) -> str:
        """The absolute URL of the public check of an export's code (printed on the export)."""
        index = cls.objects.live().first()
        return request.build_absolute_uri(f"{index.url}{index.reverse_subpage('verify')}?code={code}") if index else ""

    # --- personal space (个人空间) and its credit exports --------------------------------
    @path("me/", name="personal_space")
    def personal_space(self, request):
        if not request.user.is_authenticated:
            return login_redirect(request)
        context = selectors.personal_space_overview(user=request.user, year=timezone.localdate().year)
        context["plan_form"] = PersonalPlanForm(initial={"goals": getattr(context["plan"], "goals", "")})
        context["journal_form"] = JournalForm()
        return self._render(request, "workshops/personal_space.html", context)

    @path("me/credits/csv/", name="credits_csv")
    def credits_csv(self, request):
        """My ledger as CSV, with a verification code (导出凭证)."""
        if not request.user.is_authenticated:
            return login_redirect(request)
        export = exports.credit_export_create(user=request.user, kind=ExportKind.CREDITS_CSV)
        return exports.credits_csv_response(
            export,
            filename=f"credits-{request.user.get_username()}.csv",
            verify_url=self.verify_url(request, export.record.code),
        )

    @path("me/credits/records/<str:fmt>/", name="credit_records")
    def credit_records(self, request, fmt: str):
        """My ledger in the 学分银行 exchange format (``docs/credit-records.md``): CSV, XLSX or
        JSON, registered as an export whose code the file name (and the JSON) carries."""
        if not request.user.is_authenticated:
            return login_redirect(request)
        if fmt not in records.WRITERS:
            raise Http404("不支持的格式。")
        export = exports.credit_export_create(user=request.user, kind=ExportKind.CREDIT_RECORDS)
        rows = records.credit_record_rows(records.ledger_entries([request.user]))
        content_type, writer = records.WRITERS[fmt]
        if fmt == "json":
            body = writer(rows, export_code=export.record.code, verify_url=self.verify_url(request, export.record.code))
        else:
            body = writer(rows)
        response = HttpResponse(body, content_type=content_type)
        filename = f"credit-records-{request.user.get_username()}-{export.record.code}.{fmt}"
        response["Content-Disposition"] = content_disposition_header(True, filename)
        return response

    @path("me/record/", name="credit_record_print")
    def credit_record_print(self, request):
        """学分证明 (printable): a print-optimised page; the browser's "打印 → 另存为 PDF" makes the PDF."""
        if not request.user.is_authenticated:
            return login_redirect(request)
        export = exports.credit_export_create(user=request.user, kind=ExportKind.CREDITS_PRINT)
        context = {
            "export": export.record,
            "entries": export.entries,
            "total": export.total,
            "summaries": credit_year_summaries(teacher=request.user),
            "courses_completed": selectors.courses_completed_count(teacher=request.user),
            "verify_url": self.verify_url(request, export.record.code),
        }
        return self._render(request, "workshops/credit_record_print.html", context)

    @path("verify/", name="verify")
    def verify(self, request):
        """Public: check a verification code (验证码) printed on an export."""
        code = request.GET.get("code") or ""
        try:
            verification = exports.export_verification_checked(code=code, client=client_address(request))
        except exports.VerificationLimited as exc:
            response = self._render(request, "workshops/verify.html", {"code": code.strip(), "refused": str(exc)})
            response.status_code = 429
            return response
        context = {
            "code": verification.code,
            "export": verification.export,
            "unchanged": verification.unchanged,
            "status": verification.status,
        }
        return self._render(request, "workshops/verify.html", context)

    @path("me/certificates/<str:subject>/", name="certificate")
    def certificate(self, request, subject: str):
        """A certificate of my own (结业证书, 优秀成果证书, 年度学分证明) as a PDF with its QR code;
        anyone else's subject, or one without credits, is a 404."""
        if not request.user.is_authenticated:
            return login_redirect(request)
        record = certificates.certificate_issue(teacher=request.user, subject=subject)
        if record is None:
            raise Http404("没有这份证书。")
        pdf = certificates.certificate_pdf(record=record, verify_url=self.verify_url(request, record.code))
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(True, f"certificate-{subject}-{record.code}.pdf")
        response["Cache-Control"] = "private, no-store"
        return response

    # --- communities (学校社区 / 区域社区) -------------------------------------------------
    @path("school/", name="school_community")
    def school_community(self, request):
        if not request.user.is_authenticated:
            return login_redirect(request)
        school = None
        school_id = parse_id(request.GET.get("school"))
        if school_id is not None:
            school = School.objects.select_related("region").filter(pk=school_id).first()
        school = school or default_school(user=request.user)
        if school is None:
            raise PermissionDenied("学校社区仅对校级培训者及其上级培训者开放。")
        if not can_see_school(user=request.user, school=school):
            raise PermissionDenied("您无权查看该学校的社区。")
        year, month = _month(request)
        context = selectors.school_community(school=school, year=year, month=month)
        return self._render(request, "workshops/school_community.html", context)

    @path("county/", name="county_community")
    def county_community(self, request):
        if not request.user.is_authenticated:
            return login_redirect(request)
        region = None
        if request.GET.get("region"):
            region = Region.objects.filter(path=request.GET["region"].strip("/")).first()
        region = region or default_region(user=request.user)
        if region is None:
            raise PermissionDenied("区域社区仅对县级培训者与编辑开放。")
        if not can_see_region(user=request.user, region=region):
            raise PermissionDenied("您无权查看该区域的社区。")
        year, month = _month(request)
        context = selectors.county_community(region=region, year=year, month=month)
        return self._render(request, "workshops/county_community.html", context)

    # --- self-service workshops (自主创建) -------------------------------------------------
    @path("propose/", name="propose")
    def propose(self, request):
        """The proposal form; it is submitted to ``workshops:propose``."""
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        if not request.user.is_authenticated:
            return login_redirect(request)
        return self._render(request, "workshops/propose.html", {"form": ProposalForm()})

    @path("proposals/", name="proposals")
    def proposals(self, request):
        if not request.user.is_authenticated:
            return login_redirect(request)
        if not can_decide_proposals(user=request.user):
            raise PermissionDenied("只有编辑可以审批工作坊创建申请。")
        return self._render(request, "workshops/proposals.html", selectors.proposals_for_editors())


class WorkshopPage(RoutablePageMixin, Page):
    """教师工作坊: a space hosted by a 坊主 (and co-hosts) where members plan, meet, discuss and share.

    Members-only workshops show their name and introduction to everyone (so teachers can ask to
    join); plans, activities, threads, pushed resources, files and the member list only to members.
    """

    intro = models.TextField("简介", help_text="工作坊的研修主题与目标，所有访客可见。")
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="坊主",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_workshops",
        help_text="主持工作坊的县级培训者、专家或骨干教师；副坊主在工作坊成员中设置。",
    )
    visibility = models.CharField(
        "可见范围",
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
        help_text="“仅成员可见”时，计划、活动、研讨、推送资源与文件只对成员显示。",
    )
    join_policy = models.CharField("加入方式", max_length=10, choices=JoinPolicy.choices, default=JoinPolicy.REQUEST)
    subject = models.ForeignKey(
        "home.Subject", verbose_name="学科", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    stage = models.ForeignKey(
        "home.Stage", verbose_name="学段", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    region = models.ForeignKey(
        "home.Region",
        verbose_name="所属区域",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="区县工作坊填写区县；用于区域社区的统计。",
    )
    school = models.ForeignKey(
        "home.School",
        verbose_name="所属学校",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="填写后为该校的校本研修工作坊：活动出勤计入“校本研修”学分。",
    )
    push_target = models.PositiveSmallIntegerField(
        "资源推送目标", default=20, help_text="《实施指南》要求每个教师工作坊推送资源不少于 20 件。"
    )
    related_workshops = ParentalManyToManyField(
        "workshops.WorkshopPage", verbose_name="友好工作坊", blank=True, help_text="互联互通、跨坊研修的工作坊。"
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("host"), FieldRowPanel([FieldPanel("visibility"), FieldPanel("join_policy")])], "坊主与成员"
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("subject"), FieldPanel("stage")]), FieldPanel("region"), FieldPanel("school")],
            "学科与区域",
        ),
        FieldPanel("push_target"),
        FieldPanel("related_workshops"),
    ]
    # Only the public face (title, intro) is indexed; workshop material is never in any index.
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["workshops.WorkshopIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "教师工作坊"
        verbose_name_plural = "教师工作坊"

    def permissions_for_user(self, user):
        """Wagtail's page permissions, for the editors of the workshop's region only."""
        return WorkshopPagePermissionTester(user, self)

    @property
    def is_members_only(self) -> bool:
        return self.visibility == Visibility.MEMBERS

    def get_context(self, request, *args, overview: bool = True, **kwargs):
        """The workshop page: its public face, and its material to those who may see it (see
        ``selectors.workshop_overview``); routes rendering something else pass ``overview=False``."""
        context = super().get_context(request, *args, **kwargs)
        if overview:
            context.update(selectors.workshop_overview(workshop=self, user=request.user))
            if context["is_host"]:
                context.update(
                    plan_form=PlanForm(),
                    phase_formset=PhaseFormSet(prefix="phase"),
                    activity_form=ActivityForm(),
                    invite_form=InviteForm(),
                    bulk_members_form=BulkMembersForm(schools=self.nearby_schools()),
                    push_form=PushForm(),
                )
        return context

    def nearby_schools(self):
        """Schools offered to the host's 批量添加成员: the workshop's county (its school's, or
        its region and everything below), else every school."""
        schools = School.objects.select_related("region")
        if self.school_id:
            return schools.filter(region_id=self.school.region_id)
        if self.region_id:
            return schools.filter(Region.path_q(self.region.path, "region__path"))
        return schools

    def _render(self, request, template: str, context: dict):
        return self.render(request, template=template, context_overrides=context, overview=False)

    def _material_or_404(self, request) -> None:
        # 404, not 403: a members-only workshop does not even confirm that the item exists.
        if not can_view_material(workshop=self, user=request.user):
            raise Http404("内容不存在或仅对工作坊成员开放。")

    def _host_or_refuse(self, request):
        """None for a host; else the login redirect (anonymous) — or 403 for everyone else."""
        if not request.user.is_authenticated:
            return login_redirect(request)
        if not is_host(workshop=self, user=request.user):
            raise PermissionDenied("只有坊主或副坊主可以查看监测数据。")
        return None

    @path("activities/<int:activity_id>/", name="activity")
    def activity(self, request, activity_id: int):
        self._material_or_404(request)
        context = selectors.activity_detail(workshop=self, activity_id=id_or_404(activity_id), user=request.user)
        if context is None:
            raise Http404
        if context["is_host"]:
            context["summary_form"] = SummaryForm(initial={"summary": context["activity"].summary})
        if context["activity"].kind == ActivityKind.SAME_LESSON:
            context.update(selectors.same_lesson_overview(activity=context["activity"], user=request.user))
        return self._render(request, "workshops/activity.html", context)

    # --- 同课异构 entries: their teacher and the hosts only ----------------------------------
    def _entry_or_404(self, request, entry_id: int):
        self._material_or_404(request)
        entry = selectors.entry_visible_to(workshop=self, entry_id=id_or_404(entry_id), user=request.user)
        if entry is None:
            raise Http404("内容不存在或仅对执教教师与坊主开放。")
        return entry

    @path("same-lesson/<int:entry_id>/", name="same_lesson_entry")
    def same_lesson_entry(self, request, entry_id: int):
        entry = self._entry_or_404(request, entry_id)
        context = {"entry": entry, "activity": entry.activity, "phases": selectors.phase_rows(entry)}
        return self._render(request, "workshops/same_lesson_entry.html", context)

    @path("same-lesson/<int:entry_id>/recording/", name="same_lesson_recording")
    def same_lesson_recording(self, request, entry_id: int):
        """The entry's recording (HTTP Range, so the player seeks), never by a public URL. Its
        teacher and the hosts are the recording's group (``home.consent``): they watch it
        whatever its consent; a 下载 only where the recording allows downloads."""
        entry = self._entry_or_404(request, entry_id)
        if not entry.recording_id or not entry.recording.file:
            raise Http404("没有课堂实录。")
        return recording_response(request, entry.recording, in_group=True)

    @path("threads/<int:thread_id>/", name="thread")
    def thread(self, request, thread_id: int):
        self._material_or_404(request)
        context = selectors.thread_detail(workshop=self, thread_id=id_or_404(thread_id), user=request.user)
        if context is None:
            raise Http404
        context["reply_form"] = ReplyForm()
        return self._render(request, "workshops/thread.html", context)

    # --- monitoring (监测评价) ------------------------------------------------------------
    @path("monitoring/", name="monitoring")
    def monitoring(self, request):
        refused = self._host_or_refuse(request)
        if refused:
            return refused
        return self._render(request, "workshops/monitoring.html", selectors.monitoring_overview(workshop=self))

    @path("monitoring/csv/", name="monitoring_csv")
    def monitoring_csv(self, request):
        """The monitoring figures as CSV, with a verification code (导出凭证)."""
        refused = self._host_or_refuse(request)
        if refused:
            return refused
        rows, summary = selectors.monitoring_export(workshop=self)
        export = exports.export_record_create(
            kind=ExportKind.MONITORING_CSV, created_by=request.user, rows=rows, workshop=self, summary=summary
        )
        footer = exports.export_footer(export, verify_url=WorkshopIndexPage.verify_url(request, export.code))
        return exports.csv_response(f"workshop-{self.pk}-monitoring.csv", selectors.MONITORING_HEADER, rows, footer)
