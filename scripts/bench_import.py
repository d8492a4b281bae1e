"""Benchmark of the indicator-score import: speed (rows/s) and peak memory (MB) per path.

What is measured, on one generated spreadsheet of ``--rows`` score rows (30,000 by default):

* ``admin preview``: a logged-in superuser posts the XLSX file to the Score admin import view
  (django-import-export's dry run, which renders the preview page);
* ``admin confirm``: the confirm form of that preview is posted to ``process_import`` (the
  real import, through ``indicators.resources.ScoreResource``);
* both again on the same file (``re-run``): an idempotent import reports 0 new, 0 changed;
* ``import_scores``: ``indicators.importing.load_dataset`` + ``import_scores``, the code behind
  ``manage.py import_scores``, as a dry run and for real;
* ``baseline``: django-import-export's default row-by-row import (a plain ``ModelResource`` for
  ``Score``: no bulk writes, the default instance loader, ``import_id_fields`` on edition,
  province and component as foreign keys by id), fed the same rows with ids. It shows what
  ``ScoreResource`` (caches loaded once, bulk writes) gains.

How: the database is prepared once (``migrate``, ``load_localities``,
``load_indicator_reference``, the PCI/PAPI editions the rows belong to and a superuser). The
rows are real province names valid in each year (the 63 or, up to 2008, 64 former provinces;
years 2005-2024 only), PCI and PAPI with their real components, values generated within each
component's scale, some with a decimal comma, ranks such as ``22/63``, and (edition, province,
component) unique on every row. They are written as XLSX with openpyxl in write-only mode.

Every measurement runs in its own fresh Python process, so its peak memory is that path's own:
the child reports ``ru_maxrss`` (max resident set size, which includes Django itself; the
"start MB" column is the same figure just before the timed part). "seconds" covers only the
timed part: reading the file, importing and, for the admin, building the response; not Python
start-up or the login. Each group of paths (admin, import_scores, baseline) starts from the
same prepared database: a copy of the prepared SQLite file, or on PostgreSQL a new database
made from the prepared one as a template. The children run with a developer machine's settings
(``DJANGO_DEBUG=true``, ``testserver`` allowed). Timings are the machine's: run it on an
otherwise idle one, other processes (a test suite, a browser) slow every path.

By default everything lives in a temporary directory with a throwaway SQLite database. With
``--database-url`` (default: the ``DATABASE_URL`` environment variable) the benchmark runs on
that server under fresh database names (``bench_import_…``, dropped at the end; the user needs
the CREATEDB right); a SQLite URL puts the fresh files in that file's directory.

Target: at least 2,000 rows/s and under 300 MB for the admin path and ``import_scores``.

Usage: ``make bench-import`` or ``.venv/bin/python scripts/bench_import.py [--rows N]
[--database-url URL] [--profile] [--keep]``.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
BENCH_USER = "bench-import"
TARGET_ROWS_PER_SECOND = 2_000
TARGET_PEAK_MB = 300
#: Years of the generated rows, per index: up to 2024, when only the pre-2025 provinces existed
#: (in 2025 the 63 former and the 34 current ones both do, and a name may mean either).
INDEX_YEARS = {"pci": range(2005, 2025), "papi": range(2011, 2025)}
YEARS = range(2005, 2025)
NAMES_FILE = "scores.xlsx"
IDS_FILE = "scores_ids.xlsx"


@dataclass
class Measurement:
    path: str
    rows: int = 0
    seconds: float = 0.0
    start_mb: float = 0.0
    peak_mb: float = 0.0
    new: int | None = None
    changed: int | None = None
    unchanged: int | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


# --- child processes: one measurement each ---------------------------------------------------


def max_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # bytes vs KiB


class Timed:
    """Time the block (optionally under cProfile) and note the memory just before it."""

    def __init__(self, measurement: Measurement, profile_to: Path | None) -> None:
        self.measurement = measurement
        self.profile_to = profile_to
        self.profiler = None

    def __enter__(self) -> Timed:
        self.measurement.start_mb = max_rss_mb()
        if self.profile_to:
            import cProfile

            self.profiler = cProfile.Profile()
            self.profiler.enable()
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc) -> None:
        self.measurement.seconds = time.perf_counter() - self.started
        if self.profiler:
            self.profiler.disable()
            self.profiler.dump_stats(self.profile_to)


def record_score_imports() -> list[tuple[dict, list[str]]]:
    """Note the totals and errors of every ScoreResource import in this process (the admin
    answers with a page or a redirect, not with the counts)."""
    from indicators.resources import ScoreResource
    from spreadsheets.resources import result_errors

    seen: list[tuple[dict, list[str]]] = []
    original = ScoreResource.import_data

    def import_data(self, dataset, **kwargs):
        result = original(self, dataset, **kwargs)
        seen.append((dict(result.totals), result_errors(result, limit=5)[0]))
        return result

    ScoreResource.import_data = import_data
    return seen


def set_counts(measurement: Measurement, totals: dict) -> None:
    measurement.new = totals.get("new", 0)
    measurement.changed = totals.get("update", 0)
    measurement.unchanged = totals.get("skip", 0)


def logged_in_client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    user = get_user_model().objects.get(username=BENCH_USER)
    # force_login skips the login form, so django-axes never sees an attempt.
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def child_admin_preview(work: Path, m: Measurement, profile_to: Path | None) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    seen = record_score_imports()
    client = logged_in_client()
    upload = SimpleUploadedFile(NAMES_FILE, (work / NAMES_FILE).read_bytes())
    with Timed(m, profile_to):
        response = client.post(
            reverse("admin:indicators_score_import"),
            {"import_file": upload, "format": "0", "resource": "0"},
        )
        page = response.content.decode()
    if seen:
        set_counts(m, seen[-1][0])
        m.errors += seen[-1][1]
    # The confirm form: import_file_name (the server-side copy), original_file_name, format,
    # resource. It is shown only when the preview found no error.
    hidden = {
        name: html.unescape(value)
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)
    }
    if response.status_code != 200 or "import_file_name" not in hidden:
        m.errors.append(f"no confirm form in the preview (HTTP {response.status_code})")
    (work / "confirm_form.json").write_text(json.dumps(hidden))


def child_admin_confirm(work: Path, m: Measurement, profile_to: Path | None) -> None:
    from django.urls import reverse

    seen = record_score_imports()
    client = logged_in_client()
    form = json.loads((work / "confirm_form.json").read_text())
    with Timed(m, profile_to):
        response = client.post(reverse("admin:indicators_score_process_import"), form)
    if seen:
        set_counts(m, seen[-1][0])
        m.errors += seen[-1][1]
    if response.status_code != 302:
        m.errors.append(f"the confirmed import answered HTTP {response.status_code}, not 302")


def child_import_scores(work: Path, m: Measurement, profile_to: Path | None, dry_run: bool):
    from indicators.importing import import_scores, load_dataset

    with Timed(m, profile_to):
        summary = import_scores(load_dataset(work / NAMES_FILE), dry_run=dry_run)
    m.new, m.changed, m.unchanged = summary.new, summary.changed, summary.unchanged
    m.errors += summary.errors[:5]


def child_baseline(work: Path, m: Measurement, profile_to: Path | None) -> None:
    from import_export import resources
    from import_export.formats.base_formats import XLSX

    from indicators.models import Score
    from spreadsheets.resources import result_errors

    class DefaultScoreResource(resources.ModelResource):
        """django-import-export as it comes: foreign keys by id, one row at a time."""

        class Meta:
            model = Score
            fields = ("edition", "province", "component", "status", "value", "rank")
            fields += ("rank_of", "tier")
            import_id_fields = ("edition", "province", "component")

    with Timed(m, profile_to):
        dataset = XLSX().create_dataset((work / IDS_FILE).read_bytes())
        result = DefaultScoreResource().import_data(dataset, dry_run=False, raise_errors=False)
    set_counts(m, result.totals)
    m.errors += result_errors(result, limit=5)[0]


CHILDREN = {
    "admin preview": child_admin_preview,
    "admin confirm": child_admin_confirm,
    "import_scores --dry-run": lambda w, m, p: child_import_scores(w, m, p, dry_run=True),
    "import_scores": lambda w, m, p: child_import_scores(w, m, p, dry_run=False),
    "baseline (row by row)": child_baseline,
}


def profile_file(work: Path, label: str) -> Path:
    return work / f"{re.sub(r'[^a-z]+', '-', label.lower()).strip('-')}.prof"


def run_child(step: str, label: str, work: Path, profile: bool) -> None:
    measurement = Measurement(path=label)
    CHILDREN[step](work, measurement, profile_file(work, label) if profile else None)
    measurement.rows = json.loads((work / "meta.json").read_text())["rows"]
    measurement.peak_mb = max_rss_mb()
    (work / "result.json").write_text(json.dumps(asdict(measurement)))


# --- preparing the database and the files (a child too: it needs Django) ----------------------


def value_range(index_code: str, year: int, component, edition) -> tuple[Decimal, Decimal]:
    """The scale a generated value must fit (ScoreResource._check_scale), or a plausible one
    where nothing is set (PAPI sub-dimensions, totals of editions without a known scale)."""
    if component is not None:
        if component.scale_min is not None:
            return component.scale_min, component.scale_max
        return Decimal("0.5"), Decimal("3.5")
    if edition.scale_min is not None:
        return edition.scale_min, edition.scale_max
    if index_code == "papi":
        return (Decimal(8), Decimal(80)) if year >= 2018 else (Decimal(6), Decimal(60))
    return Decimal(0), Decimal(100)


def score_grid(rows: int):
    """(index, year, edition, province, component or None for the total, number of provinces
    that year) for ``rows`` rows, year by year, every (edition, province, component) once.
    The editions are created here, with the values an import would give them."""
    from indicators.models import Component, Edition, Index
    from indicators.reference import EDITION_SPECS, edition_values
    from localities.models import AdministrativeUnit

    indices = {index.code: index for index in Index.objects.filter(code__in=INDEX_YEARS)}
    components = {
        code: list(Component.objects.filter(index=index).order_by("order", "code"))
        for code, index in indices.items()
    }
    produced = 0
    for year in YEARS:
        provinces = list(AdministrativeUnit.objects.provinces().valid_in(year))
        for code, years in INDEX_YEARS.items():
            if year not in years:
                continue
            index = indices[code]
            spec = EDITION_SPECS.get((code, year))
            edition, _ = Edition.objects.get_or_create(
                index=index, year=year, defaults=edition_values(spec) if spec else {}
            )
            in_use = [
                c for c in components[code] if (c.first_year or 0) <= year <= (c.last_year or 9999)
            ]
            for component in [None, *in_use]:
                for province in provinces:
                    if produced == rows:
                        return
                    yield index, year, edition, province, component, len(provinces)
                    produced += 1
    raise SystemExit(f"--rows {rows} is more than the PCI/PAPI grid of 2005-2024 ({produced}).")


def prepare(work: Path, rows: int) -> None:
    from django.contrib.auth import get_user_model
    from openpyxl import Workbook

    user_model = get_user_model()
    if not user_model.objects.filter(username=BENCH_USER).exists():
        user_model.objects.create_superuser(BENCH_USER, "bench@example.invalid", None)

    rng = random.Random(2025)  # noqa: S311 - reproducible benchmark data, not a secret
    names = Workbook(write_only=True)
    names_sheet = names.create_sheet("Điểm")
    names_sheet.append(["Tỉnh/Thành phố", "Chỉ số", "Năm", "Thành phần", "Điểm", "Xếp hạng"])
    ids = Workbook(write_only=True)
    ids_sheet = ids.create_sheet("scores")
    ids_sheet.append(
        ["edition", "province", "component", "status", "value", "rank", "rank_of", "tier"]
    )
    group, ranks = None, []
    for i, (index, year, edition, province, component, total) in enumerate(score_grid(rows)):
        if group != (edition.pk, component):  # ranks 1..total, shuffled, per ranking
            group, ranks = (edition.pk, component), rng.sample(range(1, total + 1), total)
        rank = ranks.pop()
        low, high = value_range(index.code, year, component, edition)
        value = (low + (high - low) * Decimal(rng.uniform(0.2, 0.9))).quantize(Decimal("0.01"))
        published = i % 97 != 13
        # The ways people write the cells (see indicators/parsing.py).
        if not published:
            score_cell, rank_cell = "không công bố", ""
        else:
            score_cell = [str(value).replace(".", ","), float(value), str(value)][i % 3]
            rank_cell = [f"{rank}/{total}", rank, str(rank)][i % 3]
        if component is None:
            part = ["", "Tổng điểm"][i % 2]
        else:
            part = component.aliases[0] if component.aliases and i % 5 == 0 else component.name_vi
        names_sheet.append(
            [
                province.name if i % 5 == 0 else province.short_name,
                ["Chỉ số PCI", "PCI"][i % 2] if index.code == "pci" else "PAPI",
                year,
                part,
                score_cell,
                rank_cell,
            ]
        )
        ids_sheet.append(
            [
                edition.pk,
                province.pk,
                component.pk if component else None,
                "published" if published else "not_published",
                str(value) if published else None,
                rank if published else None,
                total if published and i % 3 == 0 else None,
                edition.tier_for(value) if published else "",
            ]
        )
    names.save(work / NAMES_FILE)
    ids.save(work / IDS_FILE)
    (work / "meta.json").write_text(json.dumps({"rows": rows}))


# --- the parent: databases, the run plan, the report ------------------------------------------


class Databases:
    """The prepared database and a fresh copy of it per group of measurements: SQLite files,
    or PostgreSQL databases created from the prepared one as a template."""

    def __init__(self, url: str | None, work: Path) -> None:
        import dj_database_url

        self.prefix = f"bench_import_{os.getpid()}"
        self.created: list[str] = []
        self.engine = dj_database_url.parse(url)["ENGINE"] if url else "sqlite3"
        if "sqlite3" in self.engine:
            given = dj_database_url.parse(url)["NAME"] if url else ""
            self.directory = Path(given).resolve().parent if given else work / "db"
            self.directory.mkdir(parents=True, exist_ok=True)
        elif "postgresql" in self.engine:
            self.server_url = url
        else:
            raise SystemExit(f"Only SQLite and PostgreSQL are supported, not {self.engine}.")

    def path(self, name: str) -> Path:
        return self.directory / f"{self.prefix}_{name}.sqlite3"

    def url(self, name: str) -> str:
        if "sqlite3" in self.engine:
            return f"sqlite:///{self.path(name)}"
        parts = urlsplit(self.server_url)
        return urlunsplit(parts._replace(path=f"/{self.prefix}_{name}"))

    def _server(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.server_url, autocommit=True) as connection:
            connection.execute(sql)

    def create(self, name: str) -> str:
        if "postgresql" in self.engine:
            self._server(f'CREATE DATABASE "{self.prefix}_{name}"')
        self.created.append(name)
        return self.url(name)

    def copy(self, source: str, name: str) -> str:
        if "sqlite3" in self.engine:
            shutil.copyfile(self.path(source), self.path(name))
        else:
            self._server(
                f'CREATE DATABASE "{self.prefix}_{name}" TEMPLATE "{self.prefix}_{source}"'
            )
        self.created.append(name)
        return self.url(name)

    def drop_all(self) -> None:
        for name in reversed(self.created):
            if "sqlite3" in self.engine:
                self.path(name).unlink(missing_ok=True)
            else:
                self._server(f'DROP DATABASE IF EXISTS "{self.prefix}_{name}"')


def child_env(work: Path, database_url: str) -> dict[str, str]:
    """The environment of a developer machine (README): DEBUG on, test client host allowed."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "reform_portal.settings",
        "DJANGO_DEBUG": "true",
        "DJANGO_TESTING": "false",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": database_url,
        "DJANGO_VAR_DIR": str(work / "var"),
        "DJANGO_LOG_LEVEL": "WARNING",
        # django-import-export keeps the uploaded file here between preview and confirm.
        "TMPDIR": str(work / "tmp"),
    }


