"""Reading one cell as people write it in a spreadsheet; a cell that cannot be read raises
:class:`CellError` with the reason, which the import puts after the row, column and value."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

#: The first year of the portal's data (the first PAR and PCI editions came later; 1990 leaves
#: room), the first year an initiative may have started.
FIRST_DATA_YEAR = 1990


class CellError(ValueError):
    """A cell that cannot be read: its column and the value received go into the message."""


def next_year() -> int:
    return timezone.localdate().year + 1


def parse_year(text: str, *, first: int = FIRST_DATA_YEAR, last: int | None = None) -> int:
    """A four-digit year from ``first`` to ``last`` (next year unless given); "2019.0", as a
    spreadsheet stores a number, is read as 2019."""
    raw = (text or "").strip()
    if raw.endswith(".0"):
        raw = raw[:-2]
    last = next_year() if last is None else last
    if not raw.isdigit() or not first <= int(raw) <= last:
        raise CellError(
            _("năm phải là số có 4 chữ số, từ %(first)s đến %(last)s, ví dụ 2019")
            % {"first": first, "last": last}
        )
    return int(raw)


def format_number(value: Decimal | int | float | None) -> str:
    """A number as people write it in Vietnamese: decimal comma, no exponent, no trailing
    zeros ("60", "76,23", "6,5"); "—" for none."""
    if value is None:
        return "—"
    text = format(Decimal(str(value)).normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")
