"""Name resolution: a unit's name as people write it -> the unit, or an honest "don't know".

``UnitResolver`` indexes units in memory (one query to build, none per call) and resolves a
name written any of the ways DOMAIN.md lists: with or without the type prefix ("Tỉnh", "TP.",
"Huyện", "Xã"...), abbreviations ("TP.HCM", "BR-VT", "TT-Huế"), tone-mark placement, NFC or NFD,
without diacritics, in English ("Hanoi"), with a small typo ("Đắc Lắk"). It never guesses:
several matching units give "ambiguous", none gives "unknown", both with the closest candidates.

A unit's names of other periods (``UnitNamePeriod``: "Tỉnh Bắc Ninh" until 19/09/2026, "Thành
phố Bắc Ninh" from 20/09/2026) are its names for those periods: in a 2026 row both "Tỉnh Bắc
Ninh" and "TP Bắc Ninh" mean the same unit, and "Xã Bố Hạ" and "Phường Bố Hạ" the same commune.

A year picks the units that existed in it: the pre-2025 units for years up to 2024 (Hà Tây up
to 2008), the current ones from 2026, both in 2025 (a name that means different units then is
ambiguous). Without a year, today's units are tried first, then the former ones.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from localities.models import AdministrativeUnit, UnitAlias, UnitNamePeriod
from localities.text import day_text, fold, strip_diacritics, tone_key

UnitType = AdministrativeUnit.UnitType
PROVINCE = AdministrativeUnit.Level.PROVINCE
MAX_CANDIDATES = 5

#: Folded type prefixes (longest first) and the unit types each may stand for. A prefix that
#: matches the unit's type is kept to tell apart same-named units (xã / phường Đông Tiến).
PREFIXES: tuple[tuple[str, frozenset[str]], ...] = tuple(
    sorted(
        {
            "tinh": frozenset({UnitType.TINH}),
            "thanh pho": frozenset({UnitType.THANH_PHO_TRUNG_UONG, UnitType.THANH_PHO_THUOC_TINH}),
            "tp": frozenset({UnitType.THANH_PHO_TRUNG_UONG, UnitType.THANH_PHO_THUOC_TINH}),
            "t p": frozenset({UnitType.THANH_PHO_TRUNG_UONG, UnitType.THANH_PHO_THUOC_TINH}),
            "quan": frozenset({UnitType.QUAN}),
            "q": frozenset({UnitType.QUAN}),
            "huyen": frozenset({UnitType.HUYEN}),
            "thi xa": frozenset({UnitType.THI_XA}),
            "tx": frozenset({UnitType.THI_XA}),
            "xa": frozenset({UnitType.XA}),
            "phuong": frozenset({UnitType.PHUONG}),
            "p": frozenset({UnitType.PHUONG}),
            "thi tran": frozenset({UnitType.THI_TRAN}),
            "tt": frozenset({UnitType.THI_TRAN}),
            "dac khu": frozenset({UnitType.DAC_KHU}),
        }.items(),
        key=lambda item: -len(item[0]),
    )
)

_PREFIX_WORDS = frozenset(prefix for prefix, _types in PREFIXES)

#: English words people append to a province's name ("Lao Cai province", "Hanoi city").
SUFFIXES = (" province", " city")

#: Province aliases (folded) -> the folded short name of the province they mean.
PROVINCE_ALIASES: dict[str, str] = {
    "hcm": "ho chi minh",
    "tphcm": "ho chi minh",
    "tp hcm": "ho chi minh",
    "t p hcm": "ho chi minh",
    "thanh pho hcm": "ho chi minh",
    "hcmc": "ho chi minh",
    "ho chi minh city": "ho chi minh",
    "hochiminh": "ho chi minh",
    "sai gon": "ho chi minh",
    "saigon": "ho chi minh",
    "brvt": "ba ria vung tau",
    "br vt": "ba ria vung tau",
    "tt hue": "hue",
    "thua thien hue": "hue",
    "thua thien": "hue",
    "hanoi": "ha noi",
    "bac can": "bac kan",
    "daklak": "dak lak",
    "daknong": "dak nong",
}


def _foreign_script(text: str) -> bool:
    """True when the text holds letters of a script other than Latin (Chinese, Lao…)."""
    for ch in text:
        if unicodedata.category(ch).startswith("L") and not unicodedata.name(ch, "").startswith(
            "LATIN"
        ):
            return True
    return False


def _max_distance(key: str) -> int:
    """Edit distance accepted as a typo: none for very short names, more for long ones."""
    if len(key) < 5:
        return 0
    return 1 if len(key) < 12 else 2


def unit_label(unit: AdministrativeUnit) -> str:
    """A unit's name with its parent (when already loaded) and its period if it is former."""
    label = unit.name
    if AdministrativeUnit.parent.is_cached(unit) and unit.parent is not None:
        label = f"{label}, {unit.parent.name}"
    if unit.valid_to is not None:
        label += " " + _("(đến %(day)s)") % {"day": day_text(unit.valid_to)}
    elif unit.valid_from is not None:
        label += " " + _("(từ %(day)s)") % {"day": day_text(unit.valid_from)}
    return label


