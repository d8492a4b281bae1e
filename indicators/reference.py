"""Reference data of the four indices, their components and the editions we know of.

Sources: DOMAIN.md (publishers, scales, components), the component names found in the
published PCI and PAPI workbooks (fixtures/indicators/), and the seed articles. Names that
publishers used in other years are aliases of one canonical component; a name that matches no
alias is reported by the importer, never guessed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from indicators.models import INDEX_TEXT_FIELDS, Component, Edition, Index, scale_for
from localities.text import fold

PAR_INDEX, SIPAS, PAPI, PCI = "par-index", "sipas", "papi", "pci"


@dataclass(frozen=True)
class IndexSpec:
    code: str
    short_name: str
    name_vi: str
    name_en: str
    publisher_vi: str
    publisher_en: str
    description_vi: str
    description_en: str
    unit_vi: str
    unit_en: str
    aliases: tuple[str, ...]
    website: str
    order: int
    higher_is_better: bool = True


@dataclass(frozen=True)
class ComponentSpec:
    index: str
    code: str
    name_vi: str
    name_en: str
    order: int
    parent: str = ""
    aliases: tuple[str, ...] = ()
    scale: tuple[int, int] | None = None
    first_year: int | None = None
    last_year: int | None = None


@dataclass(frozen=True)
class EditionSpec:
    """What is known of an edition before its scores arrive (scale, coverage, method)."""

    index: str
    year: int
    scale: tuple[int, int]
    province_set: str = "63"
    province_count: int | None = 63
    method_notes: str = ""
    breaks_comparability: bool = False
    tiers: tuple[dict, ...] = field(default_factory=tuple)
    source_title: str = ""
    source_url: str = ""
    published_on: str | None = None


INDICES: tuple[IndexSpec, ...] = (
    IndexSpec(
        code=PAR_INDEX,
        short_name="PAR-Index",
        name_vi="Chỉ số cải cách hành chính",
        name_en="Public Administration Reform Index",
        publisher_vi="Bộ Nội vụ",
        publisher_en="Ministry of Home Affairs",
        description_vi=(
            "Đánh giá kết quả cải cách hành chính hằng năm của các tỉnh, thành phố trên 8 lĩnh "
            "vực: chỉ đạo điều hành, thể chế, thủ tục hành chính, tổ chức bộ máy, chế độ công "
            "vụ, tài chính công, chính quyền điện tử và tác động của CCHC. Điểm tính theo % "
            "trên tổng 100 điểm."
        ),
        description_en=(
            "The yearly assessment of each province's administrative reform across 8 areas: "
            "direction, institutions, procedures, organisation, civil service, public finance, "
            "e-government and the impact of reform. Scored as a percentage of 100 points."
        ),
        unit_vi="%",
        unit_en="%",
        aliases=("PAR INDEX", "PAR-Index", "PARINDEX", "Chỉ số CCHC", "Chỉ số cải cách hành chính"),
        website="https://moha.gov.vn",
        order=1,
    ),
    IndexSpec(
        code=SIPAS,
        short_name="SIPAS",
        name_vi="Chỉ số hài lòng về sự phục vụ hành chính",
        name_en="Satisfaction Index of Public Administrative Services",
        publisher_vi="Bộ Nội vụ",
        publisher_en="Ministry of Home Affairs",
        description_vi=(
            "Mức độ hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính "
            "nhà nước, qua 5 yếu tố: tiếp cận dịch vụ, thủ tục hành chính, công chức trực tiếp "
            "giải quyết công việc, kết quả dịch vụ, tiếp nhận và xử lý góp ý, phản ánh."
        ),
        description_en=(
            "How satisfied people and organisations are with the service of state "
            "administrative agencies, across 5 elements: access, procedures, civil servants, "
            "results, and the handling of feedback."
        ),
        unit_vi="%",
        unit_en="%",
        aliases=(
            "SIPAS",
            "Chỉ số hài lòng",
            "Chỉ số SIPAS",
            "Chỉ số hài lòng về sự phục vụ hành chính",
            "Chỉ số hài lòng của người dân, tổ chức",
        ),
        website="https://moha.gov.vn",
        order=2,
    ),
    IndexSpec(
        code=PAPI,
        short_name="PAPI",
        name_vi="Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh",
        name_en="Provincial Governance and Public Administration Performance Index",
        publisher_vi="UNDP và CECODES",
        publisher_en="UNDP and CECODES",
        description_vi=(
            "Trải nghiệm của người dân về quản trị và hành chính công ở tỉnh: tổng điểm các nội "
            "dung (mỗi nội dung 1–10), thang 6–60 đến năm 2017 và 8–80 từ năm 2018 (thêm quản "
            "trị môi trường và quản trị điện tử)."
        ),
        description_en=(
            "Citizens' experience of provincial governance and public administration: the sum "
            "of its dimensions (each 1–10), on a 6–60 scale until 2017 and 8–80 from 2018 "
            "(adding environmental and e-governance)."
        ),
        unit_vi="điểm",
        unit_en="points",
        aliases=("PAPI", "Chỉ số PAPI", "Chỉ số hiệu quả quản trị và hành chính công"),
        website="https://papi.org.vn",
        order=3,
    ),
    IndexSpec(
        code=PCI,
        short_name="PCI",
        name_vi="Chỉ số năng lực cạnh tranh cấp tỉnh",
        name_en="Provincial Competitiveness Index",
        publisher_vi="Liên đoàn Thương mại và Công nghiệp Việt Nam (VCCI)",
        publisher_en="Vietnam Chamber of Commerce and Industry (VCCI)",
        description_vi=(
            "Chất lượng điều hành kinh tế và môi trường kinh doanh của tỉnh theo đánh giá của "
            "doanh nghiệp: tổng điểm có trọng số trên 100 từ 10 chỉ số thành phần, mỗi chỉ số "
            "trên thang 10."
        ),
        description_en=(
            "The quality of provincial economic governance as firms rate it: a weighted total "
            "out of 100 built from 10 sub-indices, each on a 10-point scale."
        ),
        unit_vi="điểm",
        unit_en="points",
        aliases=("PCI", "Chỉ số PCI", "Chỉ số năng lực cạnh tranh cấp tỉnh"),
        website="https://pcivietnam.vn",
        order=4,
    ),
)


def _pci(code, name_vi, name_en, order, aliases=(), first=None, last=None):
    return ComponentSpec(
        PCI,
        code,
        name_vi,
        name_en,
        order,
        aliases=aliases,
        scale=(0, 10),
        first_year=first,
        last_year=last,
    )


PCI_COMPONENTS: tuple[ComponentSpec, ...] = (
    _pci(
        "gia-nhap-thi-truong",
        "Gia nhập thị trường",
        "Entry costs",
        1,
        ("Chi phí gia nhập thị trường", "Chỉ số 1: Chi phí gia nhập thị trường"),
        2005,
    ),
    _pci(
        "tiep-can-dat-dai",
        "Tiếp cận đất đai",
        "Land access and tenure security",
        2,
        (
            "Tiếp cận đất đai và sự ổn định trong sử dụng đất",
            "Chỉ số 2: Tiếp cận đất đai và Sự ổn định trong sử dụng đất",
        ),
        2005,
    ),
    _pci(
        "tinh-minh-bach",
        "Tính minh bạch",
        "Transparency",
        3,
        ("Tính minh bạch và tiếp cận thông tin", "Chỉ số 3: Tính minh bạch"),
        2005,
    ),
    _pci(
        "chi-phi-thoi-gian",
        "Chi phí thời gian",
        "Time costs",
        4,
        (
            "Chi phí về thời gian để thực hiện các quy định của Nhà nước",
            "Chỉ số 4: Chi phí thời gian để thực hiện các quy định của Nhà nước",
        ),
        2005,
    ),
    _pci(
        "chi-phi-khong-chinh-thuc",
        "Chi phí không chính thức",
        "Informal charges",
        5,
        ("Chỉ số 5: Chi phí không chính thức",),
        2005,
    ),
    _pci(
        "canh-tranh-binh-dang",
        "Cạnh tranh bình đẳng",
        "Policy bias (equal competition)",
        6,
        (),
        2013,
    ),
    _pci(
        "tinh-nang-dong",
        "Tính năng động",
        "Proactivity of provincial leadership",
        7,
        (
            "Tính năng động và tiên phong",
            "Tính năng động và tiên phong của lãnh đạo tỉnh",
            "Chỉ số 7: Tính năng động và tiên phong của chính quyền tỉnh",
        ),
        2005,
    ),
    _pci(
        "ho-tro-doanh-nghiep",
        "Hỗ trợ doanh nghiệp",
        "Business support services",
        8,
        ("Dịch vụ hỗ trợ DN", "Dịch vụ hỗ trợ doanh nghiệp", "Chính sách hỗ trợ doanh nghiệp"),
        2009,
    ),
    _pci(
        "dao-tao-lao-dong",
        "Đào tạo lao động",
        "Labour policy",
        9,
        ("Chỉ số 9: Đào tạo lao động",),
        2006,
    ),
    _pci(
        "thiet-che-phap-ly",
        "Thiết chế pháp lý",
        "Legal institutions",
        10,
        ("Chỉ số 10: Thiết chế pháp lý", "Thiết chế pháp lý và an ninh trật tự"),
        2006,
    ),
    # Sub-indices of the early editions, replaced later: kept apart, never merged.
    _pci(
        "uu-dai-dnnn",
        "Ưu đãi đối với doanh nghiệp nhà nước",
        "State-owned enterprise bias",
        11,
        ("Ưu đãi đối với DNNN (Môi trường cạnh tranh)", "Chỉ số 6: Ưu đãi đối với DNNN"),
        2005,
        2008,
    ),
    _pci(
        "chinh-sach-phat-trien-kttn",
        "Chính sách phát triển khu vực kinh tế tư nhân",
        "Private sector development policy",
        12,
        ("Chỉ số 8: Chính sách phát triển khu vực KTTN",),
        2005,
        2008,
    ),
    _pci(
        "thuc-hien-chinh-sach-tw",
        "Thực hiện chính sách của Trung ương",
        "Implementation of central policies",
        13,
        (),
        2005,
        2005,
    ),
    ComponentSpec(
        PCI,
        "pci-chua-trong-so",
        "PCI chưa có trọng số",
        "Unweighted PCI",
        14,
        aliases=(
            "Chỉ số PCI chưa có trọng số",
            "Chỉ số PCI 2007 chưa có trọng số",
            "Chưa có trọng số",
        ),
        scale=(0, 100),
        first_year=2007,
        last_year=2010,
    ),
)

PAPI_DIMENSIONS = (
    (
        "tham-gia",
        "Tham gia của người dân ở cấp cơ sở",
        "Participation at Local Levels",
        (
            ("tri-thuc-cong-dan", "Tri thức công dân", "Civic Knowledge"),
            ("co-hoi-tham-gia", "Cơ hội tham gia", "Opportunities for Participation"),
            ("chat-luong-bau-cu", "Chất lượng bầu cử", "Quality of Elections"),
            ("dong-gop-tu-nguyen", "Đóng góp tự nguyện", "Voluntary Contributions"),
        ),
    ),
    (
        "cong-khai-minh-bach",
        "Công khai, minh bạch",
        "Transparency",
        (
            ("danh-sach-ho-ngheo", "Danh sách hộ nghèo", "Poverty Lists"),
            (
                "thu-chi-ngan-sach-xa",
                "Thu, chi ngân sách cấp xã/phường",
                "Communal Budget and Expenditure",
            ),
            (
                "ke-hoach-su-dung-dat",
                "Kế hoạch sử dụng đất, khung giá đền bù",
                "Land-Use Plans/Price Frames",
            ),
        ),
    ),
    (
        "trach-nhiem-giai-trinh",
        "Trách nhiệm giải trình với người dân",
        "Vertical Accountability",
        (
            (
                "tuong-tac-chinh-quyen",
                "Hiệu quả tương tác với các cấp chính quyền",
                "Interactions With Local Authorities",
            ),
            ("ban-thanh-tra-nhan-dan", "Ban thanh tra nhân dân", "People's Inspection Boards"),
            ("ban-giam-sat-dau-tu", "Ban Giám sát đầu tư cộng đồng", "Community Investment Boards"),
            (
                "dap-ung-kien-nghi",
                "Đáp ứng kiến nghị của người dân",
                "Responsive to Citizen Actions",
            ),
        ),
    ),
    (
        "kiem-soat-tham-nhung",
        "Kiểm soát tham nhũng trong khu vực công",
        "Control of Corruption",
        (
            (
                "tham-nhung-chinh-quyen",
                "Kiểm soát tham nhũng trong chính quyền",
                "Limits on Public Sector Corruption",
            ),
            (
                "tham-nhung-dich-vu-cong",
                "Kiểm soát tham nhũng trong cung ứng dịch vụ công",
                "Limits on Corruption in Service Delivery",
            ),
            (
                "cong-bang-tuyen-dung",
                "Công bằng trong tuyển dụng vào nhà nước",
                "Equity in Employment",
            ),
            (
                "quyet-tam-chong-tham-nhung",
                "Quyết tâm chống tham nhũng",
                "Willingness to Fight Corruption",
            ),
        ),
    ),
    (
        "thu-tuc-hanh-chinh-cong",
        "Thủ tục hành chính công",
        "Public Administrative Procedures",
        (
            ("chung-thuc-xac-nhan", "Chứng thực/xác nhận", "Certification Procedures"),
            ("giay-phep-xay-dung", "Giấy phép xây dựng", "Construction Permits"),
            (
                "giay-chung-nhan-qsdd",
                "Giấy chứng nhận quyền sử dụng đất",
                "Land-Use Rights Procedures",
            ),
            ("thu-tuc-cap-xa", "Thủ tục hành chính cấp xã/phường", "Personal Procedures"),
        ),
    ),
    (
        "cung-ung-dich-vu-cong",
        "Cung ứng dịch vụ công",
        "Public Service Delivery",
        (
            ("y-te-cong-lap", "Y tế công lập", "Public Health"),
            ("giao-duc-tieu-hoc", "Giáo dục tiểu học công lập", "Public Primary Education"),
            ("co-so-ha-tang", "Cơ sở hạ tầng căn bản", "Basic Infrastructure"),
            ("an-ninh-trat-tu", "An ninh, trật tự", "Law and Order"),
        ),
    ),
)
#: Years in use, where a sub-dimension was added, renamed or dropped (data README: 2016 swap).
PAPI_SUB_YEARS = {
    "ban-giam-sat-dau-tu": (None, 2015),
    "dap-ung-kien-nghi": (2016, None),
}
PAPI_SUB_ALIASES = {"ban-thanh-tra-nhan-dan": ("Hiệu quả của Ban Thanh tra Nhân dân",)}


def _papi_components() -> tuple[ComponentSpec, ...]:
    specs: list[ComponentSpec] = []
    for order, (code, name_vi, name_en, subs) in enumerate(PAPI_DIMENSIONS, start=1):
        specs.append(ComponentSpec(PAPI, code, name_vi, name_en, order * 10, scale=(1, 10)))
        for sub_order, (sub_code, sub_vi, sub_en) in enumerate(subs, start=1):
            first, last = PAPI_SUB_YEARS.get(sub_code, (None, None))
            aliases = [f"{name_vi} / {sub_vi}"]
            aliases += [f"{name_vi} / {a}" for a in PAPI_SUB_ALIASES.get(sub_code, ())]
            aliases += list(PAPI_SUB_ALIASES.get(sub_code, ()))
            specs.append(
                ComponentSpec(
                    PAPI,
                    f"{code}-{sub_code}",
                    sub_vi,
                    sub_en,
                    order * 10 + sub_order,
                    parent=code,
                    aliases=tuple(aliases),
                    first_year=first,
                    last_year=last,
                )
            )
    specs.append(
        ComponentSpec(
            PAPI,
            "quan-tri-moi-truong",
            "Quản trị môi trường",
            "Environmental Governance",
            70,
            scale=(1, 10),
            first_year=2018,
        )
    )
    specs.append(
        ComponentSpec(
            PAPI,
            "quan-tri-dien-tu",
            "Quản trị điện tử",
            "E-Governance",
            80,
            scale=(1, 10),
            first_year=2018,
        )
    )
    return tuple(specs)


PAR_AREAS = (
    ("chi-dao-dieu-hanh", "Công tác chỉ đạo, điều hành CCHC", "Direction and management of reform"),
    ("cai-cach-the-che", "Cải cách thể chế", "Institutional reform"),
    ("cai-cach-tthc", "Cải cách thủ tục hành chính", "Administrative procedure reform"),
    (
        "cai-cach-to-chuc-bo-may",
        "Cải cách tổ chức bộ máy hành chính nhà nước",
        "Reform of the state administrative apparatus",
    ),
    ("cai-cach-che-do-cong-vu", "Cải cách chế độ công vụ", "Civil service reform"),
    ("cai-cach-tai-chinh-cong", "Cải cách tài chính công", "Public finance reform"),
    (
        "chinh-quyen-dien-tu-so",
        "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số",
        "E-government and digital government",
    ),
    (
        "tac-dong-cchc",
        "Tác động của CCHC đến người dân, tổ chức và phát triển KT-XH",
        "Impact of reform on people, organisations and socio-economic development",
    ),
)
PAR_ALIASES = {
    "cai-cach-tthc": ("Cải cách TTHC",),
    "chinh-quyen-dien-tu-so": (
        "Xây dựng và phát triển Chính quyền điện tử",
        "Hiện đại hóa hành chính",
        "Chính quyền điện tử, Chính quyền số",
    ),
    "tac-dong-cchc": ("Tác động của CCHC",),
    "chi-dao-dieu-hanh": ("Công tác chỉ đạo, điều hành",),
}

SIPAS_ELEMENTS = (
    ("tiep-can-dich-vu", "Tiếp cận dịch vụ", "Access to services"),
    ("thu-tuc-hanh-chinh", "Thủ tục hành chính", "Administrative procedures"),
    ("cong-chuc", "Công chức trực tiếp giải quyết công việc", "Civil servants handling the case"),
    ("ket-qua-dich-vu", "Kết quả dịch vụ", "Service results"),
    (
        "tiep-nhan-gop-y",
        "Tiếp nhận, giải quyết góp ý, phản ánh, kiến nghị",
        "Handling of feedback, complaints and petitions",
    ),
)

COMPONENTS: tuple[ComponentSpec, ...] = (
    *(
        ComponentSpec(
            PAR_INDEX, code, vi, en, order, aliases=PAR_ALIASES.get(code, ()), scale=(0, 100)
        )
        for order, (code, vi, en) in enumerate(PAR_AREAS, start=1)
    ),
    *(
        ComponentSpec(SIPAS, code, vi, en, order, scale=(0, 100))
        for order, (code, vi, en) in enumerate(SIPAS_ELEMENTS, start=1)
    ),
    *_papi_components(),
    *PCI_COMPONENTS,
)


#: Sources at the publishers: the page (or workbook) where each edition is published. The
#: public mirror the 2005–2016 files were copied from is named in fixtures/indicators/SOURCE.md.
def _scale(index_code: str, year: int) -> tuple[int, int]:
    """The scale of a known index's overall score in ``year`` (see ``scale_for``)."""
    scale = scale_for(index_code, year)
    assert scale is not None
    return scale


