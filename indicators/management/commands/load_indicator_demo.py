"""Reference data plus the real published scores shipped in fixtures/indicators/."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from indicators.importing import import_scores, load_dataset
from indicators.reference import load_reference

DEMO_FILES = ("pci_2005_2016.csv.gz", "papi_2011_2016.csv.gz", "seed_facts.csv")

#: Known artefacts of the source workbooks, corrected here in the open rather than in the
#: files: the PAPI 2014 sheet has no survey data for Bắc Giang and Đồng Tháp (none of their 28
#: component cells is filled) and shows 0.00 as their total, which is below PAPI's 6–60 scale.
#: That is "not published", not a score of zero.
ERRATA = (
    ("papi_2011_2016.csv.gz", "2014", "Bắc Giang", "", "0.00", "không công bố"),
    ("papi_2011_2016.csv.gz", "2014", "Đồng Tháp", "", "0.00", "không công bố"),
)


def apply_errata(name: str, dataset) -> int:
    errata = [e for e in ERRATA if e[0] == name]
    if not errata:
        return 0
    headers = dataset.headers
    col = {h: headers.index(h) for h in ("province", "year", "component", "score")}
    fixed = 0
    for _file, year, province, component, raw, replacement in errata:
        for i, row in enumerate(dataset):
            if (
                row[col["year"]],
                row[col["province"]],
                row[col["component"]],
                row[col["score"]],
            ) == (year, province, component, raw):
                values = list(row)
                values[col["score"]] = replacement
                dataset[i] = values
                fixed += 1
    return fixed


class Command(BaseCommand):
    help = "Nạp dữ liệu chỉ số mẫu: PCI 2005–2016, PAPI 2011–2016 và số liệu từ các bài viết."

    def handle(self, *args, **options) -> None:
        verbosity = options["verbosity"]
        load_reference()
        folder = Path(settings.BASE_DIR) / "fixtures" / "indicators"
        for name in DEMO_FILES:
            dataset = load_dataset(folder / name)
            apply_errata(name, dataset)
            if "source_url" in (dataset.headers or []):
                # The column names the public mirror the rows were copied from (SOURCE.md);
                # each edition's source is the publisher's page (indicators/reference.py).
                del dataset["source_url"]
            summary = import_scores(dataset)
            if not summary.ok:
                raise CommandError(f"{name}: " + "; ".join(summary.errors[:10]))
            if verbosity:
                self.stdout.write(
                    f"{name}: {summary.new} mới, {summary.changed} thay đổi, "
                    f"{summary.unchanged} không đổi"
                )
