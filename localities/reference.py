"""Reference facts about the units that no package lists: the 63 → 34 succession and Hà Tây.

Source: Resolution 202/2025/QH15, as summarised in the team's DOMAIN.md. Names are short names
(without "Tỉnh"/"Thành phố"); the loader matches them to units by their folded form.
"""

from __future__ import annotations

import datetime
from typing import TypedDict

#: New province (in force from 1 July 2025) -> the pre-2025 provinces it was formed from.
#: The 11 unchanged provinces succeed themselves.
SUCCESSION_2025: dict[str, tuple[str, ...]] = {
    "Hà Nội": ("Hà Nội",),
    "Huế": ("Huế",),
    "Lai Châu": ("Lai Châu",),
    "Điện Biên": ("Điện Biên",),
    "Sơn La": ("Sơn La",),
    "Lạng Sơn": ("Lạng Sơn",),
    "Quảng Ninh": ("Quảng Ninh",),
    "Thanh Hóa": ("Thanh Hóa",),
    "Nghệ An": ("Nghệ An",),
    "Hà Tĩnh": ("Hà Tĩnh",),
    "Cao Bằng": ("Cao Bằng",),
    "Tuyên Quang": ("Tuyên Quang", "Hà Giang"),
    "Lào Cai": ("Lào Cai", "Yên Bái"),
    "Thái Nguyên": ("Thái Nguyên", "Bắc Kạn"),
    "Phú Thọ": ("Phú Thọ", "Vĩnh Phúc", "Hòa Bình"),
    "Bắc Ninh": ("Bắc Ninh", "Bắc Giang"),
    "Hưng Yên": ("Hưng Yên", "Thái Bình"),
    "Hải Phòng": ("Hải Phòng", "Hải Dương"),
    "Ninh Bình": ("Ninh Bình", "Hà Nam", "Nam Định"),
    "Quảng Trị": ("Quảng Trị", "Quảng Bình"),
    "Đà Nẵng": ("Đà Nẵng", "Quảng Nam"),
    "Quảng Ngãi": ("Quảng Ngãi", "Kon Tum"),
    "Gia Lai": ("Gia Lai", "Bình Định"),
    "Khánh Hòa": ("Khánh Hòa", "Ninh Thuận"),
    "Lâm Đồng": ("Lâm Đồng", "Đắk Nông", "Bình Thuận"),
    "Đắk Lắk": ("Đắk Lắk", "Phú Yên"),
    "Hồ Chí Minh": ("Hồ Chí Minh", "Bình Dương", "Bà Rịa - Vũng Tàu"),
    "Đồng Nai": ("Đồng Nai", "Bình Phước"),
    "Tây Ninh": ("Tây Ninh", "Long An"),
    "Cần Thơ": ("Cần Thơ", "Sóc Trăng", "Hậu Giang"),
    "Vĩnh Long": ("Vĩnh Long", "Bến Tre", "Trà Vinh"),
    "Đồng Tháp": ("Đồng Tháp", "Tiền Giang"),
    "Cà Mau": ("Cà Mau", "Bạc Liêu"),
    "An Giang": ("An Giang", "Kiên Giang"),
}


class UnitRow(TypedDict):
    """A unit no package lists (HA_TAY)."""

    code: str
    name: str
    short_name: str
    english_name: str
    valid_to: datetime.date
    successor_code: str


#: Hà Tây province: merged into Hà Nội on 1 August 2008 (Resolution 15/2008/QH12).
HA_TAY: UnitRow = {
    "code": "28",
    "name": "Tỉnh Hà Tây",
    "short_name": "Hà Tây",
    "english_name": "Ha Tay",
    "valid_to": datetime.date(2008, 7, 31),
    "successor_code": "01",  # the pre-2025 Hà Nội
}

#: English names that are not simply the name without diacritics.
ENGLISH_NAMES = {
    "Hà Nội": "Hanoi",
    "Hồ Chí Minh": "Ho Chi Minh City",
    "Huế": "Hue",
}
