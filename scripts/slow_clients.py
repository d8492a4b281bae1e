#!/usr/bin/env python3
"""Slow-client test (CI): `make serve` (gunicorn, production settings) on a free loopback port,
nginx (deploy/nginx.ci.conf) in front of it on another, then CLIENTS connections that trickle
their request headers one byte at a time while /healthz is asked through nginx once a second:
every answer must be a 200 within 1 s. Exits 1 otherwise.

Loopback only; bounded in connections and time; gunicorn and nginx run in their own process
groups in a temporary folder and are stopped (and the folder removed) whatever happens.
``--direct`` aims the trickling clients and the probes at gunicorn itself, without nginx: the
topology the portal had before (there, the probes time out).

    python scripts/slow_clients.py [--clients 50] [--seconds 20] [--direct]
    DATABASE_URL=postgres://… python scripts/slow_clients.py   # else a throwaway SQLite file
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOOPBACK = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]


def healthz(port: int, timeout: float) -> tuple[int | None, float]:
    """(status or None, seconds) of one GET /healthz."""
    started = time.monotonic()
    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=timeout)
    try:
        connection.request("GET", "/healthz", headers={"Host": LOOPBACK})
        status = connection.getresponse().status
    except OSError:
        status = None
    finally:
        connection.close()
    return status, time.monotonic() - started


def wait_until_up(port: int, seconds: float, process: subprocess.Popen, name: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{name} exited with {process.returncode} before answering")
        if healthz(port, 2)[0] == 200:
            return
        time.sleep(0.5)
    raise SystemExit(f"{name} did not answer /healthz on port {port} within {seconds:.0f} s")


def trickle(port: int, interval: float, stop: threading.Event, opened: list[socket.socket]) -> None:
    """One slow client: a request line and headers, one byte every ``interval``, unfinished."""
    request = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow-client-test\r\n" + (
        b"X-Padding: " + b"a" * 4000
    )
    try:
        sock = socket.create_connection((LOOPBACK, port), timeout=5)
    except OSError:
        return
    opened.append(sock)
    for byte in request:
        if stop.wait(interval):
            break
        try:
            sock.sendall(bytes([byte]))
        except OSError:
            return  # the server hung up on a slow client: that is allowed


def stop_group(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=20, help="how long the clients trickle")
    parser.add_argument("--interval", type=float, default=2.0, help="seconds between bytes")
    parser.add_argument("--limit", type=float, default=1.0, help="seconds a probe may take")
    parser.add_argument("--direct", action="store_true", help="no nginx: clients hit gunicorn")
    parser.add_argument(
        "--wrk",
        metavar="PATH",
        help="instead of slow clients: load the demo data, then wrk -c CLIENTS -d SECONDS PATH",
    )
    args = parser.parse_args()
    if not 1 <= args.clients <= 200 or not 1 <= args.seconds <= 120:  # bounded, also in CI
        parser.error("at most 200 clients for at most 120 s")
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not args.direct and not os.path.exists(nginx):
        raise SystemExit("nginx not found (apt-get install nginx)")

    work = Path(tempfile.mkdtemp(prefix="slow-clients-"))
    work.chmod(0o755)
    app_port, nginx_port = free_port(), free_port()
    app = proxy = None
    stop = threading.Event()
    opened: list[socket.socket] = []

    def on_signal(signum, frame):
        raise SystemExit(f"stopped by signal {signum}")

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        env = {
            **os.environ,
            "HOST": LOOPBACK,
            "PORT": str(app_port),
            "GUNICORN_BIND": f"{LOOPBACK}:{app_port}",
            "DJANGO_VAR_DIR": str(work / "var"),
            "DJANGO_ALLOWED_HOSTS": LOOPBACK,
            "DJANGO_SECRET_KEY": "slow-client-test-" + os.urandom(24).hex(),
            "DJANGO_SECURE_SSL_REDIRECT": "false",
        }
        env.pop("DJANGO_TESTING", None)
        env.pop("DJANGO_DEBUG", None)
        log = (work / "serve.log").open("wb")
        if args.wrk:
            demo_env = {**env, "DJANGO_DEBUG": "true"}
            for command in (["migrate", "--noinput", "-v0"], ["load_demo_data"]):
                subprocess.run(  # noqa: S603
                    [sys.executable, "manage.py", *command],
                    cwd=ROOT,
                    env=demo_env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    check=True,
                )
        app = subprocess.Popen(
            ["make", "--no-print-directory", "serve"],  # noqa: S607
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_until_up(app_port, 180, app, "make serve")
        target = app_port
        if not args.direct:
            prefix = work / "nginx"
            prefix.mkdir()
            shutil.copy(ROOT / "deploy" / "portal-proxy.conf", prefix / "portal-proxy.conf")
            conf = (ROOT / "deploy" / "nginx.ci.conf").read_text()
            for name, value in {
                "@PREFIX@": str(prefix),
                "@APP_PORT@": str(app_port),
                "@NGINX_PORT@": str(nginx_port),
                "@STATIC_ROOT@": str(work / "var" / "static"),
            }.items():
                conf = conf.replace(name, value)
            (prefix / "nginx.conf").write_text(conf)
            check = subprocess.run(  # noqa: S603
                [nginx, "-t", "-q", "-p", str(prefix), "-c", str(prefix / "nginx.conf")],
                capture_output=True,
                text=True,
                check=False,
            )
            if check.returncode:
                raise SystemExit(f"nginx -t failed:\n{check.stderr}")
            proxy = subprocess.Popen(  # noqa: S603
                [nginx, "-p", str(prefix), "-c", str(prefix / "nginx.conf")],
                start_new_session=True,
            )
            wait_until_up(nginx_port, 20, proxy, "nginx")
            target = nginx_port

        if args.wrk:
            url = f"http://{LOOPBACK}:{target}{args.wrk}"
            print(f"wrk: {args.clients} connections for {args.seconds} s on {url}", flush=True)
            wrk = [shutil.which("wrk") or "wrk", "-t2", f"-c{args.clients}", f"-d{args.seconds}s"]
            done = subprocess.run([*wrk, "--timeout", "30s", "--latency", url], check=False)  # noqa: S603
            return done.returncode
        # Each worker answers once before the clients come: its first request imports the
        # views and opens the database connection, which a loaded machine may take over a
        # second to do; what is measured is whether slow clients starve the workers.
        for _ in range(10):
            if healthz(target, 30)[0] == 200:
                break
            time.sleep(1)
        for _ in range(4):
            healthz(target, 30)
        print(f"{args.clients} clients trickling headers to port {target} for {args.seconds} s")
        threads = [
            threading.Thread(
                target=trickle, args=(target, args.interval, stop, opened), daemon=True
            )
            for _ in range(args.clients)
        ]
        for thread in threads:
            thread.start()
        time.sleep(2)  # every slow client is connected and has started its request
        failures = 0
        probes = 0
        deadline = time.monotonic() + args.seconds - 2
        while time.monotonic() < deadline:
            status, took = healthz(target, args.limit)
            probes += 1
            ok = status == 200 and took <= args.limit
            failures += not ok
            print(f"  /healthz → {status or 'no answer'} in {took:.3f} s{'' if ok else '  FAIL'}")
            time.sleep(max(0.0, 1 - took))
        print(f"{probes - failures}/{probes} probes answered within {args.limit} s")
        return 1 if failures or probes == 0 else 0
    finally:
        stop.set()
        for sock in opened:
            sock.close()
        stop_group(proxy)
        stop_group(app)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
