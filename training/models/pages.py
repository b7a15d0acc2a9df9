"""Page types of training: course index → course → module → micro-lecture / lesson recording.

Modules are child pages of a course (not inline panels) so that each module has its own URL,
its own micro-lectures and lesson recordings as children, and its assignments inline.

Pages answer GET requests only (Wagtail's routable-page recipe: a route's body is here, reads
come from ``training.selectors`` and the page renders itself); the learners' POST actions
(enrol, watch beats, quiz, submit, peer review) are plain views in ``training.urls``.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import FileResponse, Http404, HttpResponseNotAllowed

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from home.blocks import RICH_TEXT_FEATURES
from home.consent import is_public, may_download, may_watch, recording_response
from home.models import Stage, Subject
from home.params import parse_id
from home.streaming import ranged_file_response

from ..access import login_redirect, recording_in_group
from ..blocks import QuizStreamBlock, RubricStreamBlock
from ..page_forms import CourseItemPageForm
from ..panels import RuleWarningsPanel
from ..selectors import (
    course_progress,
    course_rule_warnings,
    lecture_context,
    module_context,
    peer_review_context,
    recording_context,
    submission_for_download,
)
from .settings import TrainingSettings

HOURS = {"max_digits": 5, "decimal_places": 1, "default": Decimal("0")}


def format_duration(seconds: float | int | None) -> str:
    """12.4 → "0 分 12 秒"; used in messages and templates."""
    total = round(seconds or 0)
    return f"{total // 60} 分 {total % 60:02d} 秒"


class CourseIndexPage(Page):
    """课程中心: every published course, newest first."""

    intro = RichTextField("导语", blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["training.CoursePage"]
    max_count = 1

    class Meta:
        verbose_name = "课程中心"

    def get_courses(self):
        return (
            CoursePage.objects.live()
            .public()
            .child_of(self)
            .select_related("subject", "stage")
            .order_by("-first_published_at")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["courses"] = self.get_courses()
        return context


class CourseQuerySet(PageQuerySet):
    def trained_by(self, user):
        """Courses whose records ``user`` may read in the admin (培训管理): every course for a
        superuser, otherwise the courses naming them as a trainer."""
        courses = self.order_by("title")
        return courses if user.is_superuser else courses.filter(trainers=user)


class QuizFeedback(models.TextChoices):
    """When a quiz attempt shows which answers were right and the explanations (答案与解析)."""

    NEVER = "never", "不显示"
    FINISHED = "finished", "合格或作答次数用完后显示"
    ALWAYS = "always", "每次作答后显示"


class CoursePage(Page):
    """课程: a series of modules (模块), required or elective, with online and offline hours."""

    summary = models.TextField("课程简介", max_length=500, help_text="一两句话说明课程解决什么问题、面向哪些教师。")
    body = RichTextField("课程说明", blank=True, features=RICH_TEXT_FEATURES)
    subject = models.ForeignKey(
        Subject, verbose_name="学科", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    stage = models.ForeignKey(
        Stage, verbose_name="学段", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_required = models.BooleanField("必修课程", default=True, help_text="不勾选则为选修课程。")
    trainers = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name="课程培训者",
        blank=True,
        related_name="trained_courses",
        help_text="可查看学员进度、作业与测评记录，并处理作业互评（分配、改判）。",
    )
    quiz_max_attempts = models.PositiveSmallIntegerField(
        "每节微课测评可作答次数", default=3, help_text="填 0 表示不限次数。"
    )
    quiz_feedback = models.CharField(
        "何时显示答案与解析",
        max_length=10,
        choices=QuizFeedback.choices,
        default=QuizFeedback.FINISHED,
        help_text="提前显示正确答案，学员可以照着答案重做而不必观看微课。",
    )

    content_panels = Page.content_panels + [
        RuleWarningsPanel(heading="国家指南规则检查"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldRowPanel([FieldPanel("subject"), FieldPanel("stage"), FieldPanel("is_required")]),
        FieldPanel("trainers"),
        FieldRowPanel([FieldPanel("quiz_max_attempts"), FieldPanel("quiz_feedback")], "即时测评规则"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]

    parent_page_types = ["training.CourseIndexPage"]
    subpage_types = ["training.CourseModulePage"]

    objects = PageManager.from_queryset(CourseQuerySet)()

    class Meta:
        verbose_name = "课程"

    def get_modules(self, *, include_drafts: bool = False):
        modules = CourseModulePage.objects.child_of(self)
        return modules if include_drafts else modules.live()

    def is_trainer(self, user) -> bool:
        if not user.is_authenticated:
            return False
        # trainers may be modelcluster's in-memory set (e.g. on a revision): compare by pk.
        return user.is_superuser or any(trainer.pk == user.pk for trainer in self.trainers.all())

    def quiz_feedback_shown(self, *, attempts: int, passed: bool) -> bool:
        """Whether a teacher who made ``attempts`` attempts at a quiz (``passed`` one of them)
        may see the right answers and explanations."""
        if self.quiz_feedback == QuizFeedback.ALWAYS:
            return True
        if self.quiz_feedback == QuizFeedback.FINISHED:
            return passed or (self.quiz_max_attempts > 0 and attempts >= self.quiz_max_attempts)
        return False

    def quiz_attempts_left(self, *, attempts: int) -> int | None:
        """Attempts a teacher still has at a quiz; None when unlimited."""
        return None if not self.quiz_max_attempts else max(0, self.quiz_max_attempts - attempts)

    def rule_warnings(self) -> list[str]:
        return course_rule_warnings(course=self, settings=TrainingSettings.current())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["modules"] = self.get_modules()
        context["progress"] = course_progress(course=self, user=request.user)
        return context


class CourseModulePage(RoutablePageMixin, Page):
    """课程模块: objectives, topic content, typical cases, online/offline activities, outcomes."""

    is_required = models.BooleanField(
        "必修模块", default=True, help_text="完成课程须完成所有必修模块；选修模块完成后另计学时。"
    )
    online_hours = models.DecimalField("线上学时", **HOURS)
    offline_hours = models.DecimalField("线下学时", **HOURS)
    objectives = RichTextField("学习目标", features=RICH_TEXT_FEATURES)
    content = RichTextField("专题内容", blank=True, features=RICH_TEXT_FEATURES)
    cases = RichTextField("典型案例", blank=True, features=RICH_TEXT_FEATURES)
    online_activities = RichTextField("线上研修活动", blank=True, features=RICH_TEXT_FEATURES)
    offline_activities = RichTextField("线下研修活动", blank=True, features=RICH_TEXT_FEATURES)
    outcome_requirements = RichTextField("成果要求", blank=True, features=RICH_TEXT_FEATURES)

    content_panels = Page.content_panels + [
        FieldRowPanel(
            [FieldPanel("is_required"), FieldPanel("online_hours"), FieldPanel("offline_hours")], "类别与学时"
        ),
        FieldPanel("objectives"),
        FieldPanel("content"),
        FieldPanel("cases"),
        MultiFieldPanel([FieldPanel("online_activities"), FieldPanel("offline_activities")], "研修活动"),
        FieldPanel("outcome_requirements"),
        InlinePanel("assignments", label="模块作业（同伴互评）"),
    ]
    search_fields = Page.search_fields + [index.SearchField("objectives"), index.SearchField("content")]

    parent_page_types = ["training.CoursePage"]
    subpage_types = ["training.MicroLecturePage", "training.LessonRecordingPage"]

    class Meta:
        verbose_name = "课程模块"

    @property
    def course(self) -> CoursePage:
        return CoursePage.objects.get(pk=self.get_parent().pk)

    @property
    def total_hours(self) -> Decimal:
        return (self.online_hours or 0) + (self.offline_hours or 0)

    def get_items(self):
        return self.get_children().live().type(MicroLecturePage, LessonRecordingPage).specific()

    def get_lectures(self):
        """Every micro-lecture of the module, drafts included (for the guide's rules)."""
        return MicroLecturePage.objects.child_of(self).select_related("video", "stage")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(module_context(module=self, user=request.user))
        return context

    @path("reviews/<int:review_id>/", name="review")
    def review_view(self, request, review_id: int):
        """同伴互评: a peer's work (without the author's name) and the rubric, for the allocated
        reviewer only; the form posts to ``training:peer_review_submit``."""
        if (response := login_redirect(request)) is not None:
            return response
        context = peer_review_context(module=self, review_id=parse_id(review_id), user=request.user)
        if context is None:
            raise Http404  # someone else's review: its existence is not disclosed
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return self.render(request, template="training/peer_review.html", context_overrides=context)

    @path("submissions/<int:submission_id>/file/", name="submission_file")
    def submission_file_view(self, request, submission_id: int):
        """A submission's attachment for its author, the allocated peers and the course's trainers."""
        if (response := login_redirect(request)) is not None:
            return response
        submission = submission_for_download(module=self, submission_id=parse_id(submission_id), user=request.user)
        if submission is None:
            raise Http404
        # A neutral file name: peers must not learn the author from it.
        return FileResponse(
            submission.file.open("rb"),
            as_attachment=True,
            filename=f"作业附件-{submission.pk}.{submission.file_kind or 'bin'}",
        )


class Assignment(Orderable):
    """模块作业: teachers submit text and files; after the deadline each submission goes to N peers.

    Only the editor's settings live here: allocation state is kept in ``AssignmentRound``,
    because publishing a page revision rewrites these rows from the revision's copy.
    """

    module = ParentalKey(CourseModulePage, on_delete=models.CASCADE, related_name="assignments")
    title = models.CharField("作业名称", max_length=120)
    instructions = RichTextField("作业要求", features=RICH_TEXT_FEATURES)
    deadline = models.DateTimeField("提交截止时间", help_text="截止后系统把作业匿名分配给同伴互评。")
    review_deadline = models.DateTimeField("互评截止时间")
    peers_per_submission = models.PositiveSmallIntegerField("每份作业的互评人数", default=3)
    pass_percent = models.PositiveSmallIntegerField("合格线（%）", default=60)
    rubric = StreamField(RubricStreamBlock(), verbose_name="评分量规")

    panels = [
        FieldPanel("title"),
        FieldPanel("instructions"),
        FieldRowPanel([FieldPanel("deadline"), FieldPanel("review_deadline")]),
        FieldRowPanel([FieldPanel("peers_per_submission"), FieldPanel("pass_percent")]),
        FieldPanel("rubric"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "模块作业"
        verbose_name_plural = "模块作业"

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        if self.deadline and self.review_deadline and self.review_deadline <= self.deadline:
            raise ValidationError({"review_deadline": "互评截止时间必须晚于提交截止时间。"})
        if not 1 <= (self.peers_per_submission or 0) <= 10:
            raise ValidationError({"peers_per_submission": "每份作业的互评人数应在 1 到 10 之间。"})

    @property
    def max_score(self) -> int:
        return sum(block.value["max_points"] for block in self.rubric)


class CourseItemMixin(RoutablePageMixin):
    """A course item with a video (micro-lecture, lesson recording): its module, and the route
    ``video/`` that streams the video with the page's access rules. The player posts its progress
    beats to ``training:item_beat``; watch time is credited by ``services.watch_beat``."""

    item_kind = ""  # "lecture" | "recording", as in the progress lists

    @property
    def module(self) -> CourseModulePage:
        return CourseModulePage.objects.get(pk=self.get_parent().pk)

    @path("video/", name="video")
    def video_view(self, request):
        """The video, with HTTP Range support so that the player can jump to a slice."""
        if self.video is None or not self.video.file:
            raise Http404("没有视频")
        return self.video_response(request)

    def video_response(self, request):
        return ranged_file_response(request, file=self.video.file)

    def watchable_by(self, user) -> bool:
        return True


class MicroLecturePage(CourseItemMixin, Page):
    """微课: a video of at most 15 minutes (per stage, in site settings), with an instant quiz."""

    video = models.ForeignKey(
        "wagtailmedia.Media", verbose_name="微课视频", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    poster = models.ForeignKey(
        "wagtailimages.Image", verbose_name="封面图", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    stage = models.ForeignKey(
        Stage,
        verbose_name="学段",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="决定适用的时长上限（见“设置 › 课程与微课设置”）。",
    )
    summary = models.TextField("简介", max_length=500, blank=True)
    transcript = models.TextField("字幕文稿", blank=True)
    teaching_notes = RichTextField("教学要点", blank=True, features=RICH_TEXT_FEATURES)
    quiz = StreamField(QuizStreamBlock(), verbose_name="即时问题测评", blank=True)
    quiz_pass_percent = models.PositiveSmallIntegerField("测评合格线（%）", default=60)

    content_panels = Page.content_panels + [
        FieldPanel("video"),
        FieldRowPanel([FieldPanel("poster"), FieldPanel("stage")]),
        FieldPanel("summary"),
        FieldPanel("teaching_notes"),
        FieldPanel("transcript"),
        MultiFieldPanel([FieldPanel("quiz"), FieldPanel("quiz_pass_percent")], "即时问题测评"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("transcript")]

    parent_page_types = ["training.CourseModulePage"]
    subpage_types: list[str] = []

    item_kind = "lecture"
    base_form_class = CourseItemPageForm

    class Meta:
        verbose_name = "微课"

    def clean(self):
        super().clean()
        if self.video is None:
            raise ValidationError({"video": "请选择微课视频。"})
        if self.video.type != "video" or not self.video.duration:
            raise ValidationError({"video": "该媒体文件没有经过时长检测，请在“媒体”中重新上传视频。"})
        limit = TrainingSettings.current().video_limit_seconds(stage=self.stage)
        if self.video.duration > limit:
            raise ValidationError(
                {"video": f"微课视频时长为 {format_duration(self.video.duration)}，超过上限 {limit // 60} 分钟。"}
            )

    @property
    def duration_display(self) -> str:
        return format_duration(self.video.duration if self.video else 0)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        attempt_id = parse_id(request.GET.get("attempt"))
        context.update(lecture_context(lecture=self, user=request.user, attempt_id=attempt_id))
        return context


class LessonRecordingPage(CourseItemMixin, Page):
    """课堂实录: the recording, its teaching design and courseware, and diagnosed slices (课堂切片)."""

    video = models.ForeignKey(
        "wagtailmedia.Media", verbose_name="课堂录像", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary = models.TextField("课例简介", max_length=500, blank=True)
    teacher_name = models.CharField("执教教师", max_length=50, blank=True)
    teaching_design = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name="教学设计",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    courseware = models.ForeignKey(
        "wagtaildocs.Document", verbose_name="课件", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    content_panels = Page.content_panels + [
        FieldPanel("video"),
        FieldRowPanel([FieldPanel("teacher_name")]),
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("teaching_design"), FieldPanel("courseware")]),
        InlinePanel("slices", label="课堂切片"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("teacher_name")]

    parent_page_types = ["training.CourseModulePage"]
    subpage_types: list[str] = []

    item_kind = "recording"
    base_form_class = CourseItemPageForm

    class Meta:
        verbose_name = "课堂实录"

    def clean(self):
        super().clean()
        if self.video is None:
            raise ValidationError({"video": "请选择课堂录像。"})

    def get_slices(self):
        return self.slices.select_related("trainer__profile").order_by("start_seconds")

    # --- consent (学生出镜授权): one rule, ``home.consent`` -------------------------------
    def _in_group(self, user) -> bool:
        return recording_in_group(user=user, course=self.module.course, media=self.video)

    def watchable_by(self, user) -> bool:
        """The page and its video answer only those who may watch the recording: a live page
        whose recording lacks public consent is a 404 to everyone else."""
        if self.video is None or is_public(self.video):
            return self.video is not None
        return may_watch(user, self.video, in_group=self._in_group(user))

    def serve(self, request, *args, **kwargs):
        if not self.watchable_by(request.user):
            raise Http404("课堂实录不存在或未获公开授权。")
        return super().serve(request, *args, **kwargs)

    def video_response(self, request):
        in_group = not is_public(self.video) and self._in_group(request.user)
        return recording_response(request, self.video, in_group=in_group)

    def get_sitemap_urls(self, request=None):
        return super().get_sitemap_urls(request) if is_public(self.video) else []

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(recording_context(recording=self, user=request.user))
        in_group = not is_public(self.video) and self._in_group(request.user)
        context["video_downloadable"] = may_download(request.user, self.video, in_group=in_group)
        return context


class LessonSlice(Orderable):
    """课堂切片: a time range of a recording with a trainer's diagnosis note."""

    page = ParentalKey(LessonRecordingPage, on_delete=models.CASCADE, related_name="slices")
    title = models.CharField("切片标题", max_length=80)
    start_seconds = models.PositiveIntegerField("开始（秒）")
    end_seconds = models.PositiveIntegerField("结束（秒）")
    diagnosis = models.TextField("诊断意见")
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="诊断人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("start_seconds"), FieldPanel("end_seconds")]),
        FieldPanel("diagnosis"),
        FieldPanel("trainer"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "课堂切片"

    def clean(self):
        super().clean()
        if self.start_seconds is not None and self.end_seconds is not None and self.end_seconds <= self.start_seconds:
            raise ValidationError({"end_seconds": "结束时间必须晚于开始时间。"})

    @property
    def anchor(self) -> str:
        return f"slice-{self.pk}"

    @property
    def time_range(self) -> str:
        def clock(s: int) -> str:
            return f"{s // 60:02d}:{s % 60:02d}"

        return f"{clock(self.start_seconds)}–{clock(self.end_seconds)}"
