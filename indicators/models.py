"""Provincial indicators: PAR-Index, SIPAS, PAPI and PCI, by province and assessment year.

An *index* is published in *editions* (one per assessment year). Each edition scores every
province it covers on the total and on *components* (sub-indices, dimensions, areas). A *score*
belongs to the province as it was that year: old scores stay with the 63 former provinces and
are never re-mapped onto the 34 current ones.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from localities.models import AdministrativeUnit
from localities.text import fold, localised


class IndexManager(models.Manager["Index"]):
    def get_by_natural_key(self, code: str) -> Index:
        return self.get(code=code)


#: Each publisher's scale of the overall score, by the first year it applies (DOMAIN.md): PAPI
#: added two dimensions in 2018 (6 dimensions of 1–10 until 2017, 8 from 2018).
SCALES: dict[str, tuple[tuple[int, tuple[int, int]], ...]] = {
    "papi": ((0, (6, 60)), (2018, (8, 80))),
    "pci": ((0, (0, 100)),),
    "par-index": ((0, (0, 100)),),
    "sipas": ((0, (0, 100)),),
}


def scale_for(index_code: str, year: int) -> tuple[int, int] | None:
    """The scale (lowest, highest) of an index's overall score in a year; None if unknown.
    The one rule for the reference editions and for editions an import creates."""
    scale = None
    for first_year, bounds in SCALES.get(index_code, ()):
        if year >= first_year:
            scale = bounds
    return scale


#: An index's descriptive fields, as the reference data ships them and the API shows them.
INDEX_TEXT_FIELDS = (
    "short_name",
    "name_vi",
    "name_en",
    "publisher_vi",
    "publisher_en",
    "description_vi",
    "description_en",
    "unit_vi",
    "unit_en",
    "website",
)
#: A score's figure and its provenance: the admin's list, the API and the open-data download.
SCORE_FIGURE_FIELDS = ("status", "value", "rank", "rank_of", "tier")
SCORE_SOURCE_FIELDS = ("alt_value", "source_note", "source_url")


class Index(models.Model):
    code = models.SlugField(
        _("mã"), max_length=20, unique=True, help_text="par-index, sipas, papi, pci"
    )
    short_name = models.CharField(_("tên viết tắt"), max_length=30)
    name_vi = models.CharField(_("tên tiếng Việt"), max_length=200)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=200)
    publisher_vi = models.CharField(_("cơ quan công bố"), max_length=200)
    publisher_en = models.CharField(_("cơ quan công bố (tiếng Anh)"), max_length=200)
    description_vi = models.TextField(_("chỉ số đo gì"), blank=True)
    description_en = models.TextField(_("chỉ số đo gì (tiếng Anh)"), blank=True)
    unit_vi = models.CharField(_("đơn vị"), max_length=40, blank=True, help_text=_("điểm, %"))
    unit_en = models.CharField(_("đơn vị (tiếng Anh)"), max_length=40, blank=True)
    higher_is_better = models.BooleanField(_("điểm cao là tốt"), default=True)
    #: Names people write for the index ("PAR INDEX", "Chỉ số CCHC"), matched after folding.
    aliases = models.JSONField(_("tên gọi khác"), default=list, blank=True)
    website = models.URLField(_("trang chính thức"), blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    #: Saved in the admin: load_indicator_reference keeps its fields and only adds aliases.
    edited_by_admin = models.BooleanField(_("đã sửa tay"), default=False)

    objects = IndexManager()

    class Meta:
        verbose_name = _("chỉ số")
        verbose_name_plural = _("chỉ số")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.short_name

    def natural_key(self) -> tuple[str]:
        return (self.code,)

    @property
    def name(self) -> str:
        return localised(self.name_vi, self.name_en)

    @property
    def publisher(self) -> str:
        return localised(self.publisher_vi, self.publisher_en)

    @property
    def description(self) -> str:
        return localised(self.description_vi, self.description_en)

    @property
    def unit(self) -> str:
        return localised(self.unit_vi, self.unit_en)

    def scale_for(self, year: int) -> tuple[int, int] | None:
        """The scale of this index's overall score in ``year`` (see :func:`scale_for`)."""
        return scale_for(self.code, year)

    def match_keys(self) -> set[str]:
        return {
            fold(v) for v in [self.code, self.short_name, self.name_vi, self.name_en, *self.aliases]
        }


