"""Build fixtures/units_pre2025.csv.gz: Vietnam's administrative units before 1 July 2025.

The 63 provinces, their districts and communes as listed by the ``vietnam-provinces`` package,
release 0.6.0 (a snapshot of January 2025). The portal itself depends on the 2025.x release,
which only lists the current units, so this script runs once, in an environment that has 0.6.0,
and the compact file it writes is committed. ``manage.py load_localities`` reads that file; the
portal never needs 0.6.0 at run time.

Run it with any Python that has vietnam-provinces 0.6.0 installed, from the repository root::

    python3 -m venv /tmp/vp06 && /tmp/vp06/bin/pip install vietnam-provinces==0.6.0
    /tmp/vp06/bin/python scripts/build_pre2025_units.py

The package's ``division_type`` field is unreliable in 0.6.0 ("tỉnh" for Hà Nội, "huyện" for
Quận Ba Đình), so the unit type is derived from the name's prefix. Columns of the output:
``level,code,parent_code,unit_type,name,short_name`` with zero-padded codes (province 2 digits,
district 3, commune 5) and names in NFC. Rows are sorted by level then code, and the gzip header
carries no timestamp, so a rebuild from the same data gives the same bytes.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
import unicodedata
from importlib import metadata, resources
from pathlib import Path

EXPECTED_VERSION = "0.6.0"
OUTPUT = Path(__file__).resolve().parent.parent / "fixtures" / "units_pre2025.csv.gz"

PROVINCE, DISTRICT, COMMUNE = 1, 2, 3
CODE_WIDTH = {PROVINCE: 2, DISTRICT: 3, COMMUNE: 5}

#: Centrally-run cities (thành phố trực thuộc trung ương) before 1 July 2025. Huế became one
#: on 1 January 2025, so the January 2025 list already calls it "Thành phố Huế".
CENTRAL_CITY_CODES = {"01", "31", "46", "48", "79", "92"}

#: Name prefix -> unit type (values of AdministrativeUnit.UnitType), per level.
PREFIXES = {
    PROVINCE: [("Thành phố", "thanh_pho_trung_uong"), ("Tỉnh", "tinh")],
    DISTRICT: [
        ("Thành phố", "thanh_pho_thuoc_tinh"),
        ("Thị xã", "thi_xa"),
        ("Quận", "quan"),
        ("Huyện", "huyen"),
    ],
    COMMUNE: [
        ("Thị trấn", "thi_tran"),
        ("Phường", "phuong"),
        ("Xã", "xa"),
        ("Đặc khu", "dac_khu"),
    ],
}

EXPECTED_COUNTS = {PROVINCE: 63, DISTRICT: (680, 720), COMMUNE: (9_900, 10_200)}


def split_name(name: str, level: int) -> tuple[str, str]:
    """Return (unit_type, short_name) from an official name such as "Thị trấn Long Hải"."""
    for prefix, unit_type in PREFIXES[level]:
        if name.casefold().startswith(prefix.casefold() + " "):
            return unit_type, name[len(prefix) + 1 :].strip()
    raise ValueError(f"Unknown unit type prefix in {name!r} (level {level})")


def canonical_name(name: str) -> str:
    """NFC, single spaces, the prefix capitalised officially ("Thành Phố" → "Thành phố")."""
    name = " ".join(unicodedata.normalize("NFC", name).split())
    for prefixes in PREFIXES.values():
        for prefix, _unit_type in prefixes:
            if name.casefold().startswith(prefix.casefold() + " "):
                return prefix + name[len(prefix) :]
    return name


def rows_from(provinces: list[dict]) -> list[tuple]:
    rows = []
    for province in provinces:
        p_code = f"{province['code']:0{CODE_WIDTH[PROVINCE]}d}"
        p_name = canonical_name(province["name"])
        p_type, p_short = split_name(p_name, PROVINCE)
        if (p_type == "thanh_pho_trung_uong") != (p_code in CENTRAL_CITY_CODES):
            raise ValueError(f"Unexpected province type for {p_name} ({p_code})")
        rows.append((PROVINCE, p_code, "", p_type, p_name, p_short))
        for district in province["districts"]:
            d_code = f"{district['code']:0{CODE_WIDTH[DISTRICT]}d}"
            d_name = canonical_name(district["name"])
            d_type, d_short = split_name(d_name, DISTRICT)
            rows.append((DISTRICT, d_code, p_code, d_type, d_name, d_short))
            for ward in district["wards"]:
                w_code = f"{ward['code']:0{CODE_WIDTH[COMMUNE]}d}"
                w_name = canonical_name(ward["name"])
                w_type, w_short = split_name(w_name, COMMUNE)
                rows.append((COMMUNE, w_code, d_code, w_type, w_name, w_short))
    rows.sort(key=lambda row: (row[0], row[1]))
    return rows


def check_counts(rows: list[tuple]) -> dict[int, int]:
    counts = {level: sum(1 for row in rows if row[0] == level) for level in CODE_WIDTH}
    for level, expected in EXPECTED_COUNTS.items():
        low, high = expected if isinstance(expected, tuple) else (expected, expected)
        if not low <= counts[level] <= high:
            raise ValueError(f"Level {level}: {counts[level]} units, expected {expected}")
    keys = [(row[0], row[1]) for row in rows]
    if len(keys) != len(set(keys)):
        raise ValueError("Duplicate (level, code) in the source data")
    return counts


def main() -> int:
    version = metadata.version("vietnam-provinces")
    if version != EXPECTED_VERSION:
        print(f"Need vietnam-provinces {EXPECTED_VERSION}, found {version}", file=sys.stderr)
        return 1
    source = resources.files("vietnam_provinces") / "data" / "nested-divisions.json"
    provinces = json.loads(source.read_text(encoding="utf-8"))
    rows = rows_from(provinces)
    counts = check_counts(rows)

    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["level", "code", "parent_code", "unit_type", "name", "short_name"])
    writer.writerows(rows)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    with OUTPUT.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        out.write(text.getvalue().encode("utf-8"))
    print(
        f"Wrote {OUTPUT}: {counts[PROVINCE]} provinces, {counts[DISTRICT]} districts, "
        f"{counts[COMMUNE]} communes ({OUTPUT.stat().st_size:,} bytes)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
