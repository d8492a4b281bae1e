"""The PAR-Index criteria of each methodology year, and which PAR area each belongs to.

A province's yearly self-assessment scores it against the criteria set in force that year
(the sets changed in 2019, 2022 and 2024). The sets are reference data, loaded from
``fixtures/assessment/par_criteria.json`` by ``load_par_criteria`` and edited in the admin: a
row an administrator saved is never overwritten by a reload.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from initiatives.models import ReformArea


class CriteriaSetQuerySet(models.QuerySet["CriteriaSet"]):
    def for_year(self, year: int) -> CriteriaSet | None:
        """The set in force for an assessment year: the latest methodology year not after it."""
        return self.filter(year__lte=year).order_by("-year").first()


class CriteriaSet(models.Model):
    """The criteria of one PAR-Index methodology, used from ``year`` until the next set."""

    year = models.PositiveSmallIntegerField(_("năm áp dụng bộ tiêu chí"), unique=True)
    title = models.CharField(_("tên bộ tiêu chí"), max_length=300)
    source = models.TextField(_("nguồn"), blank=True)
    #: False while the set holds only the area-level groups: the official criterion codes of
    #: that methodology are still to be entered by an administrator.
    official_codes = models.BooleanField(
        _("đã có mã tiêu chí chính thức"),
        default=False,
        help_text=_(
            "Bật khi các tiêu chí của bộ đã được nhập theo mã chính thức của văn bản hướng "
            "dẫn (không chỉ nhóm theo lĩnh vực)."
        ),
    )
    #: Saved in the admin: load_par_criteria leaves it as the administrator left it.
    edited_by_admin = models.BooleanField(_("đã sửa tay"), default=False)

    objects = CriteriaSetQuerySet.as_manager()

    class Meta:
        verbose_name = _("bộ tiêu chí PAR-Index")
        verbose_name_plural = _("bộ tiêu chí PAR-Index")
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year} · {self.title}"

    def natural_key(self) -> tuple[int]:
        return (self.year,)


class Criterion(models.Model):
    """A criterion (or, until the official codes are entered, an area-level criterion group)
    of a set, and the PAR area it belongs to: the mapping from the portal's reform areas to
    the criteria of the methodology year."""

    criteria_set = models.ForeignKey(
        CriteriaSet,
        on_delete=models.CASCADE,
        related_name="criteria",
        verbose_name=_("bộ tiêu chí"),
    )
    code = models.CharField(_("mã tiêu chí"), max_length=20)
    title = models.CharField(_("tên tiêu chí"), max_length=500)
    area = models.ForeignKey(
        ReformArea,
        on_delete=models.PROTECT,
        related_name="criteria",
        verbose_name=_("lĩnh vực CCHC"),
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    source = models.CharField(_("nguồn"), max_length=300, blank=True)
    #: Saved in the admin: load_par_criteria leaves it as the administrator left it.
    edited_by_admin = models.BooleanField(_("đã sửa tay"), default=False)

    class Meta:
        verbose_name = _("tiêu chí PAR-Index")
        verbose_name_plural = _("tiêu chí PAR-Index")
        ordering = ["criteria_set", "order", "code"]
        constraints = [
            # A code names one criterion within a set; the loader merges on (set, code).
            models.UniqueConstraint(
                fields=["criteria_set", "code"], name="criterion_unique_set_code"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"
