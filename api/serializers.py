"""What the API answers, field by field (Chinese descriptions appear in the schema and docs).

Read-only serializers over objects the views have already selected with the public rules;
nothing here decides visibility.
"""

from __future__ import annotations

from rest_framework import serializers

from django.contrib.auth.models import AnonymousUser

from home.media import may_view_file
from home.people import display_name
from home.text import stream_text, strip_html

TITLE = {"help_text": "标题。"}


class NamedField(serializers.CharField):
    """The ``name`` of a related taxonomy object, or null."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return getattr(value, "name", None)


class PageUrlMixin(serializers.Serializer):
    url = serializers.SerializerMethodField(help_text="在门户中的网址（绝对地址）。")

    def get_url(self, page) -> str:
        request = self.context.get("request")
        relative = page.get_url(request=request)
        return request.build_absolute_uri(relative) if request is not None and relative else (relative or "")


# --- taxonomies -----------------------------------------------------------------------


class StageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(help_text="学段名称，如“初中”。")
    slug = serializers.CharField()


class SubjectSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(help_text="学科名称，如“数学”。")
    slug = serializers.CharField()


class GradeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(help_text="年级名称，如“八年级”。")
    stage = NamedField(help_text="所属学段。")


class RegionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(help_text="区域名称。")
    path = serializers.CharField(help_text="完整路径，如“湖南省/长沙市/岳麓区”，可用作 region 筛选值。")
    level = serializers.CharField(help_text="层级：province 省、city 市、county 区县。")
    parent_id = serializers.IntegerField(allow_null=True, help_text="上级区域编号。")


class SchoolSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(help_text="学校名称。")
    region = serializers.CharField(source="region.path", help_text="所属区县的完整路径。")


# --- resources ------------------------------------------------------------------------


class ResourceSerializer(PageUrlMixin, serializers.Serializer):
    id = serializers.IntegerField(help_text="资源编号。")
    title = serializers.CharField(**TITLE)
    kind = serializers.CharField(help_text="资源类型代码（与导入格式相同）。")
    kind_label = serializers.CharField(source="get_kind_display", help_text="资源类型名称。")
    summary = serializers.CharField(help_text="摘要。")
    subject = NamedField(help_text="学科。")
    stage = NamedField(help_text="学段。")
    grade = NamedField(help_text="年级。")
    region = serializers.SerializerMethodField(help_text="区域完整路径。")
    school = NamedField(help_text="学校。")
    author = serializers.CharField(source="author_display", help_text="作者姓名。")
    tags = serializers.SerializerMethodField(help_text="标签。")
    recommendation_level = serializers.IntegerField(
        help_text="推优级别：0 无，1 校级推荐，2 县级优秀，3 市级优秀，4 省级优秀。"
    )
    recommendation_label = serializers.CharField(source="get_recommendation_level_display", help_text="推优级别名称。")
    view_count = serializers.IntegerField(help_text="浏览次数。")
    first_published_at = serializers.DateTimeField(allow_null=True, help_text="首次发布时间。")

    def get_region(self, page) -> str | None:
        return page.region.path if page.region_id else None

    def get_tags(self, page) -> list[str]:
        return sorted(tag.name for tag in page.tags.all())


class AttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="document.id", help_text="文件编号。")
    title = serializers.CharField(source="display_title", help_text="显示名称。")
    part = serializers.CharField(help_text="附件类别代码：teaching_design、task_sheet、courseware、exercise、other。")
    part_label = serializers.CharField(source="get_part_display", help_text="附件类别名称。")
    file_name = serializers.SerializerMethodField(help_text="文件名。")
    file_size = serializers.IntegerField(source="document.file_size", allow_null=True, help_text="文件大小（字节）。")
    download_url = serializers.SerializerMethodField(
        help_text="下载地址；下载时按资源库的下载规则判断（资源公开时任何人可下载）。"
    )

    def get_file_name(self, attachment) -> str:
        return attachment.document.filename

    def get_download_url(self, attachment) -> str:
        request = self.context.get("request")
        url = attachment.document.url
        return request.build_absolute_uri(url) if request is not None else url


class ResourceDetailSerializer(ResourceSerializer):
    body_text = serializers.SerializerMethodField(help_text="正文纯文本。")
    attachments = AttachmentSerializer(many=True, source="api_attachments", help_text="附件。")
    video_url = serializers.SerializerMethodField(
        help_text="视频播放地址（支持 HTTP Range）；无视频或视频未获公开授权时为 null。"
    )

    def get_body_text(self, page) -> str:
        return stream_text(page.body)

    def get_video_url(self, page) -> str | None:
        request = self.context.get("request")
        user = getattr(request, "user", None) or AnonymousUser()
        # The player's own rule (the media policy with the recording's consent, ``home.consent``).
        if not page.video_id or not may_view_file(user, page.video):
            return None
        url = f"/media-file/{page.video_id}/"
        return request.build_absolute_uri(url) if request is not None else url


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField(help_text="筛选值（可直接作为同名参数）。")
    count = serializers.IntegerField(help_text="符合当前筛选条件的资源数。")


class ResourceFacetsSerializer(serializers.Serializer):
    subject = FacetValueSerializer(many=True)
    stage = FacetValueSerializer(many=True)
    grade = FacetValueSerializer(many=True)
    kind = FacetValueSerializer(many=True)
    level = FacetValueSerializer(many=True)


class ResourcePageSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="符合条件的资源总数。")
    next = serializers.URLField(allow_null=True, help_text="下一页地址。")
    previous = serializers.URLField(allow_null=True, help_text="上一页地址。")
    results = ResourceSerializer(many=True)
    facets = ResourceFacetsSerializer(help_text="分面：各筛选值的资源数（在当前筛选结果内统计）。")


# --- search ---------------------------------------------------------------------------


class SearchHitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField(help_text="资源页地址。")
    snippet = serializers.CharField(help_text="带 <mark> 高亮的摘要片段。")
    kind = serializers.CharField()
    subject = serializers.CharField(allow_null=True)
    stage = serializers.CharField(allow_null=True)
    region = serializers.CharField(allow_null=True)
    recommendation_level = serializers.IntegerField()


class DidYouMeanSerializer(serializers.Serializer):
    q = serializers.CharField(help_text="纠正后的查询。")
    url = serializers.CharField(help_text="纠正后查询的搜索页地址。")
    results_shown = serializers.BooleanField(help_text="结果是否已是纠正后查询的结果。")


class SearchResultSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="命中总数。")
    results = SearchHitSerializer(many=True)
    facets = serializers.DictField(
        child=FacetValueSerializer(many=True), help_text="分面：subject、stage、grade、kind、region、level、tag。"
    )
    did_you_mean = DidYouMeanSerializer(allow_null=True, help_text="输入法错字的纠正建议。")


# --- courses, workshops, showcase -----------------------------------------------------


class ModuleSerializer(PageUrlMixin, serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField(**TITLE)
    is_required = serializers.BooleanField(help_text="是否必修模块。")
    online_hours = serializers.DecimalField(max_digits=6, decimal_places=1, help_text="线上学时。")
    offline_hours = serializers.DecimalField(max_digits=6, decimal_places=1, help_text="线下学时。")
    objectives = serializers.SerializerMethodField(help_text="学习目标（纯文本）。")

    def get_objectives(self, module) -> str:
        return strip_html(module.objectives)


class CourseSerializer(PageUrlMixin, serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField(**TITLE)
    summary = serializers.CharField(help_text="课程简介。")
    subject = NamedField(help_text="学科。")
    stage = NamedField(help_text="学段。")
    is_required = serializers.BooleanField(help_text="是否必修课程。")
    first_published_at = serializers.DateTimeField(allow_null=True, help_text="发布时间。")


class CourseDetailSerializer(CourseSerializer):
    modules = ModuleSerializer(many=True, source="api_modules", help_text="已发布的模块。")


class WorkshopSerializer(PageUrlMixin, serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField(**TITLE)
    intro = serializers.CharField(help_text="简介。")
    host = serializers.SerializerMethodField(help_text="坊主姓名。")
    subject = NamedField(help_text="学科。")
    stage = NamedField(help_text="学段。")
    region = serializers.SerializerMethodField(help_text="所属区域完整路径。")
    school = NamedField(help_text="所属学校。")
    join_policy = serializers.CharField(help_text="加入方式代码。")
    join_policy_label = serializers.CharField(source="get_join_policy_display", help_text="加入方式。")

    def get_host(self, workshop) -> str | None:
        return display_name(workshop.host) if workshop.host_id else None

    def get_region(self, workshop) -> str | None:
        return workshop.region.path if workshop.region_id else None


class CaseDesignSerializer(serializers.Serializer):
    label = serializers.CharField(help_text="设计名称。")
    highlight = serializers.CharField(help_text="设计特色。")
    resource_id = serializers.IntegerField(source="teaching_design.id", help_text="教学设计的资源编号。")
    resource_title = serializers.CharField(source="teaching_design.title", help_text="教学设计标题。")
    school = serializers.SerializerMethodField(help_text="学校。")
    region = serializers.SerializerMethodField(help_text="区域完整路径。")

    def get_school(self, design) -> str | None:
        school = design.teaching_design.school
        return school.name if school is not None else None

    def get_region(self, design) -> str | None:
        region = design.teaching_design.region
        return region.path if region is not None else None


class CaseSerializer(PageUrlMixin, serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField(**TITLE)
    lesson_title = serializers.CharField(help_text="课题。")
    subject = NamedField(help_text="学科。")
    stage = NamedField(help_text="学段。")
    grade = NamedField(help_text="年级。")
    textbook_edition = serializers.CharField(help_text="教材版本。")
    unit = serializers.CharField(help_text="单元。")
    featured = serializers.BooleanField(help_text="是否编辑推荐。")
    expert_name = serializers.CharField(help_text="点评专家。")
    designs = CaseDesignSerializer(many=True, source="public_designs", help_text="已公开的教学设计。")
