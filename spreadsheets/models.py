"""What the spreadsheet imports leave behind: a record of each confirmed import."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportRecord(models.Model):
    """One confirmed import (admin or command line): who, when, which file, what it did.
    Dry runs and previews leave no record."""

    class Kind(models.TextChoices):
        SCORES = "scores", _("Điểm chỉ số")
        INITIATIVES = "initiatives", _("Sáng kiến")
        ALIASES = "aliases", _("Tên gọi khác của đơn vị")
        REVERT = "revert", _("Hoàn tác một lần nhập")

    kind = models.CharField(_("loại dữ liệu"), max_length=16, choices=Kind)
    file_name = models.CharField(_("tên tệp"), max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("người nhập"),
    )
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)
    new = models.PositiveIntegerField(_("mới"), default=0)
    changed = models.PositiveIntegerField(_("thay đổi"), default=0)
    unchanged = models.PositiveIntegerField(_("không đổi"), default=0)
    #: What the import did, for undo: {"model", "created": [pk], "updated": [[pk, {field:
    #: [old, new]}]], "also_created": {model: [pk]}, "relations": [[pk, {name: old}]]}.
    changes = models.JSONField(_("những gì đã ghi"), default=dict, blank=True, editable=False)
    #: For a record of kind "revert": the import it undid (an import is undone at most once).
    reverts = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reverted_by",
        verbose_name=_("hoàn tác lần nhập"),
    )

    class Meta:
        verbose_name = _("lần nhập dữ liệu")
        verbose_name_plural = _("các lần nhập dữ liệu")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.file_name} · {self.created_at:%d/%m/%Y %H:%M}"

    @property
    def is_reverted(self) -> bool:
        return hasattr(self, "reverted_by")
