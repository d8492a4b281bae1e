"""Administrative units of Vietnam, before and after the reorganisation of 1 July 2025.

One table holds provinces, districts and communes. Official codes and names were reused by
different units across 2025 (code 15 was Yên Bái, is now Lào Cai), so a unit is identified by
its level, its code *and its period*; never by the code alone.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from localities.text import clean_text, day_text, fold, localised, strip_diacritics

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
        start = day_text(self.valid_from) if self.valid_from else "…"
        end = day_text(self.valid_to) if self.valid_to else _("nay")
        return f"{start} – {end}"

    # --- name and type of a period (UnitNamePeriod) -------------------------------------------
    # ``name``, ``short_name`` and ``unit_type`` hold the ones in force today; the periods say
    # which held on another day. Prefetch ``name_periods`` to read them for many units.

    def periods(self) -> list[UnitNamePeriod]:
        """The unit's name periods, oldest first, each with its computed ``valid_to``."""
        periods = sorted(self.name_periods.all(), key=lambda p: p.valid_from or datetime.date.min)
        for period, following in zip(periods, [*periods[1:], None][: len(periods)], strict=True):
            if following:
                assert following.valid_from is not None  # only the first may start unknown
                period.valid_to = following.valid_from - datetime.timedelta(days=1)
            else:
                period.valid_to = self.valid_to
        return periods

    def period_on(self, day: datetime.date) -> UnitNamePeriod | None:
        """The name period in force on ``day``; None when the unit has no periods or the day
        is before its first one (the unit's own fields then apply)."""
        found = None
        for period in self.periods():
            if period.valid_from is None or period.valid_from <= day:
                found = period
        return found

    def name_on(self, day: datetime.date) -> str:
        """The full name the unit had on ``day``: "Tỉnh Quảng Ninh" on 31/08/2026."""
        period = self.period_on(day)
        return period.name if period else self.name

    def short_name_on(self, day: datetime.date) -> str:
        period = self.period_on(day)
        return period.short_name if period else self.short_name

    def short_name_in(self, year: int) -> str:
        """The short name at the end of ``year``: an edition of year Y names its provinces as
        they were then ("Thừa Thiên Huế" in 2016, "Huế" from 2025). In the page's language."""
        name = self.short_name_on(datetime.date(year, 12, 31))
        if name == self.short_name:
            return self.label
        return localised(name, strip_diacritics(name))

    def _english(self) -> str:
        # A unit loaded with only() some fields never costs a query for its English name.
        known = "english_name" not in self.get_deferred_fields() and self.english_name
        return known or strip_diacritics(self.short_name)

    @property
    def label(self) -> str:
        """The short name in the page's language: "Thanh Hóa", "Thanh Hoa" on an English page
        (the unit's ``english_name``; without diacritics when it has none)."""
        if not (get_language() or "vi").startswith("en"):
            return self.short_name
        return self._english()

    @property
    def title(self) -> str:
        """The full name in the page's language: "Tỉnh Thanh Hóa", "Thanh Hoa" in English."""
        if not (get_language() or "vi").startswith("en"):
            return self.name
        return self._english()

    def former_names(self, today: datetime.date | None = None) -> list[UnitNamePeriod]:
        """Periods that ended before ``today`` (newest first): "Tỉnh Quảng Ninh đến 31/08/2026"."""
        today = today or timezone.localdate()
        return [
            p for p in reversed(self.periods()) if p.valid_to is not None and p.valid_to < today
        ]

    def upcoming_names(self, today: datetime.date | None = None) -> list[UnitNamePeriod]:
        """Recorded changes whose day has not come: "Thành phố X từ 01/01/2030"."""
        today = today or timezone.localdate()
        return [p for p in self.periods() if p.valid_from is not None and p.valid_from > today]


class UnitNamePeriod(models.Model):
    """The type and name a unit had from ``valid_from`` until the next period of the same unit
    (or the unit's own end). "Tỉnh Quảng Ninh" from 01/7/2025, "Thành phố Quảng Ninh" from
    01/9/2026: one unit, one code, two periods. An administrator records the next change by
    adding a period; ``apply_unit_changes`` copies the one in force today onto the unit."""

    class Source(models.TextChoices):
        LIST_2025 = "vn_provinces_2025", _("Danh mục từ 01/7/2025 (vietnam-provinces 2025)")
        AMENDMENTS_2026 = (
            "amendments_2026",
            _("Danh mục sửa đổi năm 2026 (danhmuchanhchinh.nso.gov.vn)"),
        )
        REFERENCE = "reference", _("Dữ liệu tham chiếu của cổng")
        ADMIN = "admin", _("Quản trị viên nhập hoặc sửa")

    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("đơn vị"),
        on_delete=models.CASCADE,
        related_name="name_periods",
    )
    valid_from = models.DateField(
        _("có hiệu lực từ"),
        null=True,
        blank=True,
        help_text=_(
            "Ngày tên và loại đơn vị này bắt đầu có hiệu lực. Để trống nếu đã có từ trước khi "
            "đơn vị được ghi nhận. Tên này dùng đến ngày trước thay đổi kế tiếp."
        ),
    )
    unit_type = models.CharField(
        _("loại đơn vị"), max_length=32, choices=AdministrativeUnit.UnitType
    )
    name = models.CharField(
        _("tên đầy đủ"), max_length=150, help_text=_("Ví dụ: Thành phố Quảng Ninh")
    )
    short_name = models.CharField(
        _("tên ngắn"), max_length=120, help_text=_("Tên không kèm loại đơn vị: Quảng Ninh")
    )
    resolution = models.CharField(
        _("căn cứ"),
        max_length=200,
        blank=True,
        help_text=_("Văn bản quyết định thay đổi, ví dụ: Nghị quyết 36/2026/QH16"),
    )
    source = models.CharField(_("nguồn"), max_length=24, choices=Source, default=Source.ADMIN)
    #: Set when an administrator adds or edits the period; the loader never overwrites it then.
    edited_by_admin = models.BooleanField(_("đã sửa tay"), default=False)

    class Meta:
        verbose_name = _("tên và loại đơn vị theo thời kỳ")
        verbose_name_plural = _("tên và loại đơn vị theo thời kỳ")
        ordering = ["unit", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "valid_from"],
                condition=Q(valid_from__isnull=False),
                name="name_period_unique_start",
            ),
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(valid_from__isnull=True),
                name="name_period_unique_open_start",
            ),
        ]

    #: Computed by ``AdministrativeUnit.periods()``: the day before the next period starts.
    valid_to: datetime.date | None = None

    def __str__(self) -> str:
        start = day_text(self.valid_from) if self.valid_from else "…"
        return _("%(name)s (từ %(day)s)") % {"name": self.name, "day": start}

    def save(self, *args, **kwargs) -> None:
        self.name = clean_text(self.name).strip()
        self.short_name = clean_text(self.short_name).strip()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        unit = self.unit if self.unit_id else None
        if unit is None or self.valid_from is None:
            return
        if unit.valid_to is not None and self.valid_from > unit.valid_to:
            raise ValidationError(
                {
                    "valid_from": _(
                        "Đơn vị chỉ có hiệu lực đến %(day)s: không thể đổi tên sau ngày đó."
                    )
                    % {"day": day_text(unit.valid_to)}
                }
            )
        if unit.valid_from is not None and self.valid_from < unit.valid_from:
            raise ValidationError(
                {
                    "valid_from": _(
                        "Đơn vị có hiệu lực từ %(day)s: tên theo thời kỳ không thể bắt đầu "
                        "trước ngày đó."
                    )
                    % {"day": day_text(unit.valid_from)}
                }
            )


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
