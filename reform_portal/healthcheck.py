"""Docker HEALTHCHECK: ask /healthz on this container as the first allowed host would."""

import os
import sys
import urllib.request

host = (
    os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost").split(",")[0].strip() or "localhost"
).lstrip(".")
port = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000").rsplit(":", 1)[-1]
request = urllib.request.Request(
    f"http://127.0.0.1:{port}/healthz", headers={"Host": host, "X-Forwarded-Proto": "https"}
)
try:
    with urllib.request.urlopen(request, timeout=4) as response:  # noqa: S310
        sys.exit(0 if response.status == 200 else 1)
except Exception:
    sys.exit(1)
