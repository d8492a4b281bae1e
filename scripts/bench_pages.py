"""Benchmark of the public pages at national scale: req/s, p50, p99, SQL and memory per page.

What is measured, on ``--initiatives`` generated initiatives (50,000 by default;
``scripts/bench_data.py``: Vietnamese texts, real units with a realistic skew, levels, areas,
years, stages, statuses, targets, every derived column filled as a save would):

* the production server: gunicorn with ``gunicorn.conf.py`` (``--workers``, 2 by default),
  ``DJANGO_DEBUG=false``, static files collected and served by WhiteNoise;
* each page loaded by ``wrk --latency`` (Debian's ``wrk``; ``-t2 -c8 -d10s`` by default): the
  catalogue ``/sang-kien/`` plain, one province (the biggest current one), several facets, page
  50, a broad search (``ngay thu bay``), a selective one (a word of one title), each sort, then
  the province profile, home, an initiative, a ranking, the comparison and the cross view;
* two peers in the same run: a static file through WhiteNoise (the floor) and the Django admin
  changelist of the same rows, logged in as a superuser (the generic peer);
* the CSV and XLSX exports of the biggest province, read by a streaming ``http.client``:
  time to first byte, total time and bytes;
* the RSS of each gunicorn worker after the load (``/proc/<pid>/status``);
* in a separate step, each page once in-process (Django's test client under
  ``CaptureQueriesContext``, the whole-page cache off): number of queries and SQL milliseconds;
* with ``--no-page-cache``, every request rendered (reform_portal.page_cache off): the cost of
  a first visit to an address, rather than of the repeated one that wrk makes;
* on PostgreSQL, a peer for the search: ``unaccent(title) ILIKE '%ngay thu bay%'`` run in a loop
  (the ``unaccent`` extension is created in the throwaway database if missing).

It prints one table per size with the ratios and a pass/fail column against the targets of
issue 11, and with ``--scale 5000,50000,200000`` (sizes built in turn, adding rows) how each
page's p50 grows. ``--json FILE`` writes the results.

By default everything lives in a temporary directory with a throwaway SQLite database. With
``--database-url`` (default: the ``DATABASE_URL`` environment variable) a fresh PostgreSQL
database ``<--db-prefix>_<pid>`` is created on that server and dropped at the end (the user
needs the CREATEDB right). Timings are the machine's: other processes slow every page, so
compare the ratios more than the absolute figures.

Usage: ``make bench-pages`` or ``.venv/bin/python scripts/bench_pages.py [--initiatives N]
[--scale N,N,…] [--workers 2] [--duration 10s] [--connections 8] [--quick] [--json FILE]
[--database-url URL] [--no-page-cache] [--keep]``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
BENCH_USER = "bench-pages"
HOST = "127.0.0.1"
#: Targets of issue 11 (at 50,000 initiatives on PostgreSQL).
CATALOGUE_VS_ADMIN = 10  # catalogue req/s at least 10× the admin changelist's
CATALOGUE_VS_FLOOR_P50 = 10  # catalogue p50 at most 10× the static floor's
OTHER_VS_FLOOR = 0.10  # other pages at least 10 % of the floor's req/s
EXPORT_FIRST_BYTE_S = 1.0
WORKER_MB = 250
SEARCH_VS_SCAN = 20
SQLITE_P50_MS = 200
FLAT_GROWTH = 1.5
BROAD_QUERY = "ngay thu bay"


@dataclass
class Page:
    key: str
    label: str
    url: str
    group: str  # floor, admin, catalogue, other, export
    expect: str = ""  # a text the 200 answer must contain (the admin: not the login page)


@dataclass
class Result:
    key: str
    label: str
    url: str
    group: str
    requests_per_s: float | None = None
    answers: int | None = None  # responses wrk counted in the duration
    p50_ms: float | None = None
    p99_ms: float | None = None
    non_2xx: int = 0
    socket_errors: int = 0
    queries: int | None = None
    sql_ms: float | None = None
    first_byte_s: float | None = None
    total_s: float | None = None
    bytes: int | None = None
    verdict: str = ""
    notes: list[str] = field(default_factory=list)


# --- child steps, inside Django --------------------------------------------------------------


def child_generate(work: Path, count: int, seed: int) -> None:
    """Add ``count`` initiatives, then (re)write the page list for the data as it now is."""
    from bench_data import build_initiatives
    from django.contrib.auth import get_user_model

    started = time.perf_counter()
    written = build_initiatives(count, seed=seed) if count else 0
    seconds = time.perf_counter() - started
    user_model = get_user_model()
    if not user_model.objects.filter(username=BENCH_USER).exists():
        password = secrets.token_urlsafe(16)
        user_model.objects.create_superuser(BENCH_USER, "bench@example.invalid", password)
        (work / "admin.json").write_text(json.dumps({"password": password}))
    pages = [asdict(p) for p in page_list()]
    (work / "pages.json").write_text(
        json.dumps({"pages": pages, "written": written, "seconds": seconds})
    )


def page_list() -> list[Page]:
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.db.models import Count
    from django.urls import reverse

    from initiatives.filters import SORTS
    from initiatives.models import Initiative
    from initiatives.search import query_phrase
    from localities.text import fold

    published = Initiative.objects.published()
    biggest = (
        published.values("current_province__code", "current_province__short_name")
        .annotate(n=Count("pk"))
        .order_by("-n", "current_province__code")
        .first()
    )
    code = biggest["current_province__code"]
    in_province = published.filter(current_province__code=code)
    year = (
        in_province.exclude(start_year=None)
        .values("start_year")
        .annotate(n=Count("pk"))
        .order_by("-n", "start_year")
        .first()["start_year"]
    )
    one = in_province.order_by("pk").first()
    catalogue = reverse("initiatives:list")
    # A selective search: the name of a commune that few initiatives mention (one if possible).
    rare, rare_count = "", None
    for name in (
        published.filter(level="xa")
        .order_by("-pk")
        .values_list("locality__short_name", flat=True)[:40]
    ):
        word = fold(name)
        n = published.search(query_phrase(word)).count()
        if n and (rare_count is None or n < rare_count):
            rare, rare_count = word, n
        if rare_count == 1:
            break
    rare = rare or fold(one.title)

    def q(**params) -> str:
        return f"{catalogue}?{urlencode(params, doseq=True)}"

    pages = [
        Page("static", "static file (floor)", staticfiles_storage.url("css/portal.css"), "floor"),
        Page(
            "admin",
            "admin changelist",
            reverse("admin:initiatives_initiative_changelist"),
            "admin",
            expect='id="changelist"',
        ),
        Page("list", "/sang-kien/", catalogue, "catalogue"),
        Page("province", f"?tinh={code} ({biggest['n']:,})", q(tinh=code), "catalogue"),
        Page(
            "facets",
            f"?tinh={code}&cap&linh_vuc&nam={year}",
            q(tinh=code, cap="xa", linh_vuc="cai-cach-tthc", nam=year),
            "catalogue",
        ),
        Page("page50", "?page=50", q(page=50), "catalogue"),
        Page("search", f"?q={BROAD_QUERY}", q(q=BROAD_QUERY), "catalogue"),
        Page("rare", f"?q={rare} ({rare_count or 0})", q(q=rare), "catalogue"),
    ]
    pages += [Page(f"sort-{s}", f"?sap_xep={s}", q(sap_xep=s), "catalogue") for s in SORTS]
    pages += [
        Page("profile", f"/tinh/{code}/", reverse("province_detail", args=[code]), "other"),
        Page("home", "/", reverse("home"), "other"),
        Page("initiative", "/sang-kien/<slug>/", one.get_absolute_url(), "other"),
        Page(
            "ranking",
            "/chi-so/pci/2016/",
            reverse("indicators:ranking", args=["pci", 2016]),
            "other",
        ),
        Page(
            "compare",
            "/so-sanh/ PAPI 38-cu, 40-cu",
            reverse("indicators:compare") + "?index=papi&p=38-cu&p=40-cu&start=2011&end=2016",
            "other",
        ),
        Page("cross", "/doi-chieu/", reverse("cross_view"), "other"),
        Page("csv", f"CSV ?tinh={code}", q(tinh=code, format="csv"), "export"),
        Page("xlsx", f"XLSX ?tinh={code}", q(tinh=code, format="xlsx"), "export"),
    ]
    return pages


def child_sql(work: Path) -> None:
    """Each page once through Django's test client: queries and SQL ms (DEBUG-independent) of
    its rendering, the whole-page cache off (with it, a repeated address makes no query)."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.PORTAL_PAGE_CACHE_SECONDS = 0

    pages = [Page(**p) for p in json.loads((work / "pages.json").read_text())["pages"]]
    client = Client(HTTP_HOST=HOST)
    admin = Client(HTTP_HOST=HOST)
    admin.force_login(
        get_user_model().objects.get(username=BENCH_USER),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    found = {}
    for page in pages:
        if page.group == "floor":
            continue
        who = admin if page.group == "admin" else client
        who.get(page.url)  # warm: the first request of a process loads templates, translations
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = who.get(page.url)
            if response.streaming:
                b"".join(response.streaming_content)
            wall = time.perf_counter() - started
        found[page.key] = {
            "status": response.status_code,
            "queries": len(queries.captured_queries),
            "sql_ms": 1000 * sum(float(q["time"]) for q in queries.captured_queries),
            "wall_ms": 1000 * wall,
        }
    (work / "sql.json").write_text(json.dumps(found))


def child_unaccent(work: Path, runs: int) -> None:
    """Time the naive accent-insensitive scan the trigram search replaces."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        sql = (
            "SELECT id, title FROM initiatives_initiative "
            "WHERE status = 'approved' AND unaccent(title) ILIKE %s"
        )
        cursor.execute(sql, [f"%{BROAD_QUERY}%"])  # warm
        times, rows = [], 0
        for _ in range(runs):
            started = time.perf_counter()
            cursor.execute(sql, [f"%{BROAD_QUERY}%"])
            rows = len(cursor.fetchall())
            times.append(time.perf_counter() - started)
    (work / "unaccent.json").write_text(
        json.dumps({"p50_ms": 1000 * statistics.median(times), "runs": runs, "rows": rows})
    )


# --- the parent: database, server, load ------------------------------------------------------


def note(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


class Database:
    """A throwaway database: a SQLite file in the work directory, or a fresh PostgreSQL one."""

    def __init__(self, url: str | None, work: Path, prefix: str) -> None:
        import dj_database_url

        self.engine = dj_database_url.parse(url)["ENGINE"] if url else "sqlite3"
        self.name = f"{prefix}_{os.getpid()}"
        if "sqlite3" in self.engine:
            self.url = f"sqlite:///{work / 'bench.sqlite3'}"
            self.server_url = None
        elif "postgresql" in self.engine:
            self.server_url = url
            self.url = urlunsplit(urlsplit(url)._replace(path=f"/{self.name}"))
            self._server(f'CREATE DATABASE "{self.name}"')
        else:
            raise SystemExit(f"Only SQLite and PostgreSQL are supported, not {self.engine}.")

    @property
    def postgresql(self) -> bool:
        return self.server_url is not None

    def _server(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.server_url, autocommit=True) as connection:
            connection.execute(sql)

    def drop(self) -> None:
        if self.postgresql:
            self._server(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def production_env(work: Path, database_url: str) -> dict[str, str]:
    """As ``make serve`` runs the portal: DEBUG off, a secret key, the local host only. Other
    variables pass through (``REDIS_URL``, ``GUNICORN_THREADS``, ``GUNICORN_MAX_REQUESTS``…)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key != "DATABASE_URL"
    }
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "reform_portal.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_TESTING": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_VAR_DIR": str(work / "var"),
        "DJANGO_STATIC_ROOT": str(work / "static"),
        "DJANGO_LOG_LEVEL": "WARNING",
        "DATABASE_URL": database_url,
    }


