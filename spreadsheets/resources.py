"""What every spreadsheet import resource shares (scores, initiatives, unit aliases).

A row is matched by a natural key computed in ``before_import_row`` (never by database id),
its new values are left in ``row["_values"]``, and the row is skipped when they change
nothing, so the same file imported twice gives 0 new, 0 changed. Errors name the row, the
column as the file heads it, and the value received; one invalid row rolls back the import.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import resources

from spreadsheets.reading import PreviewSampleMixin


class NaturalKeyResource(PreviewSampleMixin, resources.ModelResource):
    #: Column key -> the header people see (in messages and templates).
    column_labels: dict[str, str] = {}
    #: Column keys a file must have.
    required_columns: tuple[str, ...] = ()

    class Meta:
        # Rows are matched in before_import_row, never by id; the preview shows counts and a
        # sample, not a diff; one bad row rolls the whole import back.
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
        row["_changed"] = instance.pk is None or any(
            getattr(instance, name) != value for name, value in values.items()
        )
        for name, value in values.items():
            setattr(instance, name, value)

    def skip_row(self, instance, original, row, import_validation_errors=None) -> bool:
        return not import_validation_errors and not row.get("_changed", True)

    def import_data(self, dataset, **kwargs):
        # One bad row writes nothing: validation errors roll the whole import back.
        kwargs.setdefault("rollback_on_validation_errors", True)
        return super().import_data(dataset, **kwargs)


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