def run(command: list[str], env: dict[str, str]) -> None:
    # Our own interpreter running manage.py or this script: no outside input in the command.
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603
    if done.returncode:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"Failed ({done.returncode}): {' '.join(command)}")


#: (database group, child step, label): each group starts from a copy of the prepared database.
PLAN = (
    ("admin", "admin preview", "admin preview"),
    ("admin", "admin confirm", "admin confirm"),
    ("admin", "admin preview", "admin preview (re-run)"),
    ("admin", "admin confirm", "admin confirm (re-run)"),
    ("command", "import_scores --dry-run", "import_scores --dry-run"),
    ("command", "import_scores", "import_scores"),
    ("baseline", "baseline (row by row)", "baseline (row by row)"),
)
#: The paths the target applies to (the baseline is there for comparison).
TARGETED = tuple(label for group, _step, label in PLAN if group in ("admin", "command"))


def measure(args, work: Path, databases: Databases) -> list[Measurement]:
    script = [sys.executable, str(Path(__file__).resolve())]
    (work / "tmp").mkdir()
    note(f"Preparing the database ({databases.engine.rsplit('.', 1)[-1]}) and {args.rows} rows…")
    env = child_env(work, databases.create("prepared"))
    for command in ("migrate", "load_localities", "load_indicator_reference"):
        run([sys.executable, "manage.py", command, "-v0"], env)
    run([*script, "--prepare", "--rows", str(args.rows), "--work", str(work)], env)

    measurements = []
    urls: dict[str, str] = {}
    for group, step, label in PLAN:
        if group not in urls:
            urls[group] = databases.copy("prepared", group)
        note(f"Measuring {label}…")
        command = [*script, "--child", step, "--label", label, "--work", str(work)]
        run(command + (["--profile"] if args.profile else []), child_env(work, urls[group]))
        measurements.append(Measurement(**json.loads((work / "result.json").read_text())))
    return measurements


