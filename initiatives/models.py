"""The catalogue of administrative-reform initiatives (sáng kiến, mô hình, cách làm hay)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.functions import Substr
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from indicators.models import Component, Index
from initiatives import cache
from initiatives.search import matching, normalise, search_column
from localities.display import ancestors, province_of
from localities.models import AdministrativeUnit
from localities.text import clean_text, fold, localised


class ReformArea(models.Model):
    """One of the eight PAR areas; lines up with a PAR-Index component."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name_vi = models.CharField(_("tên"), max_length=200)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=200)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    par_component = models.ForeignKey(
        Component,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("thành phần PAR-Index tương ứng"),
    )

    class Meta:
        verbose_name = _("lĩnh vực CCHC")
        verbose_name_plural = _("lĩnh vực CCHC")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localised(self.name_vi, self.name_en)


#: Columns a list or an export never shows (read only on an initiative's own page).
LONG_TEXT_FIELDS = ("description", "how_it_works", "results", "conditions", "search_text")
#: The "Tên A–Z" sort: the folded title opens the search column; the index
#: initiative_sort_title holds this same expression.
TITLE_SORT_KEY = Substr("search_text", 1, 80)


class InitiativeQuerySet(models.QuerySet["Initiative"]):
    def published(self) -> InitiativeQuerySet:
        return self.filter(status=Initiative.Status.APPROVED)

    def search(self, phrase: str) -> InitiativeQuerySet:
        """``phrase`` from initiatives.search.query_phrase: every word, whole, in any order."""
        return matching(self, phrase) if phrase.strip() else self

    def for_list(self) -> InitiativeQuerySet:
        """What a list row or an export line shows: the long texts and the search column are
        not read."""
        return (
            self.select_related("locality", "current_province")
            .prefetch_related("areas", "targets__index", "targets__component")
            .defer(*LONG_TEXT_FIELDS)
        )

    def refresh_derived(self, batch_size: int = 500) -> int:
        """Recompute the province, current province, search column and model key of these
        initiatives (``Initiative.save`` keeps them in step; this is for after units were
        corrected, e.g. a successor or a parent set in the admin). Joins the unit chain, saves
        in batches."""
        items = self.select_related(
            "locality__successor__successor",
            "locality__parent__successor__successor",
            "locality__parent__parent__successor__successor",
        ).order_by("pk")
        changed: list[Initiative] = []
        fields = ("province_id", "current_province_id", "search_text", "model_key")
        for item in items.iterator(chunk_size=batch_size):
            before = tuple(getattr(item, f) for f in fields)
            item.refresh_derived()
            if tuple(getattr(item, f) for f in fields) != before:
                changed.append(item)
        Initiative.objects.bulk_update(
            changed,
            ["province", "current_province", "search_text", "model_key"],
            batch_size=batch_size,
        )
        if changed:
            cache.bump()  # bulk_update sends no post_save
        return len(changed)

    def for_province(self, unit: AdministrativeUnit) -> InitiativeQuerySet:
        """Initiatives of a province: for a current one, also those of the former provinces
        merged into it (stored as ``current_province``); for a former one, its own."""
        if unit.is_current:
            return self.filter(current_province=unit)
        return self.filter(province=unit)


#: What an initiative says of itself, in the order a form and the API show it.
INITIATIVE_TEXT_FIELDS = (
    "title",
    "model_name",
    "summary",
    "description",
    "how_it_works",
    "results",
    "conditions",
    "implementing_unit",
    "place_as_written",
)
#: Where an initiative stands and where it came from.
INITIATIVE_STAGE_FIELDS = (
    "stage",
    "start_year",
    "recognition_number",
    "recognition_date",
    "recognition_level",
    "replicated_from",
)


