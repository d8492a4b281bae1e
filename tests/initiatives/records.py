"""Builders shared by the integrity tests."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from initiatives.models import Attachment, Initiative
from tests.files import PDF


def initiative(places, author, status="draft", title="Một cửa không hẹn") -> Initiative:
    return Initiative.objects.create(
        title=title,
        summary="Giải quyết thủ tục trong ngày",
        implementing_unit="UBND xã",
        locality=places["a"],
        level="xa",
        author=author,
        status=status,
    )


def attach(item: Initiative, data: bytes = PDF, name: str = "qd.pdf", kind="pdf") -> Attachment:
    return Attachment.objects.create(
        initiative=item,
        file=SimpleUploadedFile(name, data),
        original_name=name,
        kind=kind,
        size=len(data),
    )


def full_form(**extra) -> dict:
    """A complete new-initiative form, ready to submit."""
    return {
        "title": "Ngày thứ bảy không hẹn",
        "summary": "Nhận và trả hồ sơ ngay trong ngày thứ Bảy.",
        "implementing_unit": "UBND xã",
        "level": "xa",
        "stage": "thi_diem",
        "areas": ["cai-cach-tthc"],
        "action": "submit",
        **extra,
    }


#: Every state but "approved": never public.
UNPUBLISHED = [status for status in Initiative.Status if status != Initiative.Status.APPROVED]
