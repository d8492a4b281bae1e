"""The API's errors, in the portal's language: ``{"detail": "…"}``, and for a bad query
parameter also ``{"errors": {"parameter": ["…"]}}``."""

from __future__ import annotations

import math

from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers
from rest_framework.views import exception_handler as drf_exception_handler


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="Lỗi, bằng ngôn ngữ của trang (tiếng Việt mặc định).")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Lỗi của từng tham số truy vấn.",
    )


def _message(exc: exceptions.APIException) -> str:
    if isinstance(exc, exceptions.NotFound):
        return _("Không tìm thấy dữ liệu này.")
    if isinstance(exc, exceptions.MethodNotAllowed):
        return _("API chỉ cho phép đọc dữ liệu (GET); phương thức này không được dùng.")
    if isinstance(exc, exceptions.Throttled):
        wait = math.ceil(exc.wait) if exc.wait is not None else None
        if wait is None:
            return _("Địa chỉ này đã gửi quá nhiều yêu cầu; hãy thử lại sau.")
        return _("Địa chỉ này đã gửi quá nhiều yêu cầu; hãy thử lại sau %(seconds)s giây.") % {
            "seconds": wait
        }
    if isinstance(exc, exceptions.NotAcceptable):
        return _("Không có định dạng trả về phù hợp với yêu cầu (Accept).")
    if isinstance(exc, exceptions.ValidationError):
        return _("Tham số truy vấn không hợp lệ.")
    return str(exc.detail) if isinstance(exc.detail, str) else _("Yêu cầu không hợp lệ.")


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, exceptions.APIException):
        response = drf_exception_handler(exc, context)
        if response is None:
            return None
        body: dict = {"detail": _message(exc)}
        if isinstance(exc, exceptions.ValidationError) and isinstance(exc.detail, dict):
            body["errors"] = {
                key: [str(m) for m in (value if isinstance(value, list) else [value])]
                for key, value in exc.detail.items()
            }
        response.data = body
        return response
    return drf_exception_handler(exc, context)