def run(command: list[str], env: dict[str, str]) -> None:
    # Our own interpreter running manage.py or this script: no outside input in the command.
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603
    if done.returncode:
        sys.stderr.write(done.stdout + done.stderr)
        raise SystemExit(f"Failed ({done.returncode}): {' '.join(command)}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def fetch(port: int, path: str, headers: dict | None = None, method: str = "GET", body=None):
    connection = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


class Server:
    """gunicorn with gunicorn.conf.py, as ``make serve`` and the Docker image run it."""

    def __init__(self, env: dict[str, str], workers: int, work: Path) -> None:
        self.port = free_port()
        self.log = (work / "gunicorn.log").open("ab")
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(  # noqa: S603 - our venv's gunicorn, fixed arguments
            [str(gunicorn), "-c", "gunicorn.conf.py", "reform_portal.wsgi"],
            cwd=ROOT,
            env={**env, "GUNICORN_BIND": f"{HOST}:{self.port}", "GUNICORN_WORKERS": str(workers)},
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                if fetch(self.port, "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise SystemExit(f"gunicorn did not answer /healthz; see {work / 'gunicorn.log'}")
            time.sleep(0.2)

    def wait_idle(self, limit_s: float = 180) -> None:
        """Wait until the requests wrk left queued are done: wrk stops at its deadline, but the
        workers still serve what was sent, which would slow the next page's measurement.
        Idle: three /healthz answers in a row within 250 ms."""
        deadline, quick = time.monotonic() + limit_s, 0
        while quick < 3 and time.monotonic() < deadline:
            started = time.perf_counter()
            fetch(self.port, "/healthz")
            quick = quick + 1 if time.perf_counter() - started < 0.25 else 0

    def worker_rss_mb(self) -> list[float]:
        """VmRSS of the master's children (the workers)."""
        sizes = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
                if ppid != self.process.pid:
                    continue
                status = (stat.parent / "status").read_text()
            except (OSError, ValueError, IndexError):
                continue
            found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
            if found:
                sizes.append(int(found.group(1)) / 1024)
        return sorted(sizes)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def admin_cookie(port: int, password: str) -> str:
    """Log in through the admin's own form (CSRF cookie and token), return the Cookie header."""
    status, headers, body = fetch(port, "/admin/login/")
    cookies = cookie_jar(headers)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or not token or "csrftoken" not in cookies:
        raise SystemExit(f"The admin login page did not give a CSRF token (HTTP {status}).")
    form = urlencode(
        {
            "csrfmiddlewaretoken": token.group(1).decode(),
            "username": BENCH_USER,
            "password": password,
            "next": "/admin/",
        }
    )
    status, headers, _body = fetch(
        port,
        "/admin/login/",
        {
            "Cookie": f"csrftoken={cookies['csrftoken']}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://{HOST}:{port}/admin/login/",
            "Origin": f"http://{HOST}:{port}",
        },
        "POST",
        form,
    )
    cookies.update(cookie_jar(headers))
    if status != 302 or "sessionid" not in cookies:
        raise SystemExit(f"The admin login failed (HTTP {status}).")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def cookie_jar(headers: list[tuple[str, str]]) -> dict[str, str]:
    jar = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            key, _sep, rest = value.partition("=")
            jar[key.strip()] = rest.split(";", 1)[0]
    return jar


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def wrk_ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


def parse_wrk(output: str) -> dict:
    """req/s, p50, p99 (ms), non-2xx responses and socket errors from ``wrk --latency``."""
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+?)\s*$", output, re.M))
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M)
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    done = re.search(r"^\s+(\d+) requests in ", output, re.M)
    if not rate or not done or "50" not in latency or "99" not in latency:
        raise SystemExit(f"Unexpected wrk output:\n{output}")
    counted = int(done.group(1)) > 0  # 0: no answer came back within the duration
    return {
        "answers": int(done.group(1)),
        "requests_per_s": float(rate.group(1)) if counted else None,
        "p50_ms": wrk_ms(latency["50"]) if counted else None,
        "p99_ms": wrk_ms(latency["99"]) if counted else None,
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": sum(int(n) for n in errors.groups()) if errors else 0,
    }


def load(port: int, page: Page, args, cookie: str) -> dict:
    command = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{args.duration}",
        "--timeout",
        "60s",
        "--latency",
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    done = subprocess.run(  # noqa: S603 - wrk from PATH, our own arguments
        [*command, f"http://{HOST}:{port}{page.url}"], capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise SystemExit(f"wrk failed on {page.url}: {done.stderr}")
    return parse_wrk(done.stdout)


def stream(port: int, path: str) -> dict:
    """Time to the first body byte, total time and bytes of one download, read in chunks."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection(HOST, port, timeout=300)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        first = response.read(1)
        first_byte = time.perf_counter() - started
        size = len(first)
        while chunk := response.read(65536):
            size += len(chunk)
        return {
            "status": response.status,
            "first_byte_s": first_byte,
            "total_s": time.perf_counter() - started,
            "bytes": size,
        }
    finally:
        connection.close()


def measure_size(args, work: Path, env: dict[str, str], size: int, database: Database) -> dict:
    meta = json.loads((work / "pages.json").read_text())
    pages = [Page(**p) for p in meta["pages"]]
    password = json.loads((work / "admin.json").read_text())["password"]
    note(f"Starting gunicorn ({args.workers} workers)…")
    server = Server(env, args.workers, work)
    results: list[Result] = []
    try:
        cookie = admin_cookie(server.port, password)
        for page in pages:
            result = Result(page.key, page.label, page.url, page.group)
            results.append(result)
            headers = {"Cookie": cookie} if page.group == "admin" else {}
            status, _headers, body = fetch(server.port, page.url, headers)
            if status != 200 or (page.expect and page.expect.encode() not in body):
                result.notes.append(f"HTTP {status} before the load")
            if page.group == "export":
                note(f"  {page.label}: streaming download…")
                runs = [stream(server.port, page.url) for _ in range(1 if args.quick else 3)]
                best = min(runs, key=lambda r: r["total_s"])
                result.first_byte_s = statistics.median(r["first_byte_s"] for r in runs)
                result.total_s = statistics.median(r["total_s"] for r in runs)
                result.bytes = best["bytes"]
                continue
            note(f"  {page.label}: wrk -t{args.threads} -c{args.connections} -d{args.duration}…")
            for key, value in load(server.port, page, args, headers.get("Cookie", "")).items():
                setattr(result, key, value)
            server.wait_idle()
            if result.requests_per_s is None:
                result.notes.append(f"no answer within {args.duration}: use a longer --duration")
        rss = server.worker_rss_mb()
    finally:
        server.stop()

    note("Queries and SQL time per page (in-process, one request each)…")
    run([sys.executable, str(Path(__file__).resolve()), "--child", "sql", "--work", str(work)], env)
    sql = json.loads((work / "sql.json").read_text())
    for result in results:
        if result.key in sql:
            result.queries = sql[result.key]["queries"]
            result.sql_ms = sql[result.key]["sql_ms"]
    scan = None
    if database.postgresql and args.unaccent_scan:
        note("unaccent scan…")
        runs = "3" if args.quick else str(args.scan_runs)
        command = [sys.executable, str(Path(__file__).resolve()), "--child", "unaccent"]
        run([*command, "--work", str(work), "--count", runs], env)
        scan = json.loads((work / "unaccent.json").read_text())
    return {
        "size": size,
        "engine": "postgresql" if database.postgresql else "sqlite",
        "generated_seconds": meta["seconds"],
        "results": results,
        "worker_rss_mb": rss,
        "unaccent": scan,
        "page_cache": args.page_cache,
    }


# --- the report -------------------------------------------------------------------------------


def failed_http(result: Result) -> bool:
    return any(text.startswith("HTTP") for text in result.notes)


def judge(run_: dict) -> list[str]:
    """Set each result's verdict; return the lines that say which targets were missed. A
    target that cannot be judged (a peer or the page gave no answer in time) counts as
    missed, with the reason."""
    by_key = {r.key: r for r in run_["results"]}
    floor, admin = by_key["static"], by_key["admin"]
    misses = []

    def at_least(value, reference, factor):
        return None if value is None or reference is None else value >= factor * reference

    def at_most(value, reference, factor):
        return None if value is None or reference is None else value <= factor * reference

    for r in run_["results"]:
        checks = []
        if r.non_2xx or r.socket_errors or failed_http(r):
            checks.append((False, f"errors ({r.non_2xx} non-2xx, {r.socket_errors} socket)"))
        if r.group == "catalogue":
            checks.append(
                (
                    at_least(r.requests_per_s, admin.requests_per_s, CATALOGUE_VS_ADMIN),
                    f"req/s ≥ {CATALOGUE_VS_ADMIN}× admin",
                )
            )
            checks.append(
                (
                    at_most(r.p50_ms, floor.p50_ms, CATALOGUE_VS_FLOOR_P50),
                    f"p50 ≤ {CATALOGUE_VS_FLOOR_P50}× floor",
                )
            )
        elif r.group == "other":
            checks.append(
                (
                    at_least(r.requests_per_s, floor.requests_per_s, OTHER_VS_FLOOR),
                    f"req/s ≥ {OTHER_VS_FLOOR:.0%} of the floor",
                )
            )
        elif r.group == "export":
            checks.append((at_most(r.first_byte_s, 1.0, EXPORT_FIRST_BYTE_S), "first byte ≤ 1 s"))
        if run_["engine"] == "sqlite" and r.group != "admin":
            checks.append(
                (
                    at_most(r.p50_ms or (r.total_s and r.total_s * 1000), SQLITE_P50_MS, 1),
                    f"SQLite p50 ≤ {SQLITE_P50_MS} ms",
                )
            )
        if r.key == "search" and run_["unaccent"]:
            scan_rate = 1000 / run_["unaccent"]["p50_ms"]
            checks.append(
                (at_least(r.requests_per_s, scan_rate, SEARCH_VS_SCAN), "≥ 20× unaccent scan")
            )
        failed = [
            text + ("" if ok is False else " (not measured)") for ok, text in checks if not ok
        ]
        r.verdict = "" if not checks else ("pass" if not failed else "FAIL")
        if failed:
            misses.append(f"{r.label}: " + "; ".join(failed))
    rss = run_["worker_rss_mb"]
    if not rss or max(rss) > WORKER_MB:
        misses.append(f"worker RSS {max(rss or [0]):.0f} MB, target ≤ {WORKER_MB} MB")
    return misses


def fmt(value, pattern: str) -> str:
    return "" if value is None else format(value, pattern)


def report(run_: dict) -> list[str]:
    misses = judge(run_)
    by_key = {r.key: r for r in run_["results"]}
    floor, admin = by_key["static"], by_key["admin"]
    print(
        f"\n{run_['size']:,} initiatives on {run_['engine']} "
        f"(generated in {run_['generated_seconds']:.1f} s), whole-page cache "
        f"{'off: every request rendered' if run_.get('page_cache') is False else 'on'}"
    )
    header = (
        f"{'page':<44}{'answers':>8}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}"
        f"{'queries':>8}{'SQL ms':>9}"
        f"{'×admin':>8}{'p50/floor':>10}  target"
    )
    print(header)
    print("-" * len(header))
    for r in run_["results"]:
        if r.group == "export":
            continue
        ratio = (
            r.requests_per_s / admin.requests_per_s
            if r.requests_per_s is not None and admin.requests_per_s
            else None
        )
        p50_ratio = r.p50_ms / floor.p50_ms if r.p50_ms is not None and floor.p50_ms else None
        print(
            f"{r.label[:43]:<44}{fmt(r.answers, ',d'):>8}{fmt(r.requests_per_s, ',.1f'):>9}"
            f"{fmt(r.p50_ms, ',.1f'):>9}"
            f"{fmt(r.p99_ms, ',.1f'):>9}{fmt(r.queries, 'd'):>8}{fmt(r.sql_ms, ',.1f'):>9}"
            f"{fmt(ratio, ',.2f'):>8}{fmt(p50_ratio, ',.1f'):>10}  {r.verdict}"
        )
    print()
    print(f"{'export':<44}{'first byte s':>13}{'total s':>9}{'bytes':>12}{'queries':>8}  target")
    for r in run_["results"]:
        if r.group == "export":
            print(
                f"{r.label:<44}{fmt(r.first_byte_s, '.3f'):>13}{fmt(r.total_s, '.3f'):>9}"
                f"{fmt(r.bytes, ','):>12}{fmt(r.queries, 'd'):>8}  {r.verdict}"
            )
    rss = run_["worker_rss_mb"]
    print(
        "\ngunicorn workers RSS after the run: "
        + (", ".join(f"{mb:.0f} MB" for mb in rss) or "none found")
        + f" (target ≤ {WORKER_MB} MB)"
    )
    if run_["unaccent"]:
        scan = run_["unaccent"]
        search = by_key["search"]
        rate = 1000 / scan["p50_ms"]
        print(
            f"unaccent(title) ILIKE '%{BROAD_QUERY}%' scan: p50 {scan['p50_ms']:.1f} ms "
            f"({rate:.1f}/s on one connection, {scan['rows']:,} rows, {scan['runs']} runs); "
            f"the search page: {fmt(search.requests_per_s, '.1f')} req/s = "
            f"{fmt(search.requests_per_s and search.requests_per_s / rate, '.1f')}× "
            f"(target ≥ {SEARCH_VS_SCAN}×)"
        )
    for r in run_["results"]:
        for text in r.notes:
            print(f"{'ERROR' if text.startswith('HTTP') else 'NOTE'} {r.label}: {text}")
    if misses:
        print(f"Targets missed ({len(misses)}):")
        for line in misses:
            print(f"  - {line}")
    else:
        print("Every target met.")
    return misses


def report_growth(runs: list[dict]) -> list[str]:
    sizes = [r["size"] for r in runs]

    def short(n: int) -> str:
        return f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else str(n)

    header = f"{'page (p50 ms; exports: total)':<44}" + "".join(f"{s:>10,}" for s in sizes)
    header += f"{f'{short(sizes[-1])}/{short(sizes[0])}':>11}  target"
    print("\nHow each page's p50 grows with the catalogue")
    print(header)
    print("-" * len(header))
    misses = []
    for i, r in enumerate(runs[0]["results"]):
        values = [run_["results"][i].p50_ms for run_ in runs]
        if values[0] is None:
            values = [run_["results"][i].total_s for run_ in runs]
            values = [v * 1000 if v is not None else None for v in values]
        growth = values[-1] / values[0] if values[0] and values[-1] is not None else None
        ok = growth is not None and growth <= FLAT_GROWTH
        judged = r.group in ("catalogue", "other")  # an export grows with its rows
        if judged and not ok:
            misses.append(f"{r.label}: p50 grows {fmt(growth, '.1f')}×")
        print(
            f"{r.label[:43]:<44}"
            + "".join(f"{fmt(v, ',.1f'):>10}" for v in values)
            + f"{fmt(growth, '.2f'):>11}  "
            + (("pass" if ok else "FAIL") if judged else "")
        )
    return misses


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--initiatives", type=int, default=50_000, help="how many (50000)")
    parser.add_argument(
        "--scale", help="sizes to build and measure in turn, e.g. 5000,50000,200000"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--duration", default="10s", help="wrk -d per page (10s)")
    parser.add_argument("--connections", type=int, default=8, help="wrk -c (8)")
    parser.add_argument("--threads", type=int, default=2, help="wrk -t (2)")
    parser.add_argument(
        "--quick", action="store_true", help="smoke run: wrk -t1 -c2 -d5s, fewer repeats"
    )
    parser.add_argument("--seed", type=int, default=2025, help="seed of the generated data")
    parser.add_argument(
        "--unaccent-scan",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="time the unaccent ILIKE scan on PostgreSQL (on by default)",
    )
    parser.add_argument(
        "--page-cache",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="keep whole public pages for visitors (reform_portal.page_cache; on by default, as "
        "served): wrk repeats one address, so with it on a page is rendered once per data "
        "version; --no-page-cache renders every request (the cost of a first visit)",
    )
    parser.add_argument("--scan-runs", type=int, default=20, help="executions of the scan (20)")
    parser.add_argument("--json", type=Path, help="write the results to this file")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL") or None,
        help="a PostgreSQL server to create the throwaway database on (default: "
        "$DATABASE_URL, else SQLite in a temporary directory)",
    )
    parser.add_argument(
        "--db-prefix", default="bench_pages", help="name prefix of the throwaway database"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    # Internal: what the child processes are told to do.
    parser.add_argument("--child", choices=("generate", "sql", "unaccent"), help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--count", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.quick:
        args.duration, args.connections, args.threads = "5s", 2, 1
    return args


def interrupted(signum, frame) -> None:
    raise KeyboardInterrupt


def main() -> int:
    args = parse_args()
    if args.child:
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        if args.child == "generate":
            child_generate(args.work, args.count, args.seed)
        elif args.child == "sql":
            child_sql(args.work)
        else:
            child_unaccent(args.work, args.count)
        return 0

    # kill (SIGTERM) runs the clean-up too: the server stopped, the database dropped.
    signal.signal(signal.SIGTERM, interrupted)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    sizes = sorted(int(s) for s in args.scale.split(",")) if args.scale else [args.initiatives]
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    database = Database(args.database_url, work, args.db_prefix)
    runs, misses = [], []
    try:
        env = production_env(work, database.url)
        if not args.page_cache:
            env["PORTAL_PAGE_CACHE_SECONDS"] = "0"
        note(f"Preparing the database ({'postgresql' if database.postgresql else 'sqlite'})…")
        for command in ("migrate --noinput", "load_demo_data", "collectstatic --noinput"):
            run([sys.executable, "manage.py", *command.split(), "-v0"], env)
        have = 0
        script = [sys.executable, str(Path(__file__).resolve()), "--work", str(work)]
        for step, size in enumerate(sizes):
            note(f"Generating {size - have:,} initiatives (to {size:,})…")
            generate = ["--child", "generate", "--count", str(size - have)]
            run([*script, *generate, "--seed", str(args.seed + step)], env)
            have = size
            run_ = measure_size(args, work, env, size, database)
            misses += report(run_)
            runs.append(run_)
        if len(runs) > 1:
            misses += report_growth(runs)
    finally:
        database.drop()
        if args.keep:
            note(f"Kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        args.json.write_text(
            json.dumps(
                [{**r, "results": [asdict(x) for x in r["results"]]} for r in runs],
                indent=2,
                ensure_ascii=False,
            )
        )
    print(f"Total wall time: {time.perf_counter() - started:.1f} s")
    # A page that did not answer as it should fails the run; a missed target does not.
    errors = [r for run_ in runs for r in run_["results"] if failed_http(r) or r.non_2xx]
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