class Edition(models.Model):
    class ProvinceSet(models.TextChoices):
        PRE_2025 = "63", _("63 tỉnh, thành phố (trước 01/7/2025)")
        PRE_2008 = "64", _("64 tỉnh, thành phố (có Hà Tây, trước 8/2008)")
        CURRENT = "34", _("34 tỉnh, thành phố (từ 01/7/2025)")
        PARTIAL = "partial", _("Một phần các tỉnh")

    index = models.ForeignKey(
        Index, on_delete=models.PROTECT, related_name="editions", verbose_name=_("chỉ số")
    )
    year = models.PositiveSmallIntegerField(_("năm đánh giá"))
    published_on = models.DateField(_("ngày công bố"), null=True, blank=True)
    source_title = models.CharField(_("tài liệu nguồn"), max_length=300, blank=True)
    source_url = models.URLField(_("đường dẫn nguồn"), max_length=500, blank=True)
    scale_min = models.DecimalField(
        _("thang điểm: thấp nhất"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    scale_max = models.DecimalField(
        _("thang điểm: cao nhất"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    province_set = models.CharField(
        _("tập tỉnh được đánh giá"),
        max_length=10,
        choices=ProvinceSet,
        default=ProvinceSet.PRE_2025,
    )
    province_count = models.PositiveSmallIntegerField(
        _("số tỉnh được đánh giá"), null=True, blank=True
    )
    method_notes = models.TextField(_("ghi chú phương pháp"), blank=True)
    breaks_comparability = models.BooleanField(
        _("không so sánh được với các năm trước"),
        default=False,
        help_text=_("Đánh dấu khi phương pháp thay đổi (ví dụ PAPI 2018 chuyển sang thang 8–80)."),
    )
    #: Named tiers or bands of the edition, best first: [{"label": "Rất tốt", "min": 65}, …]
    tiers = models.JSONField(_("nhóm xếp loại"), default=list, blank=True)
    #: Saved in the admin: load_indicator_reference leaves it as the administrator left it.
    edited_by_admin = models.BooleanField(_("đã sửa tay"), default=False)
    #: Why the portal holds only part of the edition ("only the top 30 are published").
    coverage_note = models.TextField(_("ghi chú về phạm vi số liệu"), blank=True)
    #: The publisher printed scores and ranks only for the first N provinces (PCI from 2023: 30).
    published_top = models.PositiveSmallIntegerField(
        _("chỉ công bố nhóm đứng đầu"),
        null=True,
        blank=True,
        help_text=_("Ví dụ 30: từ PCI 2023 VCCI chỉ công bố điểm và thứ hạng của 30 tỉnh đầu."),
    )

    class Meta:
        verbose_name = _("kỳ công bố")
        verbose_name_plural = _("kỳ công bố")
        ordering = ["index__order", "-year"]
        constraints = [
            # One edition per index and assessment year: /chi-so/<index>/<year>/ looks it up.
            models.UniqueConstraint(fields=["index", "year"], name="edition_unique_index_year"),
        ]

    def __str__(self) -> str:
        return f"{self.index.short_name} {self.year}"

    def breaks_from(self, earlier: Edition) -> bool:
        """True when a line must not join ``earlier`` to this edition: the scale changed, or
        this edition starts a new method."""
        return self.breaks_comparability or (earlier.scale_min, earlier.scale_max) != (
            self.scale_min,
            self.scale_max,
        )

    def tier_for(self, value: Decimal | None) -> str:
        if value is None:
            return ""
        for tier in self.tiers:
            if value >= Decimal(str(tier["min"])):
                return tier["label"]
        return ""


class ComponentManager(models.Manager["Component"]):
    def get_by_natural_key(self, index_code: str, code: str) -> Component:
        return self.get(index__code=index_code, code=code)


class Component(models.Model):
    index = models.ForeignKey(
        Index, on_delete=models.PROTECT, related_name="components", verbose_name=_("chỉ số")
    )
    code = models.SlugField(_("mã"), max_length=80)
    name_vi = models.CharField(_("tên tiếng Việt"), max_length=200)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=200, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("thuộc thành phần"),
    )
    scale_min = models.DecimalField(
        _("thang điểm: thấp nhất"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    scale_max = models.DecimalField(
        _("thang điểm: cao nhất"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    #: Names the publishers used in other years ("Chỉ số 1: Chi phí gia nhập thị trường").
    aliases = models.JSONField(_("tên gọi khác"), default=list, blank=True)
    first_year = models.PositiveSmallIntegerField(_("dùng từ năm"), null=True, blank=True)
    last_year = models.PositiveSmallIntegerField(_("dùng đến năm"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    #: Saved in the admin: load_indicator_reference keeps its fields and only adds aliases.
    edited_by_admin = models.BooleanField(_("đã sửa tay"), default=False)

    objects = ComponentManager()

    class Meta:
        verbose_name = _("thành phần chỉ số")
        verbose_name_plural = _("thành phần chỉ số")
        ordering = ["index__order", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["index", "code"], name="component_unique_index_code"),
        ]

    def __str__(self) -> str:
        return f"{self.index.short_name}: {self.name}"

    def natural_key(self) -> tuple[str, str]:
        return (self.index.code, self.code)

    natural_key.dependencies = ["indicators.index"]  # type: ignore[attr-defined]

    @property
    def name(self) -> str:
        return localised(self.name_vi, self.name_en)

    def match_keys(self) -> set[str]:
        return {fold(v) for v in [self.code, self.name_vi, self.name_en, *self.aliases] if v}


class ScoreQuerySet(models.QuerySet["Score"]):
    def totals(self) -> ScoreQuerySet:
        return self.filter(component__isnull=True)

    def published(self) -> ScoreQuerySet:
        return self.filter(status=Score.Status.PUBLISHED)

    def known(self) -> ScoreQuerySet:
        """Scores with a figure the portal can show (one source, or two that disagree)."""
        return self.filter(status__in=[Score.Status.PUBLISHED, Score.Status.CONFLICT])

    def for_export(self) -> ScoreQuerySet:
        return self.select_related("edition__index", "component", "province").order_by(
            "edition__index__order", "edition__year", "component__order", "rank", "province__code"
        )


class Score(models.Model):
    class Status(models.TextChoices):
        PUBLISHED = "published", _("Đã công bố")
        NOT_PUBLISHED = "not_published", _("Không công bố")
        #: Two sources print different figures: both are kept, neither is ranked.
        CONFLICT = "conflict", _("Hai nguồn khác nhau")
        #: The source gives the province's place but not its score.
        RANK_ONLY = "rank_only", _("Chỉ biết thứ hạng")

    #: PROTECT: deleting an edition never takes its published scores with it unannounced.
    edition = models.ForeignKey(
        Edition, on_delete=models.PROTECT, related_name="scores", verbose_name=_("kỳ công bố")
    )
    #: Empty for the index total.
    component = models.ForeignKey(
        Component,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="scores",
        verbose_name=_("thành phần"),
    )
    #: The province as it was in the edition's year (a pre-2025 unit for editions up to 2024).
    province = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="indicator_scores",
        verbose_name=_("tỉnh, thành phố"),
        limit_choices_to={"level": AdministrativeUnit.Level.PROVINCE},
    )
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=Status, default=Status.PUBLISHED
    )
    value = models.DecimalField(_("điểm"), max_digits=9, decimal_places=4, null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("xếp hạng"), null=True, blank=True)
    rank_of = models.PositiveSmallIntegerField(_("trên tổng số"), null=True, blank=True)
    tier = models.CharField(_("nhóm xếp loại"), max_length=60, blank=True)
    source_note = models.CharField(_("ghi chú nguồn"), max_length=300, blank=True)
    #: The page this score was read from, when it is not the edition's own source.
    source_url = models.URLField(_("đường dẫn nguồn của điểm"), max_length=500, blank=True)
    #: The second source's figure when two sources disagree (status "conflict").
    alt_value = models.DecimalField(
        _("điểm theo nguồn thứ hai"), max_digits=9, decimal_places=4, null=True, blank=True
    )
    alt_source_url = models.URLField(_("đường dẫn nguồn thứ hai"), max_length=500, blank=True)
    alt_source_note = models.CharField(_("ghi chú nguồn thứ hai"), max_length=300, blank=True)
    #: Saved in the admin: load_published_editions leaves it as the administrator left it.
    edited_by_admin = models.BooleanField(_("đã sửa tay"), default=False)

    objects = ScoreQuerySet.as_manager()

    class Meta:
        verbose_name = _("điểm số")
        verbose_name_plural = _("điểm số")
        constraints = [
            # A score exists once per (edition, province, component); the total has no component.
            models.UniqueConstraint(
                fields=["edition", "province", "component"],
                condition=Q(component__isnull=False),
                name="score_unique_edition_province_component",
            ),
            models.UniqueConstraint(
                fields=["edition", "province"],
                condition=Q(component__isnull=True),
                name="score_unique_edition_province_total",
            ),
            # "Not published" is its own state, never a zero; a conflict keeps both figures.
            models.CheckConstraint(
                condition=(Q(status="published") & Q(value__isnull=False))
                | (Q(status="not_published") & Q(value__isnull=True))
                | (Q(status="rank_only") & Q(value__isnull=True) & Q(rank__isnull=False))
                | (Q(status="conflict") & Q(value__isnull=False) & Q(alt_value__isnull=False)),
                name="score_value_matches_status",
            ),
        ]
        indexes = [
            # Province profile and compare: all scores of a set of provinces.
            models.Index(fields=["province", "edition"], name="score_province_edition_idx"),
        ]

    def __str__(self) -> str:
        part = self.component.name if self.component else _("Tổng")
        return f"{self.edition} · {self.province} · {part}"
