"""The catalogue tests run on the session's demo data: the 16 demo initiatives, published."""

from __future__ import annotations

import pytest


@pytest.fixture
def demo(db, demo_data):
    from initiatives.models import Initiative

    assert Initiative.objects.published().count() == 16
