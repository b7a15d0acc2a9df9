"""Page types of the workshop section: the index (/workshops/) and one page per workshop (教师工作坊).

The index page also carries the personal space (个人空间), the school and regional community
dashboards (学校社区 / 区域社区), self-service workshop proposals and the public verification of
credit exports as routes; see ``workshops.routes``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page
from wagtail.search import index

from .choices import JoinPolicy, Visibility


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

    def get_context(self, request, *args, **kwargs):
        from workshops.selectors import workshop_ids_of_user

        context = super().get_context(request, *args, **kwargs)
        context["workshops"] = self.get_workshops()
        context["my_workshop_ids"] = workshop_ids_of_user(user=request.user)
        return context

    @path("me/", name="personal_space")
    def personal_space(self, request):
        from workshops import views

        return views.personal_space(request, index=self)

    @path("me/plan/", name="personal_plan")
    def personal_plan(self, request):
        from workshops import views

        return views.personal_plan_save(request, index=self)

    @path("me/journal/", name="journal_add")
    def journal_add(self, request):
        from workshops import views

        return views.journal_add(request, index=self)

    @path("me/credits/csv/", name="credits_csv")
    def credits_csv(self, request):
        from workshops import views

        return views.credits_csv(request, index=self)

    @path("me/record/", name="credit_record_print")
    def credit_record_print(self, request):
        from workshops import views

        return views.credit_record_print(request, index=self)

    @path("school/", name="school_community")
    def school_community(self, request):
        from workshops import views

        return views.school_community(request, index=self)

    @path("county/", name="county_community")
    def county_community(self, request):
        from workshops import views

        return views.county_community(request, index=self)

    @path("propose/", name="propose")
    def propose(self, request):
        from workshops import views

        return views.workshop_propose(request, index=self)

    @path("proposals/", name="proposals")
    def proposals(self, request):
        from workshops import views

        return views.proposal_list(request, index=self)

    @path("proposals/<int:proposal_id>/decide/", name="proposal_decide")
    def proposal_decide(self, request, proposal_id: int):
        from workshops import views

        return views.proposal_decide(request, index=self, proposal_id=proposal_id)

    @path("verify/", name="verify")
    def verify(self, request):
        from workshops import views

        return views.export_verify(request, index=self)


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

    @property
    def is_members_only(self) -> bool:
        return self.visibility == Visibility.MEMBERS

    def get_context(self, request, *args, **kwargs):
        from workshops.views import workshop_context

        context = super().get_context(request, *args, **kwargs)
        context.update(workshop_context(request, workshop=self))
        return context

    # --- membership (成员管理) ---------------------------------------------------------
    @path("join/", name="join")
    def join(self, request):
        from workshops import views

        return views.workshop_join(request, workshop=self)

    @path("members/<int:membership_id>/<str:action>/", name="member_action")
    def member_action(self, request, membership_id: int, action: str):
        from workshops import views

        return views.membership_action(request, workshop=self, membership_id=membership_id, action=action)

    @path("invite/", name="invite")
    def invite(self, request):
        from workshops import views

        return views.workshop_invite(request, workshop=self)

    # --- plan, activities, threads, pushes, files --------------------------------------
    @path("plan/", name="plan")
    def plan(self, request):
        from workshops import views

        return views.plan_publish(request, workshop=self)

    @path("activities/add/", name="activity_add")
    def activity_add(self, request):
        from workshops import views

        return views.activity_add(request, workshop=self)

    @path("activities/<int:activity_id>/", name="activity")
    def activity(self, request, activity_id: int):
        from workshops import views

        return views.activity_detail(request, workshop=self, activity_id=activity_id)

    @path("activities/<int:activity_id>/signup/", name="activity_signup")
    def activity_signup(self, request, activity_id: int):
        from workshops import views

        return views.activity_signup(request, workshop=self, activity_id=activity_id)

    @path("activities/<int:activity_id>/attendance/", name="activity_attendance")
    def activity_attendance(self, request, activity_id: int):
        from workshops import views

        return views.activity_attendance(request, workshop=self, activity_id=activity_id)

    @path("activities/<int:activity_id>/summary/", name="activity_summary")
    def activity_summary(self, request, activity_id: int):
        from workshops import views

        return views.activity_summary(request, workshop=self, activity_id=activity_id)

    @path("threads/add/", name="thread_add")
    def thread_add(self, request):
        from workshops import views

        return views.thread_add(request, workshop=self)

    @path("threads/<int:thread_id>/", name="thread")
    def thread(self, request, thread_id: int):
        from workshops import views

        return views.thread_detail(request, workshop=self, thread_id=thread_id)

    @path("threads/<int:thread_id>/reply/", name="thread_reply")
    def thread_reply(self, request, thread_id: int):
        from workshops import views

        return views.thread_reply(request, workshop=self, thread_id=thread_id)

    @path("push/", name="push")
    def push(self, request):
        from workshops import views

        return views.resource_push(request, workshop=self)

    @path("share/", name="share")
    def share(self, request):
        from workshops import views

        return views.workshop_share(request, workshop=self)

    @path("files/add/", name="file_add")
    def file_add(self, request):
        from workshops import views

        return views.file_add(request, workshop=self)

    @path("monitoring/", name="monitoring")
    def monitoring(self, request):
        from workshops import views

        return views.monitoring(request, workshop=self)

    @path("monitoring/csv/", name="monitoring_csv")
    def monitoring_csv(self, request):
        from workshops import views

        return views.monitoring_csv(request, workshop=self)
