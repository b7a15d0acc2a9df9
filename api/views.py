"""Public read endpoints of ``/api/v1/``: what anyone may see on the portal, as JSON.

Every queryset starts from the owning app's own public rule (``visible_to_public()``, the
library's filters, the showcase's card query), so drafts, rejected, private and view-restricted
pages never appear; a page that is not public answers 404 exactly like an unknown id.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from django.db.models import Count, Prefetch

from home.models import Grade, Region, School, Stage, Subject
from home.params import MAX_ID, parse_id, parse_int
from resources.filters import SORTS, ResourceFilter
from resources.models import GeneratedResourcePage, RecommendationLevel, ResourceAttachment, ResourceKind
from search.query import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    MAX_PARAM_LENGTH,
    MAX_RESULT_WINDOW,
    SearchParamError,
    SearchRequest,
)
from search.query import SORTS as SEARCH_SORTS
from search.services import resources_search
from showcase.models import ShowcaseCasePage
from training.models import CourseModulePage, CoursePage
from workshops.models import WorkshopPage
from workshops.models.choices import Visibility

from . import serializers as s
from .rest import BadParameter, LoggedCallsMixin
from .schema import query_param


class PublicListView(LoggedCallsMixin, generics.ListAPIView):
    permission_classes = [AllowAny]


class PublicDetailView(LoggedCallsMixin, generics.RetrieveAPIView):
    """A detail found by its id in a public queryset; anything else (an unknown id, a draft,
    a private page, text where an id belongs) is 404."""

    permission_classes = [AllowAny]
    lookup_url_kwarg = "pk"

    def get_object(self):
        pk = parse_id(self.kwargs.get("pk"))
        found = self.get_queryset().filter(pk=pk).first() if pk is not None else None
        if found is None:
            raise exceptions.NotFound("不存在或未公开。")
        return found


def _id_path_param():
    from drf_spectacular.utils import OpenApiParameter

    return OpenApiParameter(
        "id", {"type": "integer", "minimum": 1, "maximum": MAX_ID}, OpenApiParameter.PATH, description="编号。"
    )


# --- resources ------------------------------------------------------------------------

RESOURCE_PARAMS = [
    query_param("subject", "学科名称，如“数学”（也接受常用别名）。"),
    query_param("stage", "学段名称，如“初中”。"),
    query_param("grade", "年级名称，如“八年级”。"),
    query_param("kind", "资源类型代码。", {"type": "string", "enum": ResourceKind.values}),
    query_param("region", "区域路径前缀，任一层级：“湖南省”“湖南省/长沙市”。"),
    query_param("school", "学校编号。", {"type": "integer", "minimum": 1}),
    query_param("tag", "标签。"),
    query_param("level", "最低推优级别，1–4。", {"type": "integer", "minimum": 1, "maximum": 4}),
    query_param(
        "sort", "排序：newest 最新发布（默认）、title 按标题、views 最多浏览。", {"type": "string", "enum": list(SORTS)}
    ),
]


def public_resources():
    return (
        GeneratedResourcePage.objects.visible_to_public()
        .for_cards()
        .select_related("author__profile")
        .prefetch_related("tags")
    )


def resource_facets(queryset) -> dict[str, list[dict]]:
    """Counts per filter value within the filtered resources (one grouped query per facet)."""
    plain = queryset.order_by().prefetch_related(None)
    fields = {"subject": "subject__name", "stage": "stage__name", "grade": "grade__name", "kind": "kind"}
    facets = {}
    for name, field in fields.items():
        rows = plain.exclude(**{f"{field}__isnull": True}).values(field).annotate(n=Count("pk", distinct=True))
        facets[name] = sorted(
            ({"value": str(row[field]), "count": row["n"]} for row in rows),
            key=lambda row: (-row["count"], row["value"]),
        )
    # Levels are cumulative (level=2 means 县级优秀 and above), as the filter is.
    by_level = dict(
        plain.filter(recommendation_level__gt=0)
        .values_list("recommendation_level")
        .annotate(n=Count("pk", distinct=True))
    )
    facets["level"] = [
        {"value": str(level), "count": sum(n for lv, n in by_level.items() if lv >= level)}
        for level in RecommendationLevel.values
        if level > 0 and any(lv >= level for lv in by_level)
    ]
    return facets


@extend_schema(
    summary="资源列表",
    description="已发布的生成性资源，筛选与排序同资源库页面；未知的分类名称返回空列表，格式错误的参数返回 400。",
    parameters=RESOURCE_PARAMS,
    responses={200: s.ResourcePageSerializer},
    tags=["资源"],
)
class ResourceList(PublicListView):
    serializer_class = s.ResourceSerializer
    documented_params = RESOURCE_PARAMS
    documents_own_page = True  # ResourcePageSerializer: the page plus its facets

    def get_queryset(self):
        resource_filter = ResourceFilter(self.request.query_params, request=self.request)
        queryset = resource_filter.apply(public_resources())
        if resource_filter.errors:
            raise BadParameter("；".join(resource_filter.errors))
        return queryset

    def list(self, request, *args, **kwargs):
        queryset = self.get_queryset()
        page = self.paginate_queryset(queryset)
        response = self.get_paginated_response(self.get_serializer(page, many=True).data)
        response.data["facets"] = resource_facets(queryset)
        return response


@extend_schema(
    summary="资源详情",
    description="一件已发布资源的全部公开信息，含附件的文件信息与下载地址。",
    parameters=[_id_path_param()],
    tags=["资源"],
)
class ResourceDetail(PublicDetailView):
    serializer_class = s.ResourceDetailSerializer

    def get_queryset(self):
        attachments = ResourceAttachment.objects.select_related("document").order_by("sort_order", "pk")
        return (
            public_resources()
            .defer(None)
            .prefetch_related(Prefetch("attachments", queryset=attachments, to_attr="api_attachments"))
        )


# --- search ---------------------------------------------------------------------------


SEARCH_PARAMS = [
    query_param("q", "查询词（中文分词，自动纠正输入法错字），最多 255 字。"),
    *[p for p in RESOURCE_PARAMS if p.name in ("subject", "stage", "grade", "kind", "region", "tag", "level")],
    query_param(
        "sort",
        "排序：relevance 相关度（默认）、newest 最新发布、level 推优级别。",
        {"type": "string", "enum": list(SEARCH_SORTS)},
    ),  # fmt: skip
    query_param(
        "page",
        f"页码，从 1 开始；页码 × 每页条数不超过 {MAX_RESULT_WINDOW}，超出时返回 404。",
        {"type": "integer", "minimum": 1, "maximum": MAX_RESULT_WINDOW},
    ),
    query_param("page_size", "每页条数，1–100。", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE}),
    query_param("fix", "0 表示不纠正输入法错字。", {"type": "string", "enum": ["0", "1"]}),
]


@extend_schema(
    summary="全文搜索",
    description="与 /search/ 页面相同的参数与排序；q 为空时按筛选条件列出。",
    parameters=SEARCH_PARAMS,
    responses={200: s.SearchResultSerializer},
    tags=["搜索"],
)
class Search(LoggedCallsMixin, APIView):
    permission_classes = [AllowAny]
    documented_params = SEARCH_PARAMS

    def get(self, request):
        page = parse_int(request.query_params.get("page"), minimum=1)
        size = parse_int(request.query_params.get("page_size"), minimum=1, maximum=MAX_PAGE_SIZE)
        if page is not None and page * (size or DEFAULT_PAGE_SIZE) > MAX_RESULT_WINDOW:
            # A well-formed page past what can be paged through: like a page past the end.
            raise exceptions.NotFound(f"只能翻阅前 {MAX_RESULT_WINDOW} 条结果，请缩小搜索范围。")
        try:
            search_request = SearchRequest.from_params(request.query_params)
        except SearchParamError as exc:
            raise BadParameter(str(exc)) from None
        result = resources_search(request=search_request)
        response = Response(result.as_api())
        response["X-Search-Backend"] = result.backend
        return response


# --- courses, workshops, showcase -----------------------------------------------------


def public_courses():
    return CoursePage.objects.live().public().select_related("subject", "stage").order_by("-first_published_at", "-pk")


@extend_schema(summary="课程列表", description="已发布的课程（公开信息）。", tags=["课程"])
class CourseList(PublicListView):
    serializer_class = s.CourseSerializer

    def get_queryset(self):
        return public_courses()


@extend_schema(
    summary="课程详情", description="课程与其已发布模块的公开信息。", parameters=[_id_path_param()], tags=["课程"]
)
class CourseDetail(PublicDetailView):
    serializer_class = s.CourseDetailSerializer

    def get_object(self):
        course = super().get_object()
        course.api_modules = list(CourseModulePage.objects.child_of(course).live().public().order_by("path"))
        return course

    def get_queryset(self):
        return public_courses()


def public_workshops():
    """Live, unrestricted workshops whose material is open to all (members-only ones are left out)."""
    return (
        WorkshopPage.objects.live()
        .public()
        .filter(visibility=Visibility.PUBLIC)
        .select_related("host__profile", "subject", "stage", "region", "school")
        .order_by("title", "pk")
    )


@extend_schema(summary="工作坊列表", description="公开的教师工作坊（仅成员可见的工作坊不列出）。", tags=["工作坊"])
class WorkshopList(PublicListView):
    serializer_class = s.WorkshopSerializer

    def get_queryset(self):
        return public_workshops()


@extend_schema(
    summary="工作坊详情", description="一个公开工作坊的公开信息。", parameters=[_id_path_param()], tags=["工作坊"]
)
class WorkshopDetail(PublicDetailView):
    serializer_class = s.WorkshopSerializer

    def get_queryset(self):
        return public_workshops()


def public_cases():
    return ShowcaseCasePage.objects.visible_to_public().for_cards().order_by("-featured", "-first_published_at", "-pk")


@extend_schema(summary="同课异构案例列表", description="已发布的案例，编辑推荐的在前。", tags=["同课异构"])
class CaseList(PublicListView):
    serializer_class = s.CaseSerializer

    def get_queryset(self):
        return public_cases()


@extend_schema(
    summary="同课异构案例详情",
    description="一个已发布案例及其已公开的教学设计。",
    parameters=[_id_path_param()],
    tags=["同课异构"],
)
class CaseDetail(PublicDetailView):
    serializer_class = s.CaseSerializer

    def get_queryset(self):
        return public_cases()


# --- taxonomies -----------------------------------------------------------------------


@extend_schema(summary="学段", description="全部学段（幼儿园、小学、初中、高中、特殊教育），按排序。", tags=["分类"])
class StageList(PublicListView):
    serializer_class = s.StageSerializer

    def get_queryset(self):
        return Stage.objects.order_by("sort_order", "pk")


@extend_schema(summary="学科", description="全部学科，按排序；名称可作资源与搜索的 subject 筛选值。", tags=["分类"])
class SubjectList(PublicListView):
    serializer_class = s.SubjectSerializer

    def get_queryset(self):
        return Subject.objects.order_by("sort_order", "pk")


@extend_schema(
    summary="年级",
    description="各学段的年级。",
    parameters=[query_param("stage", "只列出该学段的年级。")],
    tags=["分类"],
)
class GradeList(PublicListView):
    serializer_class = s.GradeSerializer

    def get_queryset(self):
        grades = Grade.objects.select_related("stage").order_by("stage__sort_order", "sort_order", "pk")
        stage = _clean(self.request.query_params.get("stage", ""))
        return grades.filter(stage__name=stage) if stage else grades


@extend_schema(
    summary="区域",
    description="省、市、区县的区域树，按路径排序；路径可作 region 筛选值。",
    parameters=[query_param("region", "只列出该路径下的区域（含自身）。")],
    tags=["分类"],
)
class RegionList(PublicListView):
    serializer_class = s.RegionSerializer

    def get_queryset(self):
        regions = Region.objects.order_by("path", "pk")
        prefix = _clean(self.request.query_params.get("region", ""))
        return regions.filter(Region.path_q(prefix)) if prefix else regions


@extend_schema(
    summary="学校",
    description="学校及其所属区县。",
    parameters=[query_param("region", "只列出该区域路径下的学校。")],
    tags=["分类"],
)
class SchoolList(PublicListView):
    serializer_class = s.SchoolSerializer

    def get_queryset(self):
        schools = School.objects.select_related("region").order_by("region__path", "name", "pk")
        prefix = _clean(self.request.query_params.get("region", ""))
        return schools.filter(Region.path_q(prefix, "region__path")) if prefix else schools


def _clean(value: str) -> str:
    """A text parameter as the library's filters take it: invisible characters dropped, cut at
    255 characters (control characters were refused before the view ran)."""
    return "".join(ch for ch in str(value) if ch.isprintable()).strip()[:MAX_PARAM_LENGTH].strip()
