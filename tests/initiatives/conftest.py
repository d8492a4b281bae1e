"""Catalogue test data: the indicator reference data, the demo scores and the 16 demo
initiatives, loaded once per session (all idempotent)."""

from __future__ import annotations

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def catalogue_data(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_indicator_reference", verbosity=0)
        # Scores (PAPI 2011–2016 …) for the "targeted indicators" table of the detail page.
        call_command("load_indicator_demo", verbosity=0)
        call_command("load_demo_initiatives", verbosity=0)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: a rolled-back test must not leave its pages."""
    from django.core.cache import cache

    cache.clear()
