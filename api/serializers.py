"""What the API returns: every field named (no ``__all__``), nothing that is not public.

Provinces are written as the pages write them: ``"38"`` for today's Thanh Hóa, ``"38-cu"`` for
the former one (codes were reused by different provinces in 2025)."""

from __future__ import annotations

from django.db.models import prefetch_related_objects
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from indicators.models import (
    INDEX_TEXT_FIELDS,
    SCORE_FIGURE_FIELDS,
    SCORE_SOURCE_FIELDS,
    Component,
    Edition,
    Index,
    Score,
)
from initiatives.models import (
    INITIATIVE_STAGE_FIELDS,
    INITIATIVE_TEXT_FIELDS,
    Initiative,
    InitiativeTarget,
    Source,
)
from localities.display import url_key
from localities.models import AdministrativeUnit, UnitNamePeriod

#: A text field that may be null, as the schema describes it.
NULLABLE_TEXT = serializers.CharField(allow_null=True)


def province_page(unit: AdministrativeUnit) -> str:
    if unit.is_current:
        return reverse("province_detail", args=[unit.code])
    return reverse("former_province_detail", args=[unit.code])


class ComponentSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Component
        fields = [
            "code",
            "name_vi",
            "name_en",
            "parent",
            "scale_min",
            "scale_max",
            "first_year",
            "last_year",
            "order",
        ]


class IndexSerializer(serializers.ModelSerializer):
    components = ComponentSerializer(many=True, read_only=True)

    class Meta:
        model = Index
        fields = ["code", *INDEX_TEXT_FIELDS, "higher_is_better", "components"]


class TierSerializer(serializers.Serializer):
    label = serializers.CharField()
    min = serializers.FloatField()


class CoverageSerializer(serializers.Serializer):
    known = serializers.IntegerField(help_text="Số tỉnh có điểm tổng công khai.")
    held = serializers.IntegerField(help_text="Số tỉnh có bản ghi điểm tổng (kể cả không công bố).")
    of = serializers.IntegerField(allow_null=True, help_text="Số tỉnh kỳ công bố đánh giá.")


class EditionSerializer(serializers.ModelSerializer):
    index = serializers.CharField(source="index.code", read_only=True)
    tiers = TierSerializer(many=True, read_only=True)
    coverage = serializers.SerializerMethodField()
    page = serializers.SerializerMethodField()

    class Meta:
        model = Edition
        fields = [
            "index",
            "year",
            "published_on",
            "source_title",
            "source_url",
            "scale_min",
            "scale_max",
            "province_set",
            "province_count",
            "published_top",
            "breaks_comparability",
            "method_notes",
            "coverage_note",
            "tiers",
            "coverage",
            "page",
        ]

    @extend_schema_field(CoverageSerializer)
    def get_coverage(self, edition: Edition) -> dict:
        # Annotated by the view (one query for the whole page).
        return {
            "known": edition.known,  # type: ignore[attr-defined]
            "held": edition.held,  # type: ignore[attr-defined]
            "of": edition.province_count,
        }

    def get_page(self, edition: Edition) -> str:
        return reverse("indicators:ranking", args=[edition.index.code, edition.year])


class ScoreListSerializer(serializers.ListSerializer):
    """Many scores share a province: each one is read once, with its names by period in one
    query (a prefetch on every row's own copy of the province costs seconds on 19,000 rows)."""

    def to_representation(self, data):
        scores = list(data.all() if hasattr(data, "all") else data)
        provinces: dict[int, AdministrativeUnit] = {}
        for score in scores:
            score.province = provinces.setdefault(score.province_id, score.province)
        prefetch_related_objects(list(provinces.values()), "name_periods")
        return [self.child.to_representation(score) for score in scores]


