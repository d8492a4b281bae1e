"""Running a score import from a file: the shared path of `import_scores` and the demo loader."""

from __future__ import annotations

import csv
import gzip
import io
from dataclasses import dataclass, field
from pathlib import Path

import tablib
from django.utils.translation import gettext as _

from indicators.resources import ScoreResource


class ImportFileError(ValueError):
    """The file itself cannot be read (type, encoding, size): nothing was imported."""


@dataclass
class ImportSummary:
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def load_dataset(path: Path) -> tablib.Dataset:
    """Read a CSV (UTF-8, with or without BOM; .csv.gz too) or XLSX file into a Dataset."""
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    if raw[:2] == b"PK":
        dataset = tablib.Dataset()
        dataset.load(io.BytesIO(raw), format="xlsx")
        return dataset
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _("Tệp %(name)s không phải CSV mã UTF-8 hay XLSX: hãy lưu lại bằng “CSV UTF-8”.")
            % {"name": path.name}
        ) from exc
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise ImportFileError(_("Tệp %(name)s trống.") % {"name": path.name})
    dataset = tablib.Dataset(headers=rows[0])
    width = len(rows[0])
    for row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue
        dataset.append((row + [""] * width)[:width])
    return dataset


def import_scores(dataset: tablib.Dataset, *, dry_run: bool = False) -> ImportSummary:
    result = ScoreResource().import_data(dataset, dry_run=dry_run, raise_errors=False)
    summary = ImportSummary(
        new=result.totals.get("new", 0),
        changed=result.totals.get("update", 0),
        unchanged=result.totals.get("skip", 0),
    )
    for error in result.base_errors:
        summary.errors.append(str(error.error))
    for row_number, errors in result.row_errors():
        for error in errors:
            summary.errors.append(
                _("Dòng %(row)s: %(error)s") % {"row": row_number + 1, "error": error.error}
            )
    for invalid in result.invalid_rows:
        summary.errors.extend(" ".join(messages) for messages in invalid.error_dict.values())
    return summary
