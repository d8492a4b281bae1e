"""Reading values as people write them in score spreadsheets: 81,98 · 81.98 · 81,98% · 22/63."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from localities.text import fold
from spreadsheets.cells import CellError

#: Canonical column → the header names people use (folded), Vietnamese or English.
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "province": (
        "tinh thanh pho",
        "tinh tp",
        "tinh",
        "thanh pho",
        "province",
        "don vi",
        "ten tinh",
    ),
    "province_code": ("ma tinh", "province code", "ma tinh thanh pho", "ma don vi"),
    "index": ("chi so", "index", "ten chi so", "bo chi so"),
    "year": ("nam", "year", "nam danh gia", "ky danh gia"),
    "component": ("thanh phan", "component", "chi so thanh phan", "noi dung", "linh vuc"),
    "score": ("diem", "score", "diem so", "gia tri", "value"),
    "rank": ("xep hang", "rank", "thu hang", "hang"),
    "tier": ("xep loai", "tier", "nhom", "nhom xep loai"),
    "status": ("trang thai", "status"),
    "source_url": ("source url", "nguon", "source", "duong dan nguon"),
}
COLUMN_LABELS = {
    "province": "Tỉnh/Thành phố",
    "province_code": "Mã tỉnh",
    "index": "Chỉ số",
    "year": "Năm",
    "component": "Thành phần",
    "score": "Điểm",
    "rank": "Xếp hạng",
    "tier": "Xếp loại",
    "status": "Trạng thái",
    "source_url": "Nguồn",
}
REQUIRED_COLUMNS = ("province", "index", "year", "score")
NOT_PUBLISHED_WORDS = {"khong cong bo", "chua cong bo", "not published", "kcb", "n a", "na"}

_HEADER_LOOKUP = {alias: column for column, aliases in COLUMN_ALIASES.items() for alias in aliases}
_RANK = re.compile(r"^\s*(\d{1,3})\s*(?:/\s*(\d{1,3}))?\s*$")
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
_TOTAL_WORDS = {"", "tong", "tong diem", "total", "diem tong", "chi so tong hop", "tong hop"}


def canonical_column(header: str) -> str | None:
    return _HEADER_LOOKUP.get(fold(header or ""))


def parse_score(text: str) -> Decimal | None:
    """'81,98' / '81.98' / '81,98%' / '81,98 %' → Decimal('81.98'); 'không công bố' → None."""
    raw = (text or "").strip()
    if fold(raw) in NOT_PUBLISHED_WORDS:
        return None
    cleaned = raw.replace("%", "").replace("\u00a0", "").replace(" ", "")
    if not cleaned:
        raise CellError(_("ô trống (ghi “không công bố” nếu kỳ này không công bố điểm)"))
    if not _NUMBER.match(cleaned):
        raise CellError(_("không phải một số (ví dụ hợp lệ: 81,98 hoặc 81.98)"))
    try:
        value = Decimal(cleaned.replace(",", "."))
    except InvalidOperation as exc:  # pragma: no cover - guarded by the pattern above
        raise CellError(_("không phải một số")) from exc
    if not value.is_finite() or abs(value) >= Decimal("100000"):
        raise CellError(_("số không hợp lệ"))
    return value


def parse_rank(text: str) -> tuple[int | None, int | None]:
    """'22' → (22, None); '22/63' → (22, 63); '' → (None, None)."""
    raw = (text or "").strip()
    if not raw or fold(raw) in NOT_PUBLISHED_WORDS or raw in {"-", "—"}:
        return None, None
    if raw.endswith(".0") and raw[:-2].isdigit():  # spreadsheets turn 22 into 22.0
        raw = raw[:-2]
    match = _RANK.match(raw)
    if not match:
        raise CellError(_("xếp hạng phải là số nguyên, ví dụ 22 hoặc 22/63"))
    rank = int(match.group(1))
    total = int(match.group(2)) if match.group(2) else None
    if rank < 1 or (total is not None and (total < 1 or rank > total)):
        raise CellError(_("xếp hạng phải từ 1 đến tổng số tỉnh"))
    return rank, total


def is_total(component_text: str) -> bool:
    return fold(component_text or "") in _TOTAL_WORDS
