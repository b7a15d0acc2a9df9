"""``/api/v1/imports/``: bulk import of resources by editors (``api.imports``, docs/api.md).

``POST`` takes the JSON Lines file (raw ``application/x-ndjson`` body, or a multipart form
field ``file``) and answers 202 with the job and its status address; ``GET`` lists the caller's
own jobs; ``GET {id}/`` is one job's status, counts, progress and line errors — the owner's
only (anyone else gets 404, as for an unknown id).
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import exceptions, generics, serializers, status
from rest_framework.parsers import BaseParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.reverse import reverse

from django.conf import settings

from home.params import parse_id

from . import imports
from .models import AccessToken, ImportJob
from .rest import LoggedCallsMixin, ScopeRequired
from .schema import ErrorSerializer, query_param

BODY_SLACK = 1024 * 1024  # a multipart body's headers and boundaries, beyond the file itself


class ImportResources(ScopeRequired):
    scope = "import_resources"


class JsonLinesParser(BaseParser):
    """The raw body, as bytes, read up to one byte past the size limit (the caller is told)."""

    media_type = "application/x-ndjson"

    def parse(self, stream, media_type=None, parser_context=None):
        return stream.read(settings.API_IMPORT_MAX_BYTES + 1)


class PayloadTooLarge(exceptions.APIException):
    status_code = 413
    default_detail = "文件过大。"
    default_code = "too_large"


class ImportRefused(exceptions.APIException):
    status_code = 400
    default_detail = "导入请求无效。"
    default_code = "import_refused"


class ImportJobSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", help_text="状态名称。")
    url = serializers.SerializerMethodField(help_text="状态查询地址。")
    percent = serializers.IntegerField(help_text="进度百分比（已处理行数 / 总行数）。")
    created = serializers.IntegerField(source="created_count", help_text="新建的资源数（完成后）。")
    updated = serializers.IntegerField(source="updated_count", help_text="更新的资源数（完成后）。")
    skipped = serializers.IntegerField(source="skipped_count", help_text="跳过的已有资源数（不更新已有资源时）。")

    class Meta:
        model = ImportJob
        fields = [
            "id", "url", "status", "status_label", "update_existing", "total_lines", "processed", "percent",
            "created", "updated", "skipped", "error_count", "message", "created_at", "started_at", "finished_at",
        ]  # fmt: skip
        extra_kwargs = {
            "id": {"help_text": "任务编号。"},
            "status": {"help_text": "状态代码：queued 排队中、running 导入中、succeeded 已完成、failed 失败。"},
            "update_existing": {"help_text": "external_id 已存在时是否更新该资源。"},
            "total_lines": {"help_text": "文件总行数（含空行与注释行）。"},
            "processed": {"help_text": "已处理行数（每批 500 行提交后更新）。"},
            "error_count": {"help_text": "出错的行数（全部计数）。"},
            "message": {"help_text": "结果说明或失败原因（中文）。"},
            "created_at": {"help_text": "提交时间。"},
            "started_at": {"help_text": "开始导入时间。"},
            "finished_at": {"help_text": "结束时间。"},
        }

    def get_url(self, job) -> str:
        return reverse("api_import", kwargs={"pk": job.pk}, request=self.context.get("request"))


class LineErrorSerializer(serializers.Serializer):
    line = serializers.IntegerField(help_text="行号（从 1 开始，与 import_resources 相同）。")
    reason = serializers.CharField(help_text="原因（中文）。")


class ImportJobDetailSerializer(ImportJobSerializer):
    errors = serializers.SerializerMethodField(help_text="行错误，按行号；最多保留前若干条，总数见 error_count。")
    errors_truncated = serializers.SerializerMethodField(help_text="行错误是否多于这里列出的。")

    class Meta(ImportJobSerializer.Meta):
        fields = [*ImportJobSerializer.Meta.fields, "errors", "errors_truncated"]

    @extend_schema_field(LineErrorSerializer(many=True))
    def get_errors(self, job) -> list[dict]:
        return [{"line": number, "reason": reason} for number, reason in job.errors]

    def get_errors_truncated(self, job) -> bool:
        return job.error_count > len(job.errors)


UPDATE_EXISTING = query_param(
    "update_existing",
    "external_id 已存在时：true 更新该资源（默认），false 跳过该行。",
    {"type": "string", "enum": ["true", "false"]},
)


@extend_schema(tags=["导入"])
class ImportJobList(LoggedCallsMixin, generics.ListAPIView):
    permission_classes = [ImportResources]
    parser_classes = [JsonLinesParser, MultiPartParser]
    serializer_class = ImportJobSerializer
    documented_params = [UPDATE_EXISTING]

    def get_queryset(self):
        return imports.user_import_jobs(user=self.request.user)

    @extend_schema(
        summary="我的导入任务",
        description="本人提交的资源导入任务，最新的在前（编辑；权限范围 import_resources）。",
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="提交资源导入",
        description=(
            "提交 JSON Lines 文件（每行一份资源，格式与 manage.py import_resources 相同），在后台导入。"
            "请求体为原始文件（Content-Type: application/x-ndjson），或 multipart/form-data 的 file 字段；"
            "文件须为 UTF-8 编码，大小有上限。立即返回 202 与任务编号，之后轮询 url 查看进度与行错误。"
            "仅编辑可用（权限范围 import_resources）；有负责区域的编辑只能导入本区域的资源。"
        ),
        parameters=[UPDATE_EXISTING],
        request={
            "application/x-ndjson": {"type": "string", "format": "binary"},
            "multipart/form-data": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary", "description": "JSON Lines 文件。"}},
                "required": ["file"],
            },
        },
        responses={
            202: ImportJobSerializer,
            413: OpenApiResponse(ErrorSerializer, description="文件过大"),
            415: OpenApiResponse(ErrorSerializer, description="不支持的内容类型"),
        },
    )
    def post(self, request, *args, **kwargs):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.API_IMPORT_MAX_BYTES
        if length > limit + BODY_SLACK:
            raise PayloadTooLarge(f"文件过大：最多 {limit // (1024 * 1024)} MB，请分成几个文件提交。")
        try:
            job = imports.import_job_create(
                user=request.user,
                token=request.auth if isinstance(request.auth, AccessToken) else None,
                data=self._body(request),
                update_existing=request.query_params.get("update_existing", "true") == "true",
            )
        except imports.ImportRequestError as exc:
            if exc.status == 403:
                raise exceptions.PermissionDenied(str(exc)) from None
            if exc.status == 413:
                raise PayloadTooLarge(str(exc)) from None
            raise ImportRefused(str(exc)) from None
        body = ImportJobSerializer(job, context={"request": request}).data
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]})

    def _body(self, request) -> bytes:
        try:
            data = request.data
        except exceptions.UnsupportedMediaType:
            raise exceptions.UnsupportedMediaType(
                request.content_type, detail="请求体应为 application/x-ndjson 文件或 multipart/form-data 表单。"
            ) from None
        except exceptions.ParseError:
            raise ImportRefused("无法读取上传的表单，请检查 multipart/form-data 的格式。") from None
        if isinstance(data, bytes):
            return data
        upload = request.FILES.get("file") if hasattr(request, "FILES") else None
        if upload is None:
            raise ImportRefused(
                "请求体应为 JSON Lines 文件：Content-Type 用 application/x-ndjson，或以 multipart/form-data 的 file 字段上传。"
            )
        return upload.read(settings.API_IMPORT_MAX_BYTES + 1)


@extend_schema(
    summary="导入任务状态",
    description="一个导入任务的状态、计数、进度与行错误（仅提交人可见；权限范围 import_resources）。",
    responses={200: ImportJobDetailSerializer},
    tags=["导入"],
)
class ImportJobDetail(LoggedCallsMixin, generics.RetrieveAPIView):
    permission_classes = [ImportResources]
    serializer_class = ImportJobDetailSerializer

    def get_object(self):
        pk = parse_id(self.kwargs.get("pk"))
        job = imports.import_job_for(user=self.request.user, job_id=pk) if pk is not None else None
        if job is None:
            raise exceptions.NotFound("没有这个导入任务。")
        return job
