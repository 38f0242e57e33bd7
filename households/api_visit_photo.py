"""A visit's photo through the visit API (/api/v1/visits/), as on the visit page (households.views_visits.visit_add).

The page takes one photo with the visit (照片（可选）: JPG, PNG or PDF, at most 10 MB); POST /api/v1/visits/ takes it
the same way, multipart/form-data with the file in `photo`, and visit_record refuses what the page refuses
(households.services.visits.upload_check, the same messages under `photo`). A visit read through the API says
whether it has a photo (has_photo, photo_url; the list filters on ?has_photo=), and GET /api/v1/visits/{id}/photo/
sends it to whoever may read the visit, recorded in the audit log as the page's 查看照片 is
(households.services.files.visit_photo_open): another village's visit is a 404, as on the page."""

from typing import Any

import django_filters
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.decorators import action
from rest_framework.fields import empty
from rest_framework.request import Request
from rest_framework.reverse import reverse

from config.api import refuse_unknown_params
from households.models import Visit
from households.services import files

MSG_PHOTO_NOT_A_FILE = "photo 应为文件：请以 multipart/form-data 上传走访照片（JPG、PNG 或 PDF）。"
MSG_PHOTO_EMPTY = "上传的照片是空文件，请重新上传。"
MSG_NO_PHOTO = "该走访没有照片。"


def photo_fields() -> dict[str, serializers.Field]:
    """The visit serializer's photo input and what a read visit says of its photo."""
    return {
        "photo": serializers.FileField(
            write_only=True,
            required=False,
            error_messages={"invalid": MSG_PHOTO_NOT_A_FILE, "empty": MSG_PHOTO_EMPTY},
            help_text="走访照片（可选）：JPG、PNG 或 PDF，不超过 10 MB，与网页相同；以 multipart/form-data 提交",
        ),
        "has_photo": serializers.SerializerMethodField(help_text="该走访是否附有照片"),
        "photo_url": serializers.SerializerMethodField(
            help_text="照片的下载地址（GET，记入审计日志）；没有照片为 null"
        ),
    }


def leave_out_unsent(fields: dict[str, serializers.Field], names: list[str]) -> None:
    """A multipart form's box left out is not 否: DRF reads a boolean missing from form data as false (or null),
    which for a visit's finding would record a problem nobody found. Left out, it is not sent, as in a JSON body
    (a 月度走访 or 集中排查 missing one is refused: api_visits.MSG_FINDINGS_REQUIRED)."""
    for name in names:
        fields[name].default_empty_html = empty


class PhotoOutputMixin:
    """VisitSerializer's has_photo and photo_url."""

    def get_has_photo(self, visit: Visit) -> bool:
        return bool(visit.photo)

    def get_photo_url(self, visit: Visit) -> str | None:
        context: Any = getattr(self, "context", {})
        return reverse("api:visit-photo", args=[visit.pk], request=context.get("request")) if visit.photo else None


class HasPhotoFilterMixin(django_filters.FilterSet):
    has_photo = django_filters.TypedChoiceFilter(
        choices=[("true", "是"), ("false", "否")],
        coerce=lambda value: value == "true",
        method="filter_has_photo",
        label="是否附有照片",
        help_text="true：只列附有照片的走访；false：只列没有照片的",
    )

    def filter_has_photo(self, queryset: Any, name: str, value: bool) -> Any:
        return queryset.exclude(photo="") if value else queryset.filter(photo="")


class VisitPhotoMixin:
    """The `photo` action of households.api_visits.VisitViewSet (its get_object gives the visit in the user's scope)."""

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY}, filters=False)
    @action(detail=True, methods=["get"])
    def photo(self, request: Request, pk: str) -> FileResponse:
        """下载走访照片（与网页“查看照片”相同）：能查看该走访的用户均可下载，每次下载记入审计日志。
        管辖范围以外的走访为404；没有照片（has_photo 为 false）的为404。"""
        refuse_unknown_params(request, ())
        view: Any = self
        visit = view.get_object()
        if not visit.photo:
            raise exceptions.NotFound(MSG_NO_PHOTO)
        return files.visit_photo_open(actor=request.user, visit=visit)