class ScoreSerializer(serializers.ModelSerializer):
    index = serializers.CharField(source="edition.index.code", read_only=True)
    year = serializers.IntegerField(source="edition.year", read_only=True)
    province = serializers.SerializerMethodField()
    province_name = serializers.SerializerMethodField()
    component = serializers.SerializerMethodField()

    class Meta:
        model = Score
        list_serializer_class = ScoreListSerializer
        fields = [
            "index",
            "year",
            "province",
            "province_name",
            "component",
            *SCORE_FIGURE_FIELDS,
            *SCORE_SOURCE_FIELDS,
            "alt_source_url",
            "alt_source_note",
        ]

    def get_province(self, score: Score) -> str:
        return url_key(score.province)

    def get_province_name(self, score: Score) -> str:
        """The name the province had in the edition's year ("Thừa Thiên Huế" in 2016)."""
        return score.province.short_name_in(score.edition.year)

    @extend_schema_field(NULLABLE_TEXT)
    def get_component(self, score: Score) -> str | None:
        return score.component.code if score.component is not None else None


class NamePeriodSerializer(serializers.ModelSerializer):
    valid_to = serializers.DateField(allow_null=True, read_only=True)

    class Meta:
        model = UnitNamePeriod
        fields = ["valid_from", "valid_to", "unit_type", "name", "short_name", "resolution"]


class ProvinceSerializer(serializers.ModelSerializer):
    key = serializers.SerializerMethodField()
    is_current = serializers.BooleanField(read_only=True)
    successor = serializers.SerializerMethodField()
    predecessors = serializers.SerializerMethodField()
    names = serializers.SerializerMethodField()
    page = serializers.SerializerMethodField()

    class Meta:
        model = AdministrativeUnit
        fields = [
            "key",
            "code",
            "name",
            "short_name",
            "english_name",
            "unit_type",
            "valid_from",
            "valid_to",
            "is_current",
            "successor",
            "predecessors",
            "names",
            "page",
        ]

    def get_key(self, unit: AdministrativeUnit) -> str:
        return url_key(unit)

    @extend_schema_field(NULLABLE_TEXT)
    def get_successor(self, unit: AdministrativeUnit) -> str | None:
        return url_key(unit.successor) if unit.successor is not None else None

    def get_predecessors(self, unit: AdministrativeUnit) -> list[str]:
        return sorted(url_key(u) for u in unit.predecessors.all())

    @extend_schema_field(NamePeriodSerializer(many=True))
    def get_names(self, unit: AdministrativeUnit) -> list[dict]:
        return NamePeriodSerializer(unit.periods(), many=True).data

    def get_page(self, unit: AdministrativeUnit) -> str:
        return province_page(unit)


class LocalitySerializer(serializers.ModelSerializer):
    class Meta:
        model = AdministrativeUnit
        fields = ["code", "name", "level", "unit_type", "valid_from", "valid_to"]


class TargetSerializer(serializers.ModelSerializer):
    index = serializers.CharField(source="index.code", read_only=True)
    component = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = InitiativeTarget
        fields = ["index", "component"]


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["title", "publisher", "published_on", "url"]


class InitiativeSerializer(serializers.ModelSerializer):
    locality = LocalitySerializer(read_only=True)
    province = serializers.SerializerMethodField()
    current_province = serializers.SerializerMethodField()
    areas = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    targets = TargetSerializer(many=True, read_only=True)
    sources = SourceSerializer(many=True, read_only=True)
    replicated_from = serializers.SerializerMethodField()
    page = serializers.SerializerMethodField()

    class Meta:
        model = Initiative
        fields = [
            "slug",
            *INITIATIVE_TEXT_FIELDS,
            "locality",
            "province",
            "current_province",
            "level",
            "areas",
            "targets",
            *INITIATIVE_STAGE_FIELDS,
            "sources",
            "created_at",
            "updated_at",
            "page",
        ]

    @extend_schema_field(NULLABLE_TEXT)
    def get_province(self, item: Initiative) -> str | None:
        return url_key(item.province) if item.province is not None else None

    @extend_schema_field(NULLABLE_TEXT)
    def get_current_province(self, item: Initiative) -> str | None:
        current = item.current_province
        return url_key(current) if current is not None else None

    @extend_schema_field(NULLABLE_TEXT)
    def get_replicated_from(self, item: Initiative) -> str | None:
        """The slug of the model this one replicates, only when that one is public too."""
        origin = item.replicated_from
        return origin.slug if origin is not None and origin.is_published else None

    def get_page(self, item: Initiative) -> str:
        return item.get_absolute_url()
