"""gunicorn settings shared by `make serve` and the Docker image."""

import multiprocessing
import os

bind = os.environ.get(
    "GUNICORN_BIND", f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
)
workers = int(os.environ.get("GUNICORN_WORKERS", min(4, multiprocessing.cpu_count() * 2 + 1)))
threads = int(os.environ.get("GUNICORN_THREADS", 2))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 120))  # large admin imports
graceful_timeout = 30
# Bounded queueing: each worker takes at most worker_connections requests at a time (being
# served or waiting for a thread), the kernel holds at most `backlog` more; beyond, the
# proxy's proxy_connect_timeout (5 s, deploy/portal-proxy.conf) answers 502/504 instead of an
# ever longer wait.
worker_connections = int(os.environ.get("GUNICORN_WORKER_CONNECTIONS", 16))
backlog = int(os.environ.get("GUNICORN_BACKLOG", 64))
# Recycle a worker after this many requests (a guard against slow leaks; 0: never). At 2,000
# a cheap page restarted each worker every second or two under load.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 100_000))
max_requests_jitter = max_requests // 10
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