@dataclass(frozen=True)
class Resolution:
    query: str
    status: Literal["ok", "ambiguous", "unknown"]
    unit: AdministrativeUnit | None = None  # set only when status == "ok"
    candidates: tuple[AdministrativeUnit, ...] = ()  # closest first (ambiguous / unknown)
    corrected: bool = False  # True when matched through a typo correction

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def message(self) -> str:
        """What to tell the person who wrote the name, in Vietnamese."""
        labels = [unit_label(unit) for unit in self.candidates]
        if self.status == "ok":
            assert self.unit is not None  # set when ok
            if self.corrected:
                return _('Đã hiểu "%(query)s" là %(unit)s (đã sửa lỗi chính tả).') % {
                    "query": self.query,
                    "unit": unit_label(self.unit),
                }
            return _('"%(query)s" là %(unit)s.') % {
                "query": self.query,
                "unit": unit_label(self.unit),
            }
        if self.status == "ambiguous":
            return _('Tên "%(query)s" không rõ ràng: có thể là %(options)s.') % {
                "query": self.query,
                "options": _(" hoặc ").join([", ".join(labels[:-1]), labels[-1]])
                if len(labels) > 1
                else "".join(labels),
            }
        if labels:
            return _('Không xác định được "%(query)s"; gần nhất: %(options)s.') % {
                "query": self.query,
                "options": "; ".join(labels),
            }
        return _('Không xác định được "%(query)s": không phải tên một đơn vị hành chính.') % {
            "query": self.query
        }


Predicate = Callable[[AdministrativeUnit], bool]


#: A unit's name period as the resolver reads it: (start, unit type, full name, short name).
PeriodRow = tuple[datetime.date | None, str, str, str]
#: (start, end) of a period; None for an open side.
Span = tuple[datetime.date | None, datetime.date | None]


def _in_year(span: Span, year: int | None) -> bool:
    start, end = span
    return year is None or (
        (start is None or start.year <= year) and (end is None or end.year >= year)
    )


def _spans(unit: AdministrativeUnit, rows: Iterable[PeriodRow]) -> list[tuple[Span, PeriodRow]]:
    """Each period with its end: the day before the next one starts, or the unit's own end."""
    ordered = sorted(rows, key=lambda row: row[0] or datetime.date.min)
    if not ordered:
        return []
    ends: list[datetime.date | None] = []
    for row in ordered[1:]:
        assert row[0] is not None  # sorted: only the first may start unknown
        ends.append(row[0] - datetime.timedelta(days=1))
    ends.append(unit.valid_to)
    return [((row[0], end), row) for row, end in zip(ordered, ends, strict=True)]


@dataclass(frozen=True)
class _Pool:
    """The units a resolution may choose from, with their index keys."""

    allowed: set[int]
    keyed: list[tuple[str, AdministrativeUnit]]
    year: int | None = None


