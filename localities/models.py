"""Administrative units of Vietnam, before and after the reorganisation of 1 July 2025.

One table holds provinces, districts and communes. Official codes and names were reused by
different units across 2025 (code 15 was Yên Bái, is now Lào Cai), so a unit is identified by
its level, its code *and its period*; never by the code alone.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from localities.text import clean_text, fold

#: The day the 34-province, two-level organisation took effect (Resolution 202/2025/QH15).
REORGANISATION_DATE = datetime.date(2025, 7, 1)
#: The last day of the 63 provinces and the district level.
PRE_2025_LAST_DAY = datetime.date(2025, 6, 30)


class UnitQuerySet(models.QuerySet["AdministrativeUnit"]):
    def provinces(self) -> UnitQuerySet:
        return self.filter(level=AdministrativeUnit.Level.PROVINCE)

    def districts(self) -> UnitQuerySet:
        return self.filter(level=AdministrativeUnit.Level.DISTRICT)

    def communes(self) -> UnitQuerySet:
        return self.filter(level=AdministrativeUnit.Level.COMMUNE)

    def with_ancestors(self) -> UnitQuerySet:
        """Parents and grandparents in the same query, for labels such as hierarchy_label()."""
        return self.select_related("parent__parent")

    def current(self) -> UnitQuerySet:
        """Units in force today (after the 2025 reorganisation)."""
        return self.filter(valid_to__isnull=True)

    def former(self) -> UnitQuerySet:
        return self.filter(valid_to__isnull=False)

    def valid_in(self, year: int) -> UnitQuerySet:
        """Units that existed at some time in ``year`` (see ``AdministrativeUnit.is_valid_in``)."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__year__lte=year),
            Q(valid_to__isnull=True) | Q(valid_to__year__gte=year),
        )


class AdministrativeUnitManager(models.Manager.from_queryset(UnitQuerySet)):  # type: ignore[misc]
    def get_by_natural_key(self, level: int, code: str, valid_from: str | None):
        return self.get(level=level, code=code, valid_from=valid_from)


