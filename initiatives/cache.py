"""What is the same for every visitor, cached and invalidated on write.

Every cached value (catalogue facet counts and totals, the home page's counts, recent list and
index leaders, the search vocabulary, the whole public pages of reform_portal.page_cache) is
stored under a key that embeds a *data version*. A write (``post_save``/``post_delete`` of an
initiative or what its page shows of it, an area, score, edition, index, component, unit or
unit name, a spreadsheet import, or an explicit :func:`bump`
after a bulk change that sends no signal) sets a new
version, so the next request computes afresh; old entries simply expire. The version is bumped
again when the transaction commits, so a reader that cached the old rows between the write and
the commit does not keep them.

With ``REDIS_URL`` the cache (and so the version) is shared by every worker; with the default
local-memory cache each process has its own, and another worker sees a write within
``PORTAL_CACHE_SECONDS``.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.translation import get_language

VERSION_KEY = "portal:data-version"


def data_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = time.time_ns()
        cache.add(VERSION_KEY, version, timeout=None)
        version = cache.get(VERSION_KEY, version)
    return version


def bump() -> None:
    """Invalidate every cached value now, and again when the current transaction commits."""
    cache.set(VERSION_KEY, time.time_ns(), timeout=None)
    transaction.on_commit(lambda: cache.set(VERSION_KEY, time.time_ns(), timeout=None))


def cached(name: str, parts: Any, compute: Callable[[], Any], *, per_language: bool = True):
    """``compute()`` cached under ``name`` + a digest of ``parts`` + the data version (and the
    language, for values holding labels)."""
    digest = hashlib.sha1(repr(parts).encode(), usedforsecurity=False).hexdigest()[:20]
    language = (get_language() or "vi") if per_language else ""
    key = f"portal:{name}:{data_version()}:{language}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value)
    return value


def _model_written(sender, **kwargs) -> None:
    bump()


def connect() -> None:
    """Listen to the models whose rows the cached pages show. Only these: a model with a
    delete listener loses Django's fast delete (one DELETE becomes a SELECT, then a DELETE),
    and an m2m listener makes ``areas.set()`` read the rows first: the targets of an
    initiative, replaced on every import row, bump explicitly (Initiative.set_targets), and
    a change of its areas is saved with the initiative, in a transaction whose commit bumps."""
    from indicators import models as indicators
    from initiatives import models as catalogue
    from localities import models as localities

    # The targets of an initiative are replaced by Initiative.set_targets, which bumps; a
    # delete listener would make its DELETE read the rows first, on every import row.
    post_save.connect(
        _model_written, sender=catalogue.InitiativeTarget, dispatch_uid="portal-cache-target-save"
    )
    for model in (
        catalogue.Initiative,
        # What an initiative's page shows of it (reform_portal.page_cache keeps that page).
        catalogue.Outcome,
        catalogue.Source,
        catalogue.Attachment,
        catalogue.ReformArea,
        indicators.Score,
        indicators.Edition,
        indicators.Index,
        indicators.Component,
        localities.AdministrativeUnit,
        localities.UnitNamePeriod,
    ):
        uid = f"portal-cache-{model._meta.label_lower}"
        post_save.connect(_model_written, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(_model_written, sender=model, dispatch_uid=uid + "-delete")
    _connect_import_signal()


def _connect_import_signal() -> None:
    # Spreadsheet imports may write in bulk (no post_save): invalidate after each import.
    from import_export.signals import post_import

    post_import.connect(lambda **kwargs: bump(), weak=False, dispatch_uid="portal-cache-import")