class UnitResolver:
    """Resolve names against a fixed set of units, indexed once in memory."""

    def __init__(
        self,
        units: Iterable[AdministrativeUnit],
        aliases: Mapping[int, Iterable[str]] | None = None,
        periods: Mapping[int, Iterable[PeriodRow]] | None = None,
    ) -> None:
        """``aliases``: unit id -> other names (UnitAlias), indexed like the unit's name.
        ``periods``: unit id -> its name periods; a name of a period is the unit's name in the
        years of that period, and its type is one the unit had then."""
        self._units = list(units)
        aliases = aliases or {}
        periods = periods or {}
        self._index: dict[str, list[AdministrativeUnit]] = {}
        #: The same keys without spaces: "Danang", "HaNoi" as English and URLs write them.
        self._compact: dict[str, list[AdministrativeUnit]] = {}
        self._tone_keys: dict[int, set[str]] = {}
        #: id(unit) -> (span, unit type) of each of its periods.
        self._types: dict[int, list[tuple[Span, str]]] = {}
        #: (key, id(unit)) -> spans, for names the unit had only in some periods.
        self._period_keys: dict[tuple[str, int], list[Span]] = {}
        for unit in self._units:
            search_key = unit.search_key or fold(unit.short_name)
            other_names = list(aliases.get(unit.pk, ()))
            keys = {search_key, *(fold(name) for name in other_names)}
            if unit.level == PROVINCE:
                keys |= {
                    alias for alias, target in PROVINCE_ALIASES.items() if target == search_key
                }
                if unit.english_name:
                    keys.add(fold(unit.english_name))
            spans = _spans(unit, periods.get(unit.pk, ()))
            if spans:
                self._types[id(unit)] = [(span, row[1]) for span, row in spans]
            for span, (_start, _type, full_name, short_name) in spans:
                key = fold(short_name)
                if key not in keys or (key, id(unit)) in self._period_keys:
                    self._period_keys.setdefault((key, id(unit)), []).append(span)
                other_names += [full_name, short_name]
            keys |= {key for key, unit_id in self._period_keys if unit_id == id(unit)}
            for key in keys:
                self._index.setdefault(key, []).append(unit)
                self._compact.setdefault(key.replace(" ", ""), []).append(unit)
            self._tone_keys[id(unit)] = {
                tone_key(unit.short_name),
                tone_key(unit.name),
                *(tone_key(name) for name in other_names),
            }
        self._pools: dict[tuple, _Pool] = {}

    # --- construction from the database (one query each) -----------------------------------

    @classmethod
    def with_aliases(cls, units: QuerySet[AdministrativeUnit]) -> UnitResolver:
        """The units, the other names administrators gave them and the names of their periods
        (three queries)."""
        aliases: dict[int, list[str]] = {}
        for unit_id, name in UnitAlias.objects.filter(unit__in=units.values("pk")).values_list(
            "unit_id", "name"
        ):
            aliases.setdefault(unit_id, []).append(name)
        periods: dict[int, list[PeriodRow]] = {}
        rows = UnitNamePeriod.objects.filter(unit__in=units.values("pk")).values_list(
            "unit_id", "valid_from", "unit_type", "name", "short_name"
        )
        for unit_id, valid_from, unit_type, name, short_name in rows:
            periods.setdefault(unit_id, []).append((valid_from, unit_type, name, short_name))
        return cls(units, aliases, periods)

    @classmethod
    def for_provinces(cls) -> UnitResolver:
        """All province-level units, current and former (Hà Tây included)."""
        return cls.with_aliases(AdministrativeUnit.objects.provinces())

    @classmethod
    def for_level(cls, level: int, within: AdministrativeUnit | int | None = None) -> UnitResolver:
        """Units of one level, optionally only those under ``within`` (a province or district)."""
        units = AdministrativeUnit.objects.filter(level=level)
        if within is not None:
            units = units.filter(Q(parent=within) | Q(parent__parent=within))
        if level != PROVINCE:
            units = units.select_related("parent")
        return cls.with_aliases(units)

    # --- resolution --------------------------------------------------------------------------

    def resolve(
        self, name: str, *, year: int | None = None, level: int | None = None
    ) -> Resolution:
        query = name if isinstance(name, str) else ""
        # NFKC: full-width letters ("Ｄà Ｎẵｎｇ") are the letters they look like.
        text = unicodedata.normalize("NFKC", query).strip()
        key = fold(text)
        if not key or _foreign_script(text):
            return Resolution(query=query, status="unknown")

        if year is not None:
            passes: list[tuple[tuple, Predicate]] = [
                (("year", year), lambda unit: unit.is_valid_in(year))
            ]
        else:
            passes = [
                (("current",), lambda unit: unit.is_current),
                (("former",), lambda unit: not unit.is_current),
            ]
        pools = [self._pool((*name, level), predicate, level, year) for name, predicate in passes]

        # A name written with diacritics that match a unit exactly beats a unit whose name only
        # folds the same ("Đông Tiến" is not "Đồng Tiến"), even a current one.
        if text != strip_diacritics(text):
            wanted = self._tone_wanted(text)
            for pool in pools:
                found = [u for u in self._exact(key, pool) if self._tone_keys[id(u)] & wanted]
                if found:
                    return self._decide(query, text, found)
        for pool in pools:
            found = self._exact(key, pool)
            if found:
                return self._decide(query, text, found)
        # Written without spaces ("Danang"): the name whose letters are exactly these beats
        # any near spelling ("Đắk Nông" is one letter away from "daknong", not "danang").
        for pool in pools:
            found = self._exact_compact(key, pool)
            if found:
                return self._decide(query, text, found)
        for pool in pools:
            resolution = self._typo(query, key, pool)
            if resolution is not None:
                return resolution
        return self._closest(query, key, pools)

    def _pool(
        self, cache_key: tuple, predicate: Predicate, level: int | None, year: int | None = None
    ) -> _Pool:
        if cache_key not in self._pools:
            units = [
                unit
                for unit in self._units
                if (level is None or unit.level == level) and predicate(unit)
            ]
            allowed = {id(unit) for unit in units}
            keyed = [
                (key, unit)
                for key, indexed in self._index.items()
                for unit in indexed
                if id(unit) in allowed
            ]
            self._pools[cache_key] = _Pool(allowed=allowed, keyed=keyed, year=year)
        return self._pools[cache_key]

    def _has_type(self, unit: AdministrativeUnit, types: frozenset[str], year: int | None) -> bool:
        """The unit is of one of ``types`` in ``year`` (in any of its periods without a year)."""
        if unit.unit_type in types and (year is None or id(unit) not in self._types):
            return True
        return any(
            unit_type in types and _in_year(span, year)
            for span, unit_type in self._types.get(id(unit), ())
        )

    def _named_in(self, key: str, unit: AdministrativeUnit, year: int | None) -> bool:
        """``key`` is a name of the unit in ``year``: always, unless it is the name of some of
        its periods only."""
        spans = self._period_keys.get((key, id(unit)))
        return spans is None or any(_in_year(span, year) for span in spans)

    def _variants(self, key: str) -> list[tuple[str, frozenset[str] | None]]:
        """The key itself, without an English suffix, and without a type prefix."""
        variants: list[tuple[str, frozenset[str] | None]] = [(key, None)]
        for suffix in SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix):
                variants.append((key[: -len(suffix)], None))
        for prefix, types in PREFIXES:
            if key.startswith(prefix + " "):
                variants.append((key[len(prefix) + 1 :], types))
                break
        return variants

    def _exact(self, key: str, pool: _Pool) -> list[AdministrativeUnit]:
        allowed = pool.allowed
        for variant, types in self._variants(key):
            found = [
                unit
                for unit in self._index.get(variant, ())
                if id(unit) in allowed and self._named_in(variant, unit, pool.year)
            ]
            if not found:
                continue
            if types is None:
                return found
            typed = [unit for unit in found if self._has_type(unit, types, pool.year)]
            if typed:
                return typed
            # "Tỉnh Hà Nội": provinces are often given the wrong prefix; lower levels are not
            # forgiven, where the prefix is what tells "xã X" from "phường X".
            if all(unit.level == PROVINCE for unit in found):
                return found
            return []
        return []

    def _exact_compact(self, key: str, pool: _Pool) -> list[AdministrativeUnit]:
        for variant, types in self._variants(key):
            found = [
                unit
                for unit in self._compact.get(variant.replace(" ", ""), ())
                if id(unit) in pool.allowed and (types is None or unit.unit_type in types)
            ]
            if found:
                return found
        return []

    def _tone_wanted(self, text: str) -> set[str]:
        """Tone keys of the query, with and without an English suffix or a type prefix."""
        key = tone_key(text)
        wanted = {key}
        for suffix in SUFFIXES:
            if key.endswith(suffix):
                wanted.add(key[: -len(suffix)])
        words = key.split(" ", 2)
        for size in (1, 2):
            if len(words) > size and fold(" ".join(words[:size])) in _PREFIX_WORDS:
                wanted.add(key.split(" ", size)[-1])
        return wanted

    def _decide(
        self, query: str, text: str, found: list[AdministrativeUnit], corrected: bool = False
    ) -> Resolution:
        distinct = list({id(unit): unit for unit in found}.values())
        if len(distinct) == 1:
            return Resolution(query=query, status="ok", unit=distinct[0], corrected=corrected)
        # Names that fold the same may still differ in their diacritics ("Tân Hòa"/"Tân Hóa").
        wanted = self._tone_wanted(text)
        exact = [unit for unit in distinct if self._tone_keys[id(unit)] & wanted]
        if len(exact) == 1 and not corrected:
            return Resolution(query=query, status="ok", unit=exact[0])
        return Resolution(
            query=query, status="ambiguous", candidates=tuple(distinct[:MAX_CANDIDATES])
        )

    def _typo(self, query: str, key: str, pool: _Pool) -> Resolution | None:
        """Accept a correction only when one unit is close and every other is clearly further."""
        core, types = self._variants(key)[-1]
        limit = _max_distance(core)
        if limit == 0 or not pool.keyed:
            return None
        keyed = pool.keyed
        if types is not None and any(unit.level != PROVINCE for _k, unit in keyed):
            keyed = [(k, unit) for k, unit in keyed if self._has_type(unit, types, pool.year)]
        matches = process.extract(
            core,
            [k for k, _unit in keyed],
            scorer=Levenshtein.distance,
            score_cutoff=limit + 1,
            limit=None,
        )
        best: dict[int, tuple[int, AdministrativeUnit]] = {}
        for _choice, distance, position in matches:
            unit = keyed[position][1]
            if id(unit) not in best or distance < best[id(unit)][0]:
                best[id(unit)] = (distance, unit)
        ranked = sorted(best.values(), key=lambda item: item[0])
        if not ranked or ranked[0][0] > limit:
            return None
        closest = ranked[0][0]
        rivals = [unit for distance, unit in ranked if distance <= closest + 1]
        if len(rivals) == 1:
            return Resolution(query=query, status="ok", unit=rivals[0], corrected=True)
        return Resolution(
            query=query, status="ambiguous", candidates=tuple(rivals[:MAX_CANDIDATES])
        )

    def _closest(self, query: str, key: str, pools: list[_Pool]) -> Resolution:
        """No match: list the closest units; several names starting with the query is ambiguous."""
        core = self._variants(key)[-1][0]
        keyed = [pair for pool in pools for pair in pool.keyed]
        starting = list(
            {id(unit): unit for k, unit in keyed if k.startswith(core + " ") or k == core}.values()
        )
        if len(starting) > 1:
            starting.sort(key=lambda unit: (len(unit.search_key), unit.search_key))
            return Resolution(
                query=query, status="ambiguous", candidates=tuple(starting[:MAX_CANDIDATES])
            )
        ranked = process.extract(
            core, [k for k, _unit in keyed], scorer=fuzz.ratio, score_cutoff=50, limit=20
        )
        # The same name in another period first ("Hà Tây" asked for 2010).
        elsewhere = [
            unit for variant, _t in self._variants(key) for unit in self._index.get(variant, ())
        ]
        candidates: dict[int, AdministrativeUnit] = {id(u): u for u in [*elsewhere, *starting]}
        for _choice, _score, position in ranked:
            unit = keyed[position][1]
            candidates.setdefault(id(unit), unit)
        return Resolution(
            query=query, status="unknown", candidates=tuple(candidates.values())[:MAX_CANDIDATES]
        )