class Initiative(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "tinh", _("Cấp tỉnh")
        DISTRICT = "huyen", _("Cấp huyện")
        COMMUNE = "xa", _("Cấp xã")

    class Stage(models.TextChoices):
        PROPOSED = "de_xuat", _("Đề xuất")
        PILOT = "thi_diem", _("Thí điểm")
        RUNNING = "dang_trien_khai", _("Đang triển khai")
        EVALUATED = "da_danh_gia", _("Đã đánh giá")
        REPLICATED = "da_nhan_rong", _("Đã nhân rộng")
        STOPPED = "da_dung", _("Đã dừng")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        SUBMITTED = "submitted", _("Đã gửi")
        RETURNED = "returned", _("Trả lại để sửa")
        RESUBMITTED = "resubmitted", _("Đã gửi lại")
        APPROVED = "approved", _("Đã duyệt")
        REJECTED = "rejected", _("Không duyệt")
        WITHDRAWN = "withdrawn", _("Đã rút")

    class RecognitionLevel(models.TextChoices):
        NATIONAL = "trung_uong", _("Trung ương")
        PROVINCE = "tinh", _("Cấp tỉnh")
        DISTRICT = "huyen", _("Cấp huyện")
        COMMUNE = "xa", _("Cấp xã")

    title = models.CharField(_("tên sáng kiến, mô hình"), max_length=255)
    slug = models.SlugField(_("đường dẫn"), max_length=255, unique=True, allow_unicode=False)
    model_name = models.CharField(
        _("tên mô hình chung"),
        max_length=200,
        blank=True,
        help_text=_(
            "Tên gọi chung của mô hình, để tìm nơi khác làm cùng mô hình: “Ngày không hẹn”."
        ),
    )
    summary = models.TextField(_("tóm tắt"), max_length=500)
    description = models.TextField(_("mô tả"), blank=True)
    how_it_works = models.TextField(_("cách thức thực hiện"), blank=True)
    results = models.TextField(_("kết quả"), blank=True)
    conditions = models.TextField(_("điều kiện, bài học để nhân rộng"), blank=True)
    implementing_unit = models.CharField(
        _("đơn vị thực hiện"),
        max_length=255,
        help_text=_("Ghi như nguồn viết: “Văn phòng đăng ký đất đai huyện Thọ Xuân”."),
    )
    place_as_written = models.CharField(
        _("địa bàn (như nguồn viết)"),
        max_length=255,
        blank=True,
        help_text=_("“xã Đông Tiến, huyện Đông Sơn, Thanh Hóa”"),
    )
    locality = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="initiatives",
        verbose_name=_("đơn vị hành chính"),
    )
    #: Province-level ancestor of ``locality`` as it was (pre- or post-2025); set on save.
    province = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="+", editable=False, null=True
    )
    #: The current province that ``province`` is (or is now part of); set on save.
    current_province = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="+", editable=False, null=True
    )
    level = models.CharField(_("cấp"), max_length=8, choices=Level)
    areas = models.ManyToManyField(ReformArea, verbose_name=_("lĩnh vực CCHC"), blank=True)
    stage = models.CharField(_("giai đoạn"), max_length=20, choices=Stage, default=Stage.RUNNING)
    start_year = models.PositiveSmallIntegerField(
        _("năm bắt đầu"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
    )
    recognition_number = models.CharField(_("số quyết định công nhận"), max_length=60, blank=True)
    recognition_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    recognition_level = models.CharField(
        _("cấp công nhận"), max_length=12, choices=RecognitionLevel, blank=True
    )
    replicated_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replications",
        verbose_name=_("nhân rộng từ"),
    )
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status, default=Status.DRAFT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("người đề xuất"),
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    #: Normalised words of title, summary, unit and places (initiatives.search), padded with
    #: spaces; a GIN trigram index serves ``LIKE '% … %'`` on PostgreSQL (migration 0002).
    search_text = models.TextField(editable=False, default="")
    #: The model name folded (case, diacritics, abbreviations: initiatives.search.normalise),
    #: so "the same model elsewhere" is one indexed equality, the same on both databases.
    model_key = models.CharField(max_length=255, editable=False, default="", blank=True)

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("sáng kiến")
        verbose_name_plural = _("sáng kiến")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # Catalogue facets and the province profile filter on these.
            models.Index(fields=["status", "current_province"], name="initiative_status_curprov"),
            models.Index(fields=["status", "province"], name="initiative_status_province"),
            # The catalogue's province facet: GROUP BY current_province_id, province_id of the
            # published rows, read from the index alone.
            models.Index(
                fields=["status", "current_province", "province"], name="initiative_prov_facet"
            ),
            # The level, stage and start-year facets (GROUP BY of the published rows) and the
            # profile's counts by year.
            models.Index(fields=["status", "level"], name="initiative_level_facet"),
            models.Index(fields=["status", "stage"], name="initiative_stage_facet"),
            models.Index(fields=["status", "start_year"], name="initiative_year_facet"),
            # The catalogue's sorts, each ORDER BY … LIMIT 20 read in index order: "moi-nhat"
            # (also the home page's recent list), "nam-bat-dau", and "ten" (on the leading
            # characters of the search column, where the folded title stands).
            models.Index(fields=["status", "-updated_at", "-id"], name="initiative_sort_updated"),
            models.Index(fields=["status", "-start_year", "-id"], name="initiative_sort_year"),
            models.Index(F("status"), TITLE_SORT_KEY, F("id"), name="initiative_sort_title"),
            # "Cùng mô hình ở nơi khác" on an initiative's page: the first few by title.
            models.Index(
                F("status"), F("model_key"), TITLE_SORT_KEY, F("id"), name="initiative_same_model"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        # Every path (form, admin, import, shell) stores clean NFC text.
        for field in self._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                value = getattr(self, field.attname)
                if isinstance(value, str):
                    setattr(self, field.attname, clean_text(value))
        if not self.slug:
            self.slug = unique_slug(self.title, exclude_pk=self.pk)
        self.refresh_derived()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "province",
                "current_province",
                "search_text",
                "model_key",
            }
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("initiatives:detail", args=[self.slug])

    @property
    def is_published(self) -> bool:
        """Shown on the public pages: the record ``Initiative.objects.published()`` returns."""
        return self.status == self.Status.APPROVED

    def clean(self) -> None:
        super().clean()
        # The locality is the unit itself or a broader one (a district-level model applied
        # across a province); never narrower than the level: a provincial initiative cannot
        # sit in one commune.
        if self.locality_id and self.level and LEVEL_RANK[self.level] < self.locality.level:
            raise ValidationError(
                {
                    "level": _(
                        "Cấp “%(level)s” không khớp với địa bàn %(unit)s (%(unit_level)s): "
                        "địa bàn phải là chính đơn vị thực hiện hoặc đơn vị rộng hơn."
                    )
                    % {
                        "level": self.get_level_display(),
                        "unit": self.locality.name,
                        "unit_level": self.locality.get_level_display(),
                    }
                }
            )

    def transition(self, action: str, actor, comment: str = "") -> StatusChange:
        """Move the initiative by ``action`` (see TRANSITIONS): the row is locked and its
        current state checked, the change saved and recorded, all in one transaction. A second
        reviewer deciding at the same time gets WorkflowError, and nothing is overwritten."""
        rule = TRANSITIONS[action]
        comment = (comment or "").strip()
        if rule.comment_required and not comment:
            raise WorkflowError(
                _("Hãy ghi ý kiến (lý do) khi %(action)s.") % {"action": rule.label}
            )
        with transaction.atomic():
            current = Initiative.objects.select_for_update().only("status").get(pk=self.pk)
            if current.status not in rule.sources:
                raise WorkflowError(
                    _(
                        "Hồ sơ đã được xử lý trước đó (trạng thái hiện tại: %(status)s); "
                        "không thể %(action)s."
                    )
                    % {"status": current.get_status_display(), "action": rule.label}
                )
            change = StatusChange.objects.create(
                initiative=self,
                from_status=current.status,
                to_status=rule.target,
                actor=actor,
                comment=comment,
            )
            self.status = rule.target
            self.save(update_fields=["status", "updated_at"])
        return change

    def set_targets(
        self,
        codes: list[str],
        *,
        indices: dict[str, Index] | None = None,
        components: dict[tuple[str, str], Component] | None = None,
    ) -> None:
        """Replace the targeted indicators by codes "papi" (whole index) or
        "papi:cong-khai-minh-bach" (a component); an unknown code raises ValueError. An import
        passes ``indices`` (code -> Index) and ``components`` ((index code, code) -> Component)
        loaded once, instead of two queries per call."""
        if indices is None:
            indices = {i.code: i for i in Index.objects.all()}
        if components is None:
            components = {
                (c.index.code, c.code): c for c in Component.objects.select_related("index")
            }
        targets = []
        for code in codes:
            index_code, _sep, component_code = code.partition(":")
            if index_code not in indices or (
                component_code and (index_code, component_code) not in components
            ):
                raise ValueError(f"unknown index or component: {code!r}")
            targets.append(
                InitiativeTarget(
                    initiative=self,
                    index=indices[index_code],
                    component=components.get((index_code, component_code)),
                )
            )
        self.targets.all().delete()
        InitiativeTarget.objects.bulk_create(targets)
        cache.bump()  # bulk_create sends no post_save

    def refresh_derived(self) -> None:
        """Province, current province, the search column and the model key, from the locality
        and text."""
        chain = ancestors(self.locality) if self.locality_id else []
        province = province_of(self.locality) if self.locality_id else None
        self.province = province
        self.current_province = current_of(province)
        self.model_key = normalise(self.model_name)[:255]
        self.search_text = search_column(
            self.title,
            self.model_name,
            self.summary,
            self.implementing_unit,
            self.place_as_written,
            *[u.name for u in chain],
            *([self.current_province.name] if self.current_province else []),
        )


