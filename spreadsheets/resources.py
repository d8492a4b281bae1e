"""What every spreadsheet import resource shares (scores, initiatives, unit aliases).

A row is matched by a natural key computed in ``before_import_row`` (never by database id),
its new values are left in ``row["_values"]``, and the row is skipped when they change
nothing, so the same file imported twice gives 0 new, 0 changed. Errors name the row, the
column as the file heads it, and the value received; one invalid row rolls back the import.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from import_export import resources

from spreadsheets.cells import CellError
from spreadsheets.reading import PreviewSampleMixin


class RowErrors:
    """The errors of one row, collected so that every one is listed, not only the first."""

    def __init__(self, resource: NaturalKeyResource, number: int) -> None:
        self.resource, self.number = resource, number
        self.messages: list[str] = []

    def __bool__(self) -> bool:
        return bool(self.messages)

    def add(self, column: str, value, reason) -> None:
        self.messages.extend(self.resource.row_error(self.number, column, value, reason).messages)

    def extend(self, error: ValidationError) -> None:
        self.messages.extend(error.messages)

    def read(self, column: str, text: dict, parse: Callable):
        """``parse`` of the column's cell; None, and the error noted, if it cannot be read."""
        raw = text.get(column, "")
        try:
            return parse(raw)
        except CellError as exc:
            self.add(column, raw, exc)
            return None

    def raise_if_any(self) -> None:
        if self.messages:
            raise ValidationError(self.messages)


class NaturalKeyResource(PreviewSampleMixin, resources.ModelResource):
    #: Column key -> the header people see (in messages and templates).
    column_labels: dict[str, str] = {}
    #: Column keys a file must have.
    required_columns: tuple[str, ...] = ()

    class Meta:
        # Rows are matched in before_import_row, never by id; the preview shows counts, a
        # sample and its own field-by-field diff of changed rows (see ``record_change``), not
        # django-import-export's; one bad row rolls the whole import back.
        import_id_fields: tuple = ()
        skip_diff = True
        report_skipped = True
        use_transactions = True

    def map_headers(self, dataset, canonical: Callable[[str], str | None]) -> None:
        """Rename the file's headers to column keys (unknown ones are ignored); a column given
        twice or a required column missing stops the import with the headers received."""
        headers = list(dataset.headers or [])
        mapped: list[str] = []
        seen: dict[str, int] = {}
        for position, header in enumerate(headers):
            column = canonical(header or "")
            if column is None:
                mapped.append(f"_ignored_{position}")
                continue
            if column in seen:
                raise ValidationError(
                    _("Cột “%(a)s” và “%(b)s” cùng là cột %(label)s: chỉ giữ một cột.")
                    % {
                        "a": headers[seen[column]],
                        "b": header,
                        "label": self.column_labels.get(column, column),
                    }
                )
            seen[column] = position
            mapped.append(column)
        missing = [self.column_labels[c] for c in self.required_columns if c not in seen]
        if missing:
            raise ValidationError(
                _("Tệp thiếu cột: %(missing)s. Các cột nhận được: %(got)s.")
                % {"missing": ", ".join(missing), "got": ", ".join(map(str, headers)) or "—"}
            )
        dataset.headers = mapped

    def row_error(self, number: int, column: str, value, reason) -> ValidationError:
        """ "Dòng 7, cột “Điểm”: giá trị “6,39,1” — không phải một số." """
        return ValidationError(
            _("Dòng %(row)s, cột “%(column)s”: giá trị “%(value)s” — %(reason)s.")
            % {
                "row": number,
                "column": self.column_labels.get(column, column),
                "value": "" if value is None else value,
                "reason": str(reason).rstrip("."),
            }
        )

    def import_instance(self, instance, row, **kwargs) -> None:
        values = row["_values"]
        self.record_change(instance, values, row)
        for name, value in values.items():
            setattr(instance, name, value)

    # --- what an import changes: the preview's diff and the log that undo reads -------------

    def record_change(self, instance, values: dict, row) -> dict:
        """Compare the row's values with the record before they are set: sets
        ``row["_changed"]``, keeps the changed fields for the preview (``row["_diff"]``) and
        their previous values for undo. Returns {field name: (old, new)}."""
        if instance.pk is None:
            row["_changed"] = True
            self._created.append(instance)
            return {}
        opts = instance._meta
        changed = {}
        for name, value in values.items():
            field = opts.get_field(name)
            if field.is_relation:
                old_id = getattr(instance, field.attname)
                if old_id != (value.pk if value is not None else None):
                    changed[name] = (old_id, value)
            elif getattr(instance, name) != value:
                changed[name] = (getattr(instance, name), value)
        row["_changed"] = bool(changed)
        if changed:
            row["_diff"] = (instance, changed)
            self._updated.append(
                [
                    instance.pk,
                    {
                        opts.get_field(name).attname: [to_json(old), to_json(new)]
                        for name, (old, new) in changed.items()
                    },
                ]
            )
        return changed

    def change_log(self) -> dict:
        """What the import did, for :mod:`spreadsheets.undo`: the records it created (by pk,
        model by model) and, for each record it changed, the previous and new values."""
        log = {
            "model": self._meta.model._meta.label_lower,
            "created": [i.pk for i in self._created if i.pk is not None],
            "updated": self._updated,
        }
        for model, pks in self.extra_created.items():
            if pks:
                log.setdefault("also_created", {})[model] = sorted(pks)
        return log

    def skip_row(self, instance, original, row, import_validation_errors=None) -> bool:
        return not import_validation_errors and not row.get("_changed", True)

    def import_data(self, dataset, **kwargs):
        # One bad row writes nothing: validation errors roll the whole import back.
        kwargs.setdefault("rollback_on_validation_errors", True)
        self._created: list = []
        self._updated: list = []
        #: Other records the import made ("indicators.edition": {pk, …}), removed by undo.
        self.extra_created: dict[str, set[int]] = {}
        return super().import_data(dataset, **kwargs)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        result.change_log = self.change_log()


def to_json(value):
    """A field value as the import log stores it (JSON): a related record by its pk."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _messages(error) -> list[str]:
    """The plain messages of a ValidationError or another exception."""
    messages = getattr(error, "messages", None)
    if messages:
        return [str(m) for m in messages]
    return [str(error)]


def result_errors(result, limit: int | None = None) -> tuple[list[str], int]:
    """The errors of an import result as the admin shows them, the first ``limit`` (all if
    None), and how many there are: a file's errors, then each invalid row's, then rows that
    could not be written."""
    errors: list[str] = []
    total = 0

    def room() -> bool:
        return limit is None or len(errors) < limit

    for error in result.base_errors:
        total += 1
        errors.extend(_messages(error.error)[:1])
    for invalid in result.invalid_rows:
        messages = [m for values in invalid.error_dict.values() for m in values]
        total += len(messages)
        if room():
            errors.extend(str(m) for m in messages)
    for number, row_errors in result.row_errors():
        for error in row_errors:
            total += 1
            if room():
                errors.append(
                    _("Dòng %(row)s: không ghi được (%(error)s).")
                    % {
                        "row": (error.number or number) + 1,
                        "error": "; ".join(_messages(error.error)),
                    }
                )
    return errors if limit is None else errors[:limit], total