PCI_SOURCE = "VCCI, bảng xếp hạng PCI {year} trên pcivietnam.vn (bảng số liệu PCI_{year}.xlsx)"
PCI_URL = "https://pcivietnam.vn/bang-xep-hang?cpi_cat_id=PCI_Score&region_id=0&year={year}"
PAPI_SOURCE = "UNDP–CECODES, Báo cáo PAPI {year}, số liệu các tỉnh trên papi.org.vn"
PAPI_URL = "https://papi.org.vn/bao-cao/"
MOHA_SOURCE = (
    "Bộ Nội vụ, công bố {name} {year} (bảng kết quả các tỉnh in dạng ảnh trong thông báo trên "
    "Cổng thông tin cải cách hành chính)"
)
MOHA_URL = "https://caicachhanhchinh.gov.vn"

EDITIONS: tuple[EditionSpec, ...] = (
    *(
        EditionSpec(
            PCI,
            year,
            (0, 100),
            province_set="partial" if year == 2005 else ("64" if year <= 2008 else "63"),
            province_count=42 if year == 2005 else (64 if year <= 2008 else 63),
            method_notes=(
                "PCI 2005 chỉ khảo sát 42 tỉnh, thành phố."
                if year == 2005
                else "Bảng gốc PCI 2008 không có cột xếp hạng: thứ hạng để trống, không phải 0."
                if year == 2008
                else ""
            ),
            source_title=PCI_SOURCE.format(year=year),
            source_url=PCI_URL.format(year=year),
        )
        for year in range(2005, 2025)
    ),
    *(
        EditionSpec(
            PAPI,
            year,
            _scale(PAPI, year),
            source_title=PAPI_SOURCE.format(year=year),
            source_url=PAPI_URL,
            method_notes="Tổng điểm 6 nội dung, thang 6–60 (giai đoạn 2011–2017).",
        )
        for year in range(2011, 2018)
    ),
    EditionSpec(
        PAPI,
        2018,
        _scale(PAPI, 2018),
        breaks_comparability=True,
        source_title=PAPI_SOURCE.format(year=2018),
        source_url=PAPI_URL,
        method_notes="Từ 2018 PAPI có 8 nội dung (thêm quản trị môi trường, quản trị điện tử), "
        "thang 8–80; không so sánh trực tiếp với các năm trước.",
    ),
    # PAPI from 2018 is on the 8–80 scale: every edition created for a later year takes it.
    *(
        EditionSpec(
            PAPI,
            year,
            (8, 80),
            source_title=PAPI_SOURCE.format(year=year),
            source_url=PAPI_URL,
            method_notes="Tổng điểm 8 nội dung, thang 8–80 (từ 2018).",
        )
        for year in range(2019, 2031)
    ),
    *(
        EditionSpec(
            code,
            year,
            (0, 100),
            source_title=MOHA_SOURCE.format(name=name, year=year),
            source_url=MOHA_URL,
            method_notes=f"Công bố năm {year + 1}.",
        )
        for code, name in ((PAR_INDEX, "PAR-Index"), (SIPAS, "SIPAS"))
        for year in range(2020, 2024)
    ),
    EditionSpec(
        PAR_INDEX,
        2019,
        (0, 100),
        source_title=MOHA_SOURCE.format(name="PAR-Index", year=2019),
        source_url=MOHA_URL,
        method_notes="Công bố năm 2020; điểm tính theo % trên tổng 100 điểm.",
    ),
    EditionSpec(
        SIPAS,
        2019,
        (0, 100),
        source_title=MOHA_SOURCE.format(name="SIPAS", year=2019),
        source_url=MOHA_URL,
        method_notes="Công bố năm 2020.",
    ),
    EditionSpec(
        PAR_INDEX,
        2024,
        (0, 100),
        tiers=({"label": "A", "min": 90}, {"label": "B", "min": 80}),
        source_title=MOHA_SOURCE.format(name="PAR-Index", year=2024),
        source_url=MOHA_URL,
        method_notes="Từ PAR-Index 2024 các tỉnh được xếp nhóm A (từ 90 %) và B (80–90 %).",
    ),
)
#: Metadata applied when an edition's first scores are imported (editions without scores are
#: never created, so no page shows an empty ranking).
EDITION_SPECS = {(spec.index, spec.year): spec for spec in EDITIONS}