class WorkflowError(Exception):
    """A transition that the initiative's current state does not allow (message in Vietnamese)."""


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    target: str
    label: str | Promise  # lazy: translated where shown
    comment_required: bool = False
    by_reviewer: bool = False


S = Initiative.Status
#: The submission workflow: draft → submitted → returned → resubmitted → approved or rejected;
#: the author may withdraw before a decision; a reviewer may ask for evidence on an approved
#: record (it stays approved).
TRANSITIONS: dict[str, Transition] = {
    "submit": Transition(frozenset({S.DRAFT}), S.SUBMITTED, _("gửi thẩm định")),
    "resubmit": Transition(frozenset({S.RETURNED}), S.RESUBMITTED, _("gửi lại")),
    "withdraw": Transition(
        frozenset({S.DRAFT, S.SUBMITTED, S.RETURNED, S.RESUBMITTED}), S.WITHDRAWN, _("rút hồ sơ")
    ),
    "approve": Transition(
        frozenset({S.SUBMITTED, S.RESUBMITTED}), S.APPROVED, _("duyệt"), by_reviewer=True
    ),
    "return": Transition(
        frozenset({S.SUBMITTED, S.RESUBMITTED}),
        S.RETURNED,
        _("trả lại"),
        comment_required=True,
        by_reviewer=True,
    ),
    "reject": Transition(
        frozenset({S.SUBMITTED, S.RESUBMITTED}),
        S.REJECTED,
        _("không duyệt"),
        comment_required=True,
        by_reviewer=True,
    ),
    # An approved record lacking evidence (decision, results, files) for the yearly
    # self-assessment: it stays published; the request and its comment are recorded in the
    # history, shown on the commune's record page and e-mailed to its author.
    "request_supplement": Transition(
        frozenset({S.APPROVED}),
        S.APPROVED,
        _("đề nghị xã bổ sung"),
        comment_required=True,
        by_reviewer=True,
    ),
}
AWAITING_REVIEW = (S.SUBMITTED, S.RESUBMITTED)
EDITABLE = (S.DRAFT, S.RETURNED)


