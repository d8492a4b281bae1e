"""The admin's export of initiatives: one field per column of :data:`initiatives.columns.COLUMNS`,
with the column's header and formatter; related rows are read in a handful of queries."""

from __future__ import annotations

from import_export import fields

from initiatives.columns import CHOICE, COLUMNS, Column
from initiatives.models import Initiative
from spreadsheets.resources import NaturalKeyResource


def _choice_label(name: str):
    def label(item: Initiative) -> str:
        return str(getattr(item, f"get_{name}_display")()) if getattr(item, name) else ""

    return label


def export_field(column: Column) -> fields.Field:
    """A column as django-import-export exports it: the field's value, its choice's label, or
    the column's own formatter."""
    if column.export is not None:
        return fields.Field(column_name=column.header, dehydrate_method=column.export)
    if column.kind == CHOICE:
        return fields.Field(column_name=column.header, dehydrate_method=_choice_label(column.field))
    return fields.Field(attribute=column.field, column_name=column.header)


#: The export fields as a base class (django-import-export collects the fields of a resource's
#: bases): declared from the columns, not one by one.
InitiativeColumns = type(NaturalKeyResource)(  # type: ignore[misc]  # mypy: a metaclass call
    "InitiativeColumns",
    (NaturalKeyResource,),
    {"__module__": __name__, **{column.key: export_field(column) for column in COLUMNS}},
)


class InitiativeExport(InitiativeColumns):  # type: ignore[misc, valid-type]
    class Meta:
        model = Initiative
        fields = tuple(column.key for column in COLUMNS)
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related(
            "locality__parent__parent", "replicated_from"
        ).prefetch_related("areas", "targets__index", "targets__component", "sources")
