import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_throttle():
    """Each test starts with no request counted against its address."""
    cache.clear()
    yield
    cache.clear()
