"""Numbers of the indicator pages as people read them: scores in the page's language, signed
changes, rank moves and the text of a score's cell. Used by the ranking table and by the site's
template filters and tags (``reform_portal/templatetags/portal.py``)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import ngettext

from indicators.models import Score


def score(value: Decimal | None) -> str:
    """81.98 → "81,98" on Vietnamese pages, "81.98" on English ones; None → "—"."""
    if value is None:
        return "—"
    return number_format(value, decimal_pos=2)


def signed(value: Decimal | None) -> str:
    """1.5 → "+1,50", -2 → "−2,00", 0 → "±0"; None → ""."""
    if value is None:
        return ""
    text = number_format(abs(value), decimal_pos=2)
    return f"+{text}" if value > 0 else (f"−{text}" if value < 0 else "±0")


def rank_change(value: int | None) -> str:
    """5 → "↑ 5 bậc"; -2 → "↓ 2 bậc"; 0 → "="."""
    if value is None:
        return ""
    if value == 0:
        return "="
    arrow = "↑" if value > 0 else "↓"
    return f"{arrow} " + ngettext("%(n)s bậc", "%(n)s bậc", abs(value)) % {"n": abs(value)}


def score_text(value: Score | None) -> str:
    """What a score's cell says: its value ("81,98"), both figures when two sources disagree
    ("91,87 / 91,81"), the label of its status when there is no figure ("Không công bố",
    "Chỉ biết thứ hạng"), "—" when there is no score at all."""
    if value is None:
        return "—"
    if value.status == Score.Status.CONFLICT:
        return f"{score(value.value)} / {score(value.alt_value)}"
    if value.value is None:
        return value.get_status_display()
    return score(value.value)
