"""A user's own records (``/api/v1/me/…``, scope ``read_own``) and a trainer's region figures
(``/api/v1/stats/region/``, scope ``region_stats``).

Every read starts from ``request.user``: there is no parameter naming a teacher, so nobody can
ask for another teacher's records.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from credits.selectors import credit_entries
from home.models import Role
from home.people import display_name, profile_of
from training.selectors import teacher_courses
from workshops.selectors.communities import resource_status_counts
from workshops.services.works import my_works, work_status

from .rest import BadParameter, LoggedCallsMixin, ReadOwn, RegionStats


class MeSerializer(serializers.Serializer):
    username = serializers.CharField(help_text="用户名。")
    name = serializers.CharField(help_text="姓名。")
    role = serializers.CharField(help_text="角色代码：teacher、school_trainer、county_trainer、editor。")
    role_label = serializers.CharField(help_text="角色名称。")
    school = serializers.CharField(allow_null=True, help_text="学校。")
    region = serializers.CharField(allow_null=True, help_text="负责区域（培训者、编辑）或学校所在区县的路径。")


class CreditEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    earned_on = serializers.DateField(help_text="获得日期。")
    source = serializers.CharField(help_text="来源代码。")
    source_label = serializers.CharField(source="get_source_display", help_text="来源。")
    description = serializers.CharField(help_text="说明。")
    hours = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True, help_text="学时。")
    amount = serializers.DecimalField(max_digits=6, decimal_places=1, help_text="学分。")
    verified_by = serializers.SerializerMethodField(help_text="认定人姓名。")

    def get_verified_by(self, entry) -> str | None:
        return display_name(entry.verified_by) if entry.verified_by_id else None


class ModuleProgressSerializer(serializers.Serializer):
    title = serializers.CharField(source="module.title", help_text="模块。")
    is_required = serializers.BooleanField(source="module.is_required", help_text="是否必修。")
    done = serializers.IntegerField(source="done_count", help_text="已完成的学习项。")
    total = serializers.SerializerMethodField(help_text="学习项总数。")

    def get_total(self, progress) -> int:
        return len(progress.items)


class EnrolmentSerializer(serializers.Serializer):
    course_id = serializers.IntegerField(source="course.id", help_text="课程编号。")
    course_title = serializers.CharField(source="course.title", help_text="课程。")
    enrolled_at = serializers.DateTimeField(source="enrolment.enrolled_at", help_text="选课时间。")
    completed_at = serializers.DateTimeField(source="enrolment.completed_at", allow_null=True, help_text="完成时间。")
    hours_recorded = serializers.DecimalField(
        source="enrolment.hours_recorded", max_digits=6, decimal_places=1, allow_null=True, help_text="记录学时。"
    )
    percent = serializers.IntegerField(source="progress.percent", help_text="必修学习项完成百分比。")
    complete = serializers.BooleanField(source="progress.complete", help_text="必修学习项是否全部完成。")
    modules = ModuleProgressSerializer(many=True, source="progress.modules", help_text="各模块进度。")


class EnrolmentListSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    results = EnrolmentSerializer(many=True)


class WorkSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="作品编号。")
    title = serializers.CharField(help_text="标题。")
    kind = serializers.CharField(help_text="资源类型代码。")
    status = serializers.SerializerMethodField(
        help_text="作者看到的状态：草稿、校内审核中、退回修改、未通过、已发布（含推优级别）。"
    )
    review_status = serializers.CharField(
        help_text="审核状态代码：draft、in_review、changes_requested、rejected、approved。"
    )
    live = serializers.BooleanField(help_text="是否已发布。")
    recommendation_level = serializers.IntegerField(help_text="推优级别，0–4。")
    last_edited_at = serializers.DateTimeField(
        source="latest_revision_created_at", allow_null=True, help_text="最近修改时间。"
    )

    def get_status(self, work) -> str:
        return work_status(work)


class StatusCountSerializer(serializers.Serializer):
    status = serializers.CharField(help_text="状态。")
    count = serializers.IntegerField(help_text="作品数。")


class RegionStatsSerializer(serializers.Serializer):
    region = serializers.CharField(help_text="统计范围：负责区域的完整路径（校级培训者为“区域路径/学校”）。")
    works_by_status = StatusCountSerializer(many=True, help_text="区域内学校的作品按审核状态计数。")


def _role(user) -> str:
    profile = profile_of(user)
    return profile.role if profile is not None else Role.TEACHER


@extend_schema(
    summary="当前用户",
    description="令牌所属用户的基本信息（权限范围 read_own）。",
    responses={200: MeSerializer},
    tags=["本人"],
)
class Me(LoggedCallsMixin, APIView):
    permission_classes = [ReadOwn]

    def get(self, request):
        profile = profile_of(request.user)
        region = profile.scope_region if profile is not None else None
        role = _role(request.user)
        return Response(
            {
                "username": request.user.get_username(),
                "name": display_name(request.user),
                "role": role,
                "role_label": Role(role).label,
                "school": profile.school.name if profile is not None and profile.school_id else None,
                "region": region.path if region is not None else None,
            }
        )


@extend_schema(summary="我的学分", description="本人的学分记录，最早的在前（权限范围 read_own）。", tags=["本人"])
class MyCredits(LoggedCallsMixin, generics.ListAPIView):
    permission_classes = [ReadOwn]
    serializer_class = CreditEntrySerializer

    def get_queryset(self):
        return credit_entries(teacher=self.request.user).select_related("verified_by__profile")


@extend_schema(
    summary="我的选课与进度",
    description="本人选修的已发布课程与各模块进度，最近选课的在前（权限范围 read_own）。",
    responses={200: EnrolmentListSerializer},
    tags=["本人"],
)
class MyEnrolments(LoggedCallsMixin, APIView):
    permission_classes = [ReadOwn]

    def get(self, request):
        courses = teacher_courses(teacher=request.user)
        return Response({"count": len(courses), "results": EnrolmentSerializer(courses, many=True).data})


@extend_schema(
    summary="我的作品",
    description="本人的作品（含草稿）与审核状态，最近修改的在前（权限范围 read_own）。",
    tags=["本人"],
)
class MyWorks(LoggedCallsMixin, generics.ListAPIView):
    permission_classes = [ReadOwn]
    serializer_class = WorkSerializer

    def get_queryset(self):
        return my_works(user=self.request.user)


@extend_schema(
    summary="负责区域的作品统计",
    description="培训者与编辑负责区域内学校的作品按审核状态计数（权限范围 region_stats）。",
    responses={200: RegionStatsSerializer},
    tags=["统计"],
)
class RegionFigures(LoggedCallsMixin, APIView):
    permission_classes = [RegionStats]

    def get(self, request):
        profile = profile_of(request.user)
        if profile is not None and profile.role == Role.SCHOOL_TRAINER and profile.school_id:
            # A school trainer acts for one school: its figures, not the county's.
            rows = resource_status_counts(school=profile.school)
            scope = f"{profile.school.region.path}/{profile.school.name}"
        else:
            region = profile.scope_region if profile is not None else None
            if region is None:
                raise BadParameter("您的档案没有负责区域，无法统计。")
            rows, scope = resource_status_counts(region=region), region.path
        return Response({"region": scope, "works_by_status": [{"status": s, "count": n} for s, n in rows]})