#: An initiative's level as the administrative level it corresponds to (1 province … 3 commune).
LEVEL_RANK: dict[str, int] = {
    Initiative.Level.PROVINCE: AdministrativeUnit.Level.PROVINCE,
    Initiative.Level.DISTRICT: AdministrativeUnit.Level.DISTRICT,
    Initiative.Level.COMMUNE: AdministrativeUnit.Level.COMMUNE,
}


def current_of(province: AdministrativeUnit | None) -> AdministrativeUnit | None:
    seen = 0
    while province is not None and province.valid_to is not None and seen < 4:
        province = province.successor
        seen += 1
    return province


def unique_slug(title: str, exclude_pk: int | None = None, taken: set[str] | None = None) -> str:
    """A slug from the title not used by another initiative; ``taken``: the slugs in use,
    when the caller (an import) already holds them, instead of a query."""
    base = slugify(fold(title))[:200] or "sang-kien"
    slug, n = base, 2
    if taken is None:
        query = Initiative.objects.filter(slug__startswith=base)
        if exclude_pk:
            query = query.exclude(pk=exclude_pk)
        taken = set(query.values_list("slug", flat=True))
    existing = taken
    while slug in existing:
        slug = f"{base}-{n}"
        n += 1
    return slug


class InitiativeTarget(models.Model):
    """An indicator the initiative aims to move: a component, or a whole index."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="targets")
    index = models.ForeignKey(Index, on_delete=models.PROTECT, verbose_name=_("chỉ số"))
    component = models.ForeignKey(
        Component,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("thành phần"),
        help_text=_("Để trống nếu hướng tới cả chỉ số."),
    )

    class Meta:
        verbose_name = _("chỉ số hướng tới")
        verbose_name_plural = _("chỉ số hướng tới")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "index"],
                condition=Q(component__isnull=True),
                name="target_unique_whole_index",
            ),
            models.UniqueConstraint(
                fields=["initiative", "component"],
                condition=Q(component__isnull=False),
                name="target_unique_component",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.index.short_name}: {self.component.name}"
            if self.component
            else self.index.short_name
        )

    def clean(self) -> None:
        if self.index_id and self.component and self.component.index_id != self.index_id:
            raise ValidationError({"component": _("Thành phần không thuộc chỉ số đã chọn.")})


class Outcome(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="outcomes")
    label = models.CharField(_("kết quả đo được"), max_length=200)
    value = models.DecimalField(_("giá trị"), max_digits=12, decimal_places=2)
    unit = models.CharField(_("đơn vị"), max_length=40, blank=True)
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)

    class Meta:
        verbose_name = _("kết quả đo được")
        verbose_name_plural = _("kết quả đo được")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.label}: {self.value} {self.unit}"


class Source(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="sources")
    title = models.CharField(_("tiêu đề"), max_length=300)
    publisher = models.CharField(_("nơi đăng"), max_length=200, blank=True)
    published_on = models.DateField(_("ngày đăng"), null=True, blank=True)
    url = models.URLField(_("đường dẫn"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("nguồn")
        verbose_name_plural = _("nguồn")
        ordering = ["published_on", "pk"]

    def __str__(self) -> str:
        return self.title


def attachment_path(instance: Attachment, filename: str) -> str:
    """Random stored name; the original name is kept in the row, never in the path."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"attachments/{secrets.token_hex(16)}{suffix}"