class AdministrativeUnit(models.Model):
    class Level(models.IntegerChoices):
        PROVINCE = 1, _("Cấp tỉnh")
        DISTRICT = 2, _("Cấp huyện")
        COMMUNE = 3, _("Cấp xã")

    class UnitType(models.TextChoices):
        TINH = "tinh", _("Tỉnh")
        THANH_PHO_TRUNG_UONG = "thanh_pho_trung_uong", _("Thành phố trực thuộc trung ương")
        QUAN = "quan", _("Quận")
        HUYEN = "huyen", _("Huyện")
        THI_XA = "thi_xa", _("Thị xã")
        THANH_PHO_THUOC_TINH = "thanh_pho_thuoc_tinh", _("Thành phố thuộc tỉnh")
        PHUONG = "phuong", _("Phường")
        XA = "xa", _("Xã")
        THI_TRAN = "thi_tran", _("Thị trấn")
        DAC_KHU = "dac_khu", _("Đặc khu")

    class Source(models.TextChoices):
        PACKAGE_2025 = "vn_provinces_2025", _("Danh mục từ 01/7/2025 (vietnam-provinces 2025)")
        PACKAGE_PRE_2025 = (
            "vn_provinces_0_6",
            _("Danh mục trước 01/7/2025 (vietnam-provinces 0.6.0)"),
        )
        REFERENCE = "reference", _("Dữ liệu tham chiếu của cổng")
        ADMIN = "admin", _("Quản trị viên nhập hoặc sửa")

    code = models.CharField(
        _("mã đơn vị"),
        max_length=10,
        help_text=_("Mã theo danh mục hành chính: tỉnh 2 chữ số, huyện 3, xã 5."),
    )
    name = models.CharField(_("tên đầy đủ"), max_length=150, help_text=_("Ví dụ: Tỉnh Thanh Hóa"))
    short_name = models.CharField(
        _("tên ngắn"), max_length=120, help_text=_("Tên không kèm loại đơn vị: Thanh Hóa")
    )
    unit_type = models.CharField(_("loại đơn vị"), max_length=32, choices=UnitType)
    level = models.PositiveSmallIntegerField(_("cấp"), choices=Level)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(
        _("hiệu lực từ"), null=True, blank=True, help_text=_("Để trống nếu không rõ.")
    )
    valid_to = models.DateField(
        _("hiệu lực đến"), null=True, blank=True, help_text=_("Để trống nếu còn hiệu lực.")
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("nay thuộc / kế thừa bởi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
        help_text=_("Đơn vị hiện nay mà đơn vị này đã sáp nhập vào hoặc đổi thành."),
    )
    english_name = models.CharField(_("tên tiếng Anh"), max_length=120, blank=True)
    #: Diacritic-free, lower-case, prefix-free key of ``short_name``, used for name look-ups.
    search_key = models.CharField(max_length=120, db_index=True, editable=False)
    source = models.CharField(_("nguồn"), max_length=24, choices=Source, default=Source.ADMIN)
    #: Set when an administrator edits the unit; ``load_localities`` never overwrites it then.
    edited_by_admin = models.BooleanField(_("đã sửa tay"), default=False)

    objects = AdministrativeUnitManager()

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["level", "code", "valid_from"]
        constraints = [
            # Natural key: the same code may name different units in different periods.
            models.UniqueConstraint(
                fields=["level", "code", "valid_from"],
                condition=Q(valid_from__isnull=False),
                name="unit_unique_level_code_from",
            ),
            models.UniqueConstraint(
                fields=["level", "code"],
                condition=Q(valid_from__isnull=True),
                name="unit_unique_level_code_open_start",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_from__lte=models.F("valid_to")),
                name="unit_valid_period_ordered",
            ),
        ]
        indexes = [
            # Province pages and facets: "current provinces", "provinces of a year".
            models.Index(fields=["level", "valid_to"], name="unit_level_valid_to_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.search_key = fold(self.short_name)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_key"}
        super().save(*args, **kwargs)

    def natural_key(self) -> tuple:
        return (self.level, self.code, self.valid_from.isoformat() if self.valid_from else None)

    @property
    def is_current(self) -> bool:
        """In force today (after the 2025 reorganisation), as :meth:`UnitQuerySet.current`."""
        return self.valid_to is None

    def is_valid_in(self, year: int) -> bool:
        """Existed at some time in ``year``, as :meth:`UnitQuerySet.valid_in`."""
        return (self.valid_from is None or self.valid_from.year <= year) and (
            self.valid_to is None or self.valid_to.year >= year
        )

    @property
    def period_label(self) -> str:
        start = self.valid_from.strftime("%d/%m/%Y") if self.valid_from else "…"
        end = self.valid_to.strftime("%d/%m/%Y") if self.valid_to else _("nay")
        return f"{start} – {end}"


class UnitAlias(models.Model):
    """Another name a unit goes by in the spreadsheets people send ("Xã Hàm Rồng cũ",
    "TP Thanh Hoá (cũ)"): resolved like the unit's own name, for the unit's own period."""

    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("đơn vị"),
        on_delete=models.CASCADE,
        related_name="aliases",
    )
    name = models.CharField(_("tên gọi khác"), max_length=150)
    #: The folded name, as the resolver compares it.
    search_key = models.CharField(max_length=150, editable=False, db_index=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("tên gọi khác của đơn vị")
        verbose_name_plural = _("tên gọi khác của đơn vị")
        ordering = ["search_key"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "search_key"], name="alias_unique_per_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.name} → {self.unit}"

    def save(self, *args, **kwargs) -> None:
        self.name = clean_text(self.name).strip()
        self.search_key = fold(self.name)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name", "search_key"}
        super().save(*args, **kwargs)
