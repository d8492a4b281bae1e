"""Running a score import from a file: the shared path of `import_scores` and the demo loader."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import tablib
from django.conf import settings
from django.utils.translation import gettext as _

from indicators.resources import ScoreResource
from spreadsheets.reading import SpreadsheetError, read_table
from spreadsheets.resources import result_errors


class ImportFileError(ValueError):
    """The file itself cannot be read (type, encoding, size): nothing was imported."""


@dataclass
class ImportSummary:
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)
    #: What the import wrote, for undo (see spreadsheets.undo).
    changes: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def load_dataset(path: Path) -> tablib.Dataset:
    """Read a CSV (UTF-8, with or without BOM; .csv.gz too), XLSX or XLS file safely."""
    if path.stat().st_size > settings.IMPORT_MAX_FILE_SIZE:
        raise ImportFileError(
            _("Tệp %(name)s vượt giới hạn %(limit)s MB.")
            % {"name": path.name, "limit": round(settings.IMPORT_MAX_FILE_SIZE / 1048576)}
        )
    try:
        return read_table(path.read_bytes(), path.name)
    except SpreadsheetError as exc:
        raise ImportFileError(str(exc)) from exc


def import_scores(dataset: tablib.Dataset, *, dry_run: bool = False) -> ImportSummary:
    result = ScoreResource().import_data(dataset, dry_run=dry_run, raise_errors=False)
    summary = ImportSummary(
        new=result.totals.get("new", 0),
        changed=result.totals.get("update", 0),
        unchanged=result.totals.get("skip", 0),
        changes=getattr(result, "change_log", {}),
    )
    summary.errors, _count = result_errors(result)
    return summary