@transaction.atomic
def load_reference() -> dict[str, int]:
    """Create or update indices, components and known editions by natural key. Idempotent.

    Merges, as load_localities does: the aliases shipped here are added to those in the
    database, never replacing them (an administrator adds names the imports should accept),
    and a row saved in the admin (``edited_by_admin``) keeps every field as it was edited."""
    counts = {"created": 0, "updated": 0, "unchanged": 0}

    def upsert(model, lookup: dict, values: dict):
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model.objects.create(**lookup, **values)
            counts["created"] += 1
            return obj
        if "aliases" in values:
            values = {**values, "aliases": merged_aliases(obj.aliases, values["aliases"])}
        if obj.edited_by_admin:
            values = {k: v for k, v in values.items() if k == "aliases"}
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, values[name])
            obj.save(update_fields=changed)
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
        return obj

    indices = {}
    for spec in INDICES:
        values = {k: getattr(spec, k) for k in (*INDEX_TEXT_FIELDS, "order", "higher_is_better")}
        values["aliases"] = list(spec.aliases)
        indices[spec.code] = upsert(Index, {"code": spec.code}, values)

    components: dict[tuple[str, str], Component] = {}
    for part in COMPONENTS:  # parents come before their children in COMPONENTS
        values = {
            "name_vi": part.name_vi,
            "name_en": part.name_en,
            "order": part.order,
            "aliases": list(part.aliases),
            "parent": components[(part.index, part.parent)] if part.parent else None,
            "scale_min": Decimal(part.scale[0]) if part.scale else None,
            "scale_max": Decimal(part.scale[1]) if part.scale else None,
            "first_year": part.first_year,
            "last_year": part.last_year,
        }
        components[(part.index, part.code)] = upsert(
            Component, {"index": indices[part.index], "code": part.code}, values
        )

    for edition in Edition.objects.select_related("index"):
        edition_spec = EDITION_SPECS.get((edition.index.code, edition.year))
        if edition_spec:
            upsert(Edition, {"pk": edition.pk}, edition_values(edition_spec, keep_source=edition))
    return counts


def merged_aliases(existing: list[str], shipped: list[str]) -> list[str]:
    """The aliases in the database, then each shipped one they lack (compared folded)."""
    result = list(existing or [])
    seen = {fold(a) for a in result}
    for alias in shipped:
        if fold(alias) not in seen:
            result.append(alias)
            seen.add(fold(alias))
    return result


def edition_values(spec: EditionSpec, keep_source=None) -> dict:
    """Field values of an edition from its spec; a source recorded by an import is kept."""
    values = {
        "scale_min": Decimal(spec.scale[0]),
        "scale_max": Decimal(spec.scale[1]),
        "province_set": spec.province_set,
        "province_count": spec.province_count,
        "method_notes": spec.method_notes,
        "breaks_comparability": spec.breaks_comparability,
        "tiers": list(spec.tiers),
        "source_title": spec.source_title,
        "source_url": spec.source_url,
        "published_on": datetime.date.fromisoformat(spec.published_on)
        if spec.published_on
        else None,
    }
    if keep_source is not None and keep_source.source_url and not spec.source_url:
        values["source_url"] = keep_source.source_url
    return values
