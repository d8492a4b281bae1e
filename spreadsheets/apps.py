from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpreadsheetsConfig(AppConfig):
    """Reading, checking, importing and exporting spreadsheets, for every app above it."""

    name = "spreadsheets"
    verbose_name = _("Nhập, xuất bảng tính")