class PlaceError(ValueError):
    """A place that cannot be resolved: the column ("province", "district" or "commune"), the
    name written and the resolver's message."""

    def __init__(self, column: str, name: str, message: str) -> None:
        super().__init__(message)
        self.column, self.name, self.message = column, name, message


class PlaceResolver:
    """A place written as province, district, commune (the last two optional) -> the unit,
    each name resolved for the year among the units of the one above. Resolvers are built on
    first use and kept, so many rows cost one query per province or district named."""

    def __init__(self) -> None:
        self._provinces = UnitResolver.for_provinces()
        self._within: dict[tuple[int, int], UnitResolver] = {}

    def _resolver(self, level: int, within: AdministrativeUnit) -> UnitResolver:
        key = (level, within.pk)
        if key not in self._within:
            self._within[key] = UnitResolver.for_level(level, within=within)
        return self._within[key]

    def resolve(
        self, province: str, district: str = "", commune: str = "", *, year: int
    ) -> AdministrativeUnit:
        found = self._provinces.resolve(province, year=year)
        if not found.ok:
            raise PlaceError("province", province, found.message())
        unit = found.unit
        assert unit is not None  # set when ok
        Level = AdministrativeUnit.Level
        for level, column, name in (
            (Level.DISTRICT, "district", district),
            (Level.COMMUNE, "commune", commune),
        ):
            if not name or unit.level == Level.COMMUNE:
                continue
            found = self._resolver(level, unit).resolve(name, year=year)
            if not found.ok and level == Level.DISTRICT and not commune:
                # A commune's name in the district column ("phường Cao Lãnh", the ward that
                # took the former city's name in 2025): the commune is the place.
                as_commune = self._resolver(Level.COMMUNE, unit).resolve(name, year=year)
                if as_commune.ok:
                    found = as_commune
            if not found.ok:
                raise PlaceError(column, name, found.message())
            unit = found.unit
            assert unit is not None  # set when ok
        return unit
