from __future__ import annotations

import pytest

from localities.resolve import UnitResolver


@pytest.fixture(scope="module")
def provinces(django_db_setup, django_db_blocker) -> UnitResolver:
    """One province resolver per module: the units are reference data loaded for the session."""
    with django_db_blocker.unblock():
        return UnitResolver.for_provinces()
