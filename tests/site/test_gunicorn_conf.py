"""gunicorn.conf.py: worker recycling is configurable and rare by default."""

from __future__ import annotations

import runpy
from pathlib import Path

CONF = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


def test_max_requests_from_the_environment_with_jitter(monkeypatch):
    monkeypatch.delenv("GUNICORN_MAX_REQUESTS", raising=False)
    default = runpy.run_path(str(CONF))
    assert (default["max_requests"], default["max_requests_jitter"]) == (100_000, 10_000)

    monkeypatch.setenv("GUNICORN_MAX_REQUESTS", "0")
    never = runpy.run_path(str(CONF))
    assert (never["max_requests"], never["max_requests_jitter"]) == (0, 0)
