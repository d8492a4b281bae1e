"""Realistic initiatives in bulk, for the page benchmark (``scripts/bench_pages.py``).

:func:`build_initiatives` writes ``n`` initiatives the way the portal's own forms and imports
would leave them, only faster (``bulk_create`` in batches):

* Vietnamese titles and texts composed from the reform models of the demo articles
  (``fixtures/initiatives/demo_initiatives.json``) and of the ones provinces publish ("Ngày thứ
  bảy tình nguyện", "Tổng đài hỗ trợ", "Bộ phận Một cửa liên thông", "Trung tâm Phục vụ hành
  chính công"), with the name of the unit, its district and province, and the year;
* spread over the real units of ``load_localities``: before 2025 the 63 former provinces, their
  districts and communes; from 2025 the 34 current provinces and their communes. Provinces are
  skewed like a real national catalogue (weight 1/rank**0.5: at 50,000 the first holds about
  3,500, the last about 400; merged current provinces add theirs up), Thanh Hóa first (the
  demo's province);
* levels, reform areas, start years (more recent years weigh more), stages, statuses (about
  nine in ten approved), recognition decisions, and targets (``InitiativeTarget`` rows to
  whole indices or components) that go with each model;
* every derived column filled by the model's own code: ``Initiative.refresh_derived`` (the
  province, the current province and the ``search_text`` column) runs on each row with its
  units' parents and successors already in memory, so it costs no query; slugs follow
  ``unique_slug``; ``created_at``/``updated_at`` spread over the years instead of "now".

Deterministic for a given ``seed`` and database (units and existing slugs). Run it inside a
configured Django process (``django.setup()``) after ``load_localities`` and the indicator
reference (``load_demo_data`` does both).
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

#: Reform models: (model name, reform areas, targets). Names as provinces write them.
MODELS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "Ngày thứ bảy tình nguyện giúp dân giải quyết TTHC",
        ("cai-cach-tthc", "tac-dong-cchc"),
        ("sipas", "papi:thu-tuc-hanh-chinh-cong"),
    ),
    ("Ngày thứ bảy lắng nghe dân nói", ("tac-dong-cchc",), ("papi:trach-nhiem-giai-trinh",)),
    ("Ngày thứ năm không chờ", ("cai-cach-tthc",), ("sipas", "par-index:cai-cach-tthc")),
    ("Tổng đài hỗ trợ giải quyết TTHC", ("cai-cach-tthc", "chinh-quyen-dien-tu-so"), ("sipas",)),
    (
        "Chính quyền thân thiện, vì Nhân dân phục vụ",
        ("tac-dong-cchc", "cai-cach-che-do-cong-vu"),
        ("sipas", "papi"),
    ),
    ("Lễ tân hành chính", ("cai-cach-tthc",), ("sipas",)),
    ("Ngày không hẹn", ("cai-cach-tthc",), ("sipas",)),
    ("Ngày không viết", ("cai-cach-tthc",), ("sipas",)),
    ("Ngày không hẹn, không viết", ("cai-cach-tthc",), ("sipas",)),
    (
        "Niêm yết, tra cứu TTHC bằng mã QR",
        ("cai-cach-tthc", "chinh-quyen-dien-tu-so"),
        ("par-index:chinh-quyen-dien-tu-so", "papi:cong-khai-minh-bach"),
    ),
    (
        "Điểm dịch vụ công trực tuyến",
        ("chinh-quyen-dien-tu-so", "cai-cach-tthc"),
        ("par-index:chinh-quyen-dien-tu-so",),
    ),
    ("Ký số bản đồ khổ lớn", ("chinh-quyen-dien-tu-so",), ("par-index:chinh-quyen-dien-tu-so",)),
    ("Tờ gấp tuyên truyền về Chỉ số PAPI", ("chi-dao-dieu-hanh",), ("papi",)),
    (
        "Nhóm Zalo với người dân làm TTHC",
        ("chinh-quyen-dien-tu-so", "tac-dong-cchc"),
        ("par-index", "pci"),
    ),
    ("Trang thông tin PCI và Fanpage về môi trường kinh doanh", ("tac-dong-cchc",), ("pci",)),
    (
        "Bộ phận Một cửa liên thông hiện đại",
        ("cai-cach-tthc", "cai-cach-to-chuc-bo-may"),
        ("sipas", "par-index:cai-cach-tthc"),
    ),
    (
        "Trung tâm Phục vụ hành chính công một cấp",
        ("cai-cach-tthc", "cai-cach-to-chuc-bo-may"),
        ("sipas", "pci"),
    ),
    (
        "Tiếp nhận và trả kết quả TTHC qua dịch vụ bưu chính công ích",
        ("cai-cach-tthc",),
        ("sipas", "papi:thu-tuc-hanh-chinh-cong"),
    ),
    (
        "Tổ công nghệ số cộng đồng hỗ trợ người dân dùng dịch vụ công trực tuyến",
        ("chinh-quyen-dien-tu-so",),
        ("par-index:chinh-quyen-dien-tu-so", "papi"),
    ),
    (
        "Số hóa hồ sơ, kết quả giải quyết TTHC",
        ("chinh-quyen-dien-tu-so", "cai-cach-tthc"),
        ("par-index:chinh-quyen-dien-tu-so",),
    ),
    ("Cà phê doanh nhân", ("tac-dong-cchc",), ("pci",)),
    ("Đối thoại định kỳ giữa lãnh đạo tỉnh với doanh nghiệp", ("chi-dao-dieu-hanh",), ("pci",)),
    (
        "Đánh giá mức độ hài lòng của người dân bằng máy tính bảng",
        ("tac-dong-cchc",),
        ("sipas", "par-index:tac-dong-cchc"),
    ),
    (
        "Chữ ký số trong gửi, nhận văn bản điện tử",
        ("chinh-quyen-dien-tu-so",),
        ("par-index:chinh-quyen-dien-tu-so",),
    ),
    ("Nhắn tin SMS báo kết quả giải quyết TTHC", ("cai-cach-tthc",), ("sipas",)),
    ("Hòm thư góp ý điện tử", ("tac-dong-cchc",), ("papi:trach-nhiem-giai-trinh",)),
    ("Rà soát, đơn giản hóa thủ tục hành chính nội bộ", ("cai-cach-tthc",), ("par-index",)),
    (
        "Chỉ số năng lực cạnh tranh cấp sở, ngành và địa phương (DDCI)",
        ("chi-dao-dieu-hanh", "cai-cach-the-che"),
        ("pci",),
    ),
    ("Giao ban trực tuyến đến cấp xã", ("chinh-quyen-dien-tu-so",), ("par-index",)),
    (
        "Khoán chi hành chính, tiết kiệm kinh phí thường xuyên",
        ("cai-cach-tai-chinh-cong",),
        ("par-index:cai-cach-tai-chinh-cong",),
    ),
    (
        "Vị trí việc làm gắn với khung năng lực công chức",
        ("cai-cach-che-do-cong-vu",),
        ("par-index:cai-cach-che-do-cong-vu",),
    ),
    (
        "Sắp xếp, tinh gọn các phòng chuyên môn",
        ("cai-cach-to-chuc-bo-may",),
        ("par-index:cai-cach-to-chuc-bo-may",),
    ),
    (
        "Kiểm tra công vụ đột xuất tại Bộ phận Một cửa",
        ("cai-cach-che-do-cong-vu", "chi-dao-dieu-hanh"),
        ("sipas", "par-index:cai-cach-che-do-cong-vu"),
    ),
    (
        "Rà soát văn bản quy phạm pháp luật của địa phương",
        ("cai-cach-the-che",),
        ("par-index:cai-cach-the-che",),
    ),
)
#: How a weekday is written in titles: both forms occur in the sources.
WEEKDAY_DIGITS = {"thứ bảy": "thứ 7", "thứ năm": "thứ 5"}

PURPOSES = (
    "giảm thời gian đi lại và chờ đợi của người dân, doanh nghiệp",
    "nâng cao chất lượng giải quyết thủ tục hành chính, không để hồ sơ trễ hạn",
    "tăng tỷ lệ hồ sơ nộp trực tuyến và thanh toán không dùng tiền mặt",
    "công khai, minh bạch quy trình giải quyết hồ sơ",
    "lắng nghe và giải quyết kịp thời phản ánh, kiến nghị của người dân",
    "nâng cao tinh thần, thái độ phục vụ của cán bộ, công chức",
    "cải thiện Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)",
    "cải thiện điểm PAPI và PCI của tỉnh",
)
CONTEXT = (
    "Thời gian qua, công tác cải cách hành chính trên địa bàn đã đạt được kết quả khá toàn "
    "diện; tuy nhiên nhiều thủ tục hành chính vẫn còn rườm rà, người dân, doanh nghiệp vẫn còn "
    "gặp khó khăn khi giải quyết hồ sơ ở một số lĩnh vực.",
    "Mô hình được chia sẻ tại hội thảo sáng kiến, mô hình cải cách hành chính do Sở Nội vụ "
    "tổ chức.",
    "Sáng kiến xuất phát từ thực tế nhiều người dân đi làm ăn xa, chỉ có thể làm thủ tục vào "
    "ngày nghỉ.",
    "Địa phương xác định cải cách hành chính là khâu đột phá, lấy sự hài lòng của người dân "
    "làm thước đo.",
)
STEPS = (
    "Bộ phận Một cửa bố trí công chức trực, tiếp nhận và trả kết quả theo lịch công khai.",
    "Công chức hướng dẫn người dân kê khai, nộp hồ sơ trực tuyến trên Cổng Dịch vụ công quốc gia.",
    "Kết quả được thông báo qua tin nhắn, Zalo và niêm yết tại trụ sở.",
    "Lãnh đạo UBND trực tiếp đối thoại, ghi nhận ý kiến và phân công xử lý.",
    "Hồ sơ được số hóa ngay khi tiếp nhận, lưu trên hệ thống một cửa điện tử.",
)
RESULTS = (
    "Tỷ lệ hồ sơ giải quyết đúng hạn đạt {p}%.",
    "Đã hỗ trợ {k} lượt người dân, tổ chức.",
    "{p}% người dân được khảo sát hài lòng với sự phục vụ.",
    "Tiếp nhận {k} hồ sơ, không có hồ sơ trễ hạn.",
)
CONDITIONS = (
    "Cần sự vào cuộc của cấp ủy, chính quyền và đội ngũ công chức có tinh thần trách nhiệm.",
    "Có thể nhân rộng ở các xã, phường có điều kiện hạ tầng công nghệ thông tin tương tự.",
    "Cần bố trí kinh phí và chế độ hỗ trợ cho công chức làm ngoài giờ.",
)

#: Start years and their weights: the catalogue grows in recent years (2025-26: current units).
YEARS = tuple(range(2012, 2027))
YEAR_WEIGHTS = tuple(1 + (year - 2012) ** 1.4 for year in YEARS)
LEVELS = (("xa", 45), ("huyen", 35), ("tinh", 20))
STAGES = (
    ("dang_trien_khai", 45),
    ("da_nhan_rong", 20),
    ("da_danh_gia", 15),
    ("thi_diem", 10),
    ("de_xuat", 5),
    ("da_dung", 5),
)
STATUSES = (
    ("approved", 900),
    ("submitted", 30),
    ("draft", 30),
    ("returned", 15),
    ("resubmitted", 10),
    ("rejected", 10),
    ("withdrawn", 5),
)
#: The province listed first (the demo's) and the skew of the others (weight 1 / rank**SKEW).
FIRST_PROVINCE = "38"
SKEW = 0.5
#: The day the units changed (1 July 2025): later start years use the current units.
REORGANISED = 2025


@dataclass
class Places:
    """The units a generated initiative can sit in, per former province."""

    former: list  # former provinces, in weight order
    weights: list[float]
    districts: dict  # former province id -> its districts
    communes: dict  # district id -> its communes
    current_communes: dict  # current province id -> its communes


def load_places(rng: random.Random) -> Places:
    """All units in memory, each with its parent and successor objects attached, so that
    ``ancestors``/``province_of``/``current_of`` (and so ``refresh_derived``) never query."""
    from localities.models import AdministrativeUnit

    units = list(AdministrativeUnit.objects.order_by("pk"))
    by_id = {u.pk: u for u in units}
    for unit in units:
        unit.parent = by_id.get(unit.parent_id)
        unit.successor = by_id.get(unit.successor_id)
    province = AdministrativeUnit.Level.PROVINCE
    former = [u for u in units if u.level == province and u.valid_to is not None]
    former = [u for u in former if _current(u) is not None]
    if not former:
        raise SystemExit("No former provinces: run load_localities (load_demo_data) first.")
    rng.shuffle(former)
    former.sort(key=lambda u: u.code != FIRST_PROVINCE)  # stable: the rest stay shuffled
    districts: dict[int, list] = {}
    communes: dict[int, list] = {}
    current_communes: dict[int, list] = {}
    for unit in units:
        if unit.parent_id is None:
            continue
        if unit.level == AdministrativeUnit.Level.DISTRICT:
            districts.setdefault(unit.parent_id, []).append(unit)
        elif unit.level == AdministrativeUnit.Level.COMMUNE:
            if unit.valid_to is None and unit.parent.level == province:
                current_communes.setdefault(unit.parent_id, []).append(unit)
            elif unit.parent.level == AdministrativeUnit.Level.DISTRICT:
                communes.setdefault(unit.parent_id, []).append(unit)
    weights = [1 / (rank + 1) ** SKEW for rank in range(len(former))]
    return Places(former, weights, districts, communes, current_communes)


def _current(province):
    seen = 0
    while province is not None and province.valid_to is not None and seen < 4:
        province = province.successor
        seen += 1
    return province


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([v for v, _w in weighted], [w for _v, w in weighted])[0]


def _place(rng: random.Random, places: Places, year: int, level: str):
    """(locality, commune, district, province) for a start year and level; the level may
    change when the unit does not exist (no districts after 2025)."""
    former = rng.choices(places.former, places.weights)[0]
    if year >= REORGANISED:
        province = _current(former)
        communes = places.current_communes.get(province.pk)
        if level != "tinh" and communes:
            commune = rng.choice(communes)
            return commune, "xa", commune, None, province
        return province, "tinh", None, None, province
    districts = places.districts.get(former.pk)
    if level == "tinh" or not districts:
        return former, "tinh", None, None, former
    district = rng.choice(districts)
    communes = places.communes.get(district.pk)
    if level == "huyen" or not communes:
        return district, "huyen", None, district, former
    commune = rng.choice(communes)
    return commune, "xa", commune, district, former


def _title(rng: random.Random, model: str, unit_text: str, province, year: int) -> str:
    for words, digits in WEEKDAY_DIGITS.items():
        if words in model and rng.random() < 0.4:
            model = model.replace(words, digits)
    form = rng.randrange(5)
    if form == 0:
        return f"{model} tại {unit_text}"
    if form == 1:
        return f"{model} ở {unit_text}, {province.short_name}"
    if form == 2:
        return f"Mô hình “{model}” của {unit_text}"
    if form == 3:
        return f"{model} năm {year} ({province.short_name})"
    return f"Nhân rộng mô hình {model} trên địa bàn {unit_text}"


def build_initiatives(n: int, seed: int = 2025, batch_size: int = 2_000) -> int:
    """Write ``n`` initiatives (see the module docstring); returns how many were written."""
    from django.core.cache import cache
    from django.db import transaction
    from django.utils.text import slugify

    from indicators.models import Component, Index
    from initiatives import search
    from initiatives.models import Initiative, InitiativeTarget, ReformArea
    from localities.display import in_sentence
    from localities.text import fold

    rng = random.Random(seed)  # noqa: S311 - reproducible benchmark data, not a secret
    places = load_places(rng)
    areas = {a.code: a for a in ReformArea.objects.all()}
    indices = {i.code: i for i in Index.objects.all()}
    components = {
        (c.index.code, c.code): c
        for c in Component.objects.select_related("index").filter(parent__isnull=True)
    }
    top_components = sorted(components)
    taken = set(Initiative.objects.values_list("slug", flat=True))
    next_suffix: dict[str, int] = {}
    now = datetime.now(UTC)
    Through = Initiative.areas.through
    fields = [Initiative._meta.get_field(name) for name in ("created_at", "updated_at")]

    def slug_for(title: str) -> str:
        base = slugify(fold(title))[:200] or "sang-kien"
        slug, number = base, next_suffix.get(base, 2)
        while slug in taken:
            slug = f"{base}-{number}"
            number += 1
        next_suffix[base] = number
        taken.add(slug)
        return slug

    def one() -> tuple[Initiative, list[str], list[str]]:
        model, model_areas, model_targets = rng.choice(MODELS)
        year = rng.choices(YEARS, YEAR_WEIGHTS)[0]
        locality, level, commune, district, province = _place(rng, places, year, _pick(rng, LEVELS))
        unit_text = in_sentence(locality)
        if commune is not None and district is not None:
            place = f"{in_sentence(commune)} ({district.short_name}), {province.short_name}"
        elif locality is not province:
            place = f"{unit_text}, {province.short_name}"
        else:
            place = province.name
        title = _title(rng, model, unit_text, province, year)[:255]
        stage = _pick(rng, STAGES)
        status = _pick(rng, STATUSES)
        implementing = rng.choice(
            (
                f"UBND {unit_text}",
                f"Bộ phận Một cửa UBND {unit_text}",
                f"Văn phòng đăng ký đất đai {in_sentence(district or locality)}",
                f"Sở Nội vụ {in_sentence(province)}",
                f"Trung tâm Phục vụ hành chính công {in_sentence(province)}",
            )
            if level != "xa"
            else (f"UBND {unit_text}", f"Công an {unit_text}", f"Bộ phận Một cửa {unit_text}")
        )
        percent, count = rng.randint(85, 100), rng.randint(120, 25_000)
        summary = (
            f"Mô hình của {unit_text}"
            + (f" ({district.short_name})" if commune is not None and district else "")
            + (f", {province.short_name}" if locality is not province else "")
            + f", triển khai từ năm {year} nhằm {rng.choice(PURPOSES)}. "
            + rng.choice(RESULTS).format(p=percent, k=f"{count:,}".replace(",", "."))
        )[:500]
        created = datetime(year, 1, 1, 8, tzinfo=UTC) + timedelta(
            seconds=rng.randrange(
                max(1, int((now - datetime(year, 1, 1, tzinfo=UTC)).total_seconds()))
            )
        )
        created = min(created, now)
        recognised = status == "approved" and stage in ("da_danh_gia", "da_nhan_rong")
        decided = date(min(year + 1, now.year), rng.randint(1, 12), rng.randint(1, 28))
        initiative = Initiative(
            title=title,
            slug=slug_for(title),
            model_name=model,
            summary=summary,
            description=" ".join(rng.sample(CONTEXT, 2)),
            how_it_works=" ".join(rng.sample(STEPS, 3)),
            results=rng.choice(RESULTS).format(p=percent, k=f"{count:,}".replace(",", ".")),
            conditions=rng.choice(CONDITIONS),
            implementing_unit=implementing[:255],
            place_as_written=place[:255],
            locality=locality,
            level=level,
            stage=stage,
            start_year=year,
            status=status,
            recognition_number=f"{rng.randint(100, 4999)}/QĐ-UBND" if recognised else "",
            recognition_date=decided if recognised else None,
            recognition_level=rng.choice(("tinh", "huyen", "trung_uong")) if recognised else "",
            created_at=created,
            updated_at=min(now, created + timedelta(days=rng.randint(0, 400))),
        )
        initiative.refresh_derived()
        chosen_areas = list(model_areas[: rng.randint(1, len(model_areas))])
        if rng.random() < 0.2:
            chosen_areas.append(rng.choice(sorted(areas)))
        chosen_targets = list(model_targets)
        if rng.random() < 0.3:
            chosen_targets.append(":".join(rng.choice(top_components)))
        return initiative, chosen_areas, chosen_targets

    written = 0
    saved = [(f.auto_now, f.auto_now_add) for f in fields]
    # The same unit, model and place names recur on thousands of rows: normalise each once
    # (a pure function, so the stored column is the same as without the cache).
    original_normalise = search.normalise
    search.normalise = functools.cache(original_normalise)
    try:
        for f in fields:  # keep the generated dates (bulk_create would stamp them "now")
            f.auto_now = f.auto_now_add = False
        while written < n:
            batch = [one() for _ in range(min(batch_size, n - written))]
            with transaction.atomic():
                created = Initiative.objects.bulk_create([item for item, _a, _t in batch])
                links, targets = [], []
                for item, (_i, area_codes, target_codes) in zip(created, batch, strict=True):
                    for code in dict.fromkeys(area_codes):
                        links.append(Through(initiative_id=item.pk, reformarea_id=areas[code].pk))
                    for code in dict.fromkeys(target_codes):
                        index_code, _sep, component_code = code.partition(":")
                        component = components.get((index_code, component_code))
                        targets.append(
                            InitiativeTarget(
                                initiative_id=item.pk,
                                index=indices[index_code],
                                component=component,
                            )
                        )
                Through.objects.bulk_create(links)
                InitiativeTarget.objects.bulk_create(targets)
            written += len(batch)
    finally:
        search.normalise = original_normalise
        for f, (auto_now, auto_now_add) in zip(fields, saved, strict=True):
            f.auto_now, f.auto_now_add = auto_now, auto_now_add
    # Saving through the forms would have invalidated whatever the portal caches; bulk_create
    # sends no signal, so empty the cache instead.
    cache.clear()
    return written