class Attachment(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("tệp"), upload_to=attachment_path)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    #: The type read from the content when it was uploaded (initiatives.files.KINDS).
    kind = models.CharField(_("loại tệp"), max_length=8, blank=True)
    size = models.PositiveIntegerField(_("kích thước"), default=0)
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name

    def save(self, *args, **kwargs) -> None:
        self.original_name = clean_text(self.original_name)
        super().save(*args, **kwargs)


@receiver(post_delete, sender=Attachment)
def remove_attachment_file(sender, instance: Attachment, **kwargs) -> None:
    """The stored file goes with its row (also when the initiative is deleted), once the
    deletion is committed: a rolled-back deletion keeps its file."""
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def initiative_counts_by_province(index: Index, component: Component | None) -> dict[int, int]:
    """Approved initiatives targeting ``component`` (``thanh_phan=index:component`` in the
    catalogue) or, without one, targeting ``index`` or any of its components (``chi_so``),
    per province as the catalogue's ``tinh`` filter reads it: a former province counts its own
    initiatives (``Initiative.province``), a current one also those of the former provinces
    merged into it (``current_province``). Keyed by unit pk; two queries. The link
    :func:`catalogue_filters` builds lists exactly these."""
    if component is not None:
        targeting = Q(targets__component=component)
    else:
        targeting = Q(targets__index=index)
    published = Initiative.objects.published().filter(targeting)
    former = (
        published.filter(province__valid_to__isnull=False)
        .values("province_id")
        .annotate(n=models.Count("pk", distinct=True))
    )
    current = (
        published.filter(current_province__isnull=False)
        .values("current_province_id")
        .annotate(n=models.Count("pk", distinct=True))
    )
    counts = {row["province_id"]: row["n"] for row in former}
    counts.update({row["current_province_id"]: row["n"] for row in current})
    return counts