def note(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def number(value: int | None) -> str:
    return "" if value is None else f"{value:,}"


def report(measurements: list[Measurement], work: Path, profile: bool) -> bool:
    header = (
        f"{'path':<26}{'rows':>8}{'seconds':>9}{'rows/s':>9}{'start MB':>10}{'peak MB':>9}"
        f"{'new':>8}{'changed':>9}{'unchanged':>11}"
    )
    print(header)
    print("-" * len(header))
    for m in measurements:
        print(
            f"{m.path:<26}{m.rows:>8,}{m.seconds:>9.2f}{m.rows_per_second:>9,.0f}"
            f"{m.start_mb:>10.0f}{m.peak_mb:>9.0f}"
            f"{number(m.new):>8}{number(m.changed):>9}{number(m.unchanged):>11}"
        )
    print()
    ok = True
    for m in measurements:
        for error in m.errors:
            ok = False
            print(f"ERROR in {m.path}: {error}")

    by_path = {m.path: m for m in measurements}
    rows = measurements[0].rows
    first = by_path["admin confirm"]
    rerun = [by_path["admin preview (re-run)"], by_path["admin confirm (re-run)"]]
    if (first.new, first.changed) != (rows, 0):
        ok = False
        print(f"First admin import: expected {rows:,} new, got {number(first.new)} new.")
    idempotent = all((m.new, m.changed, m.unchanged) == (0, 0, rows) for m in rerun)
    ok = ok and idempotent
    print(
        "Same file again through the admin (preview, confirm): "
        + "; ".join(
            f"{number(m.new)} new, {number(m.changed)} changed, {number(m.unchanged)} unchanged"
            for m in rerun
        )
        + (" → idempotent." if idempotent else " → NOT idempotent.")
    )

    misses = [
        f"{m.path} ({m.rows_per_second:,.0f} rows/s, {m.peak_mb:.0f} MB)"
        for m in measurements
        if m.path in TARGETED
        and (m.rows_per_second < TARGET_ROWS_PER_SECOND or m.peak_mb >= TARGET_PEAK_MB)
    ]
    target = f"≥ {TARGET_ROWS_PER_SECOND:,} rows/s and < {TARGET_PEAK_MB} MB"
    if profile:
        print(f"Target ({target}): not judged, the timings above ran under cProfile.")
    elif misses:
        print(f"Target ({target}) NOT met by: " + "; ".join(misses) + ".")
    else:
        print(f"Target ({target}) met by the admin path and import_scores.")
    baseline = by_path["baseline (row by row)"]
    if baseline.seconds and first.seconds:
        print(
            f"ScoreResource through the admin confirm is {baseline.seconds / first.seconds:.1f}× "
            f"as fast as django-import-export's default row-by-row import "
            f"({first.rows_per_second:,.0f} vs {baseline.rows_per_second:,.0f} rows/s)."
        )
    if profile:
        import pstats

        for m in measurements:
            stats_file = profile_file(work, m.path)
            if stats_file.exists():
                print(f"\n=== cProfile: {m.path} (cumulative time, top 25) ===")
                stats = pstats.Stats(str(stats_file), stream=sys.stdout)
                stats.sort_stats("cumulative").print_stats(25)
    return ok


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=30_000, help="rows in the file (30000)")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL") or None,
        help="run on this server under fresh database names (default: $DATABASE_URL, "
        "else a throwaway SQLite database in a temporary directory)",
    )
    parser.add_argument("--profile", action="store_true", help="cProfile each timed part")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    # Internal: what the child processes are told to do.
    parser.add_argument("--child", choices=CHILDREN, help=argparse.SUPPRESS)
    parser.add_argument("--label", help=argparse.SUPPRESS)
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    if args.child or args.prepare:
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        if args.prepare:
            prepare(args.work, args.rows)
        else:
            run_child(args.child, args.label, args.work, args.profile)
        return 0

    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="bench-import-"))
    databases = Databases(args.database_url, work)
    try:
        ok = report(measure(args, work, databases), work, args.profile)
    finally:
        databases.drop_all()
        if args.keep:
            note(f"Kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(f"Total wall time: {time.perf_counter() - started:.1f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