def catalogue_filters(
    province: AdministrativeUnit, index: Index, component: Component | None
) -> dict[str, str]:
    """The catalogue's parameters for the list that :func:`initiative_counts_by_province`
    counts."""
    key = province.code if province.valid_to is None else f"{province.code}-cu"
    if component is not None:
        return {"tinh": key, "thanh_phan": f"{index.code}:{component.code}"}
    return {"tinh": key, "chi_so": index.code}


class StatusChange(models.Model):
    """The history of an initiative: who moved it from which state to which, when, and why."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(_("từ trạng thái"), max_length=12, choices=Initiative.Status)
    to_status = models.CharField(_("sang trạng thái"), max_length=12, choices=Initiative.Status)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        verbose_name=_("người thực hiện"),
    )
    #: The actor's name as it was when the change was made: kept when the account is deleted.
    actor_name = models.CharField(_("tên người thực hiện"), max_length=300, blank=True)
    comment = models.TextField(_("ý kiến"), blank=True)
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("lịch sử xử lý")
        verbose_name_plural = _("lịch sử xử lý")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.initiative} · {self.from_status} → {self.to_status}"

    def save(self, *args, **kwargs) -> None:
        if self.actor is not None and not self.actor_name:
            self.actor_name = display_name(self.actor)
        super().save(*args, **kwargs)

    @property
    def actor_display(self) -> str:
        """Who made the change: the account's name, or the name kept after it was deleted."""
        return display_name(self.actor) if self.actor is not None else self.actor_name


def display_name(user) -> str:
    return (user.get_full_name() or user.get_username()).strip()


class SubmissionToken(models.Model):
    """The one-time token of a new-initiative form: the record its first POST made. A second
    POST of the same form (back, then submit again) finds it and lands on that record."""

    token = models.CharField(max_length=64)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            # Two POSTs racing with one token: the second insert fails, nothing is made twice.
            models.UniqueConstraint(fields=["user", "token"], name="submission_token_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.initiative_id}"


class PendingUpload(models.Model):
    """A file chosen in a form that was sent back with errors: kept, checked, under the form's
    token, shown as already chosen, and attached when the form is saved."""

    token = models.CharField(max_length=64)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file = models.FileField(upload_to=attachment_path)
    original_name = models.CharField(max_length=255)
    kind = models.CharField(max_length=8)
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        indexes = [
            # The form page lists the pending files of its token.
            models.Index(fields=["user", "token"], name="pending_upload_user_token"),
        ]

    def __str__(self) -> str:
        return self.original_name

    def save(self, *args, **kwargs) -> None:
        self.original_name = clean_text(self.original_name)
        super().save(*args, **kwargs)


@receiver(post_delete, sender=PendingUpload)
def remove_pending_file(sender, instance: PendingUpload, **kwargs) -> None:
    """A pending file removed or expired goes from disk (not when it became an attachment:
    the view then empties ``file`` before deleting the row)."""
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))
