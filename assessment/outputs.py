"""The pack's downloads: one XLSX (a summary sheet, then a sheet per PAR area) and a ZIP of
the attachments in folders by area and criterion. Both list the same initiatives with the same
links (``rows``), carry the date they were made and the list of gaps."""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Callable
from tempfile import SpooledTemporaryFile

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from assessment.pack import AreaGroup, Entry, Pack
from localities.text import strip_diacritics
from spreadsheets.reading import csv_text

#: ZIPs up to this size stay in memory; larger ones spill to a temporary file.
ZIP_MEMORY_LIMIT = 8 * 1024 * 1024
#: Attachments are copied into the ZIP in pieces of this size, never read whole.
COPY_CHUNK = 256 * 1024


def record_link(base_url: str, entry: Entry) -> str:
    return base_url + entry.initiative.get_absolute_url()


def columns(base_url: str) -> list[tuple[str, Callable[[Entry], object]]]:
    """The columns of an initiative in every output (sheet, ZIP list, print view)."""

    def decision(e: Entry) -> str:
        i = e.initiative
        parts = [
            i.recognition_number,
            formats.date_format(i.recognition_date, "SHORT_DATE_FORMAT")
            if i.recognition_date
            else "",
            i.get_recognition_level_display() if i.recognition_level else "",
        ]
        return ", ".join(p for p in parts if p)

    def outcomes(e: Entry) -> str:
        return "; ".join(
            f"{o.label}: {formats.localize(o.value)} {o.unit}".strip()
            + (f" ({o.year})" if o.year else "")
            for o in e.initiative.outcomes.all()
        )

    def replication(e: Entry) -> str:
        parts = []
        if e.replicated_from is not None:
            parts.append(_("nhân rộng từ: %(title)s") % {"title": e.replicated_from.title})
        if e.replications:
            parts.append(
                _("được nhân rộng tại: %(places)s")
                % {
                    "places": "; ".join(
                        f"{r.title} ({r.locality.name}"
                        + (f", {r.start_year})" if r.start_year else ")")
                        for r in e.replications
                    )
                }
            )
        return " · ".join(parts)

    return [
        (_("Tên sáng kiến"), lambda e: e.initiative.title),
        (_("Cấp"), lambda e: e.initiative.get_level_display()),
        (_("Đơn vị thực hiện"), lambda e: e.initiative.implementing_unit),
        (_("Địa bàn"), lambda e: e.initiative.place_as_written or e.initiative.locality.name),
        (_("Tiêu chí"), lambda e: "; ".join(c.code for c in e.criteria)),
        (_("Vì sao trong năm"), lambda e: "; ".join(e.reasons)),
        (_("Quyết định công nhận"), decision),
        (_("Năm bắt đầu"), lambda e: e.initiative.start_year),
        (_("Kết quả đo được"), outcomes),
        (_("Nhân rộng"), replication),
        (
            _("Tệp đính kèm"),
            lambda e: "; ".join(
                f"{a.original_name} <{base_url}{reverse('initiatives:attachment', args=[a.pk])}>"
                for a in e.initiative.attachments.all()
            ),
        ),
        (
            _("Chỉ số hướng tới"),
            lambda e: "; ".join(str(t) for t in e.initiative.targets.all()),
        ),
        (_("Còn thiếu"), lambda e: "; ".join(e.gap_text)),
        (_("Đường dẫn"), lambda e: record_link(base_url, e)),
    ]


def heading_lines(pack: Pack) -> list[str]:
    made = formats.date_format(pack.made_at, "SHORT_DATETIME_FORMAT")
    lines = [
        _("Tự đánh giá CCHC %(year)s — %(province)s: sáng kiến, mô hình và tài liệu kiểm chứng")
        % {"year": pack.year, "province": pack.province.name},
        _("Lập lúc: %(when)s") % {"when": made},
    ]
    if pack.criteria_set is not None:
        lines.append(
            _("Bộ tiêu chí: %(title)s. Nguồn: %(source)s")
            % {"title": pack.criteria_set.title, "source": pack.criteria_set.source}
        )
    else:
        lines.append(_("Chưa có bộ tiêu chí PAR-Index cho năm này."))
    return lines


def gap_lines(pack: Pack, base_url: str) -> list[list[str]]:
    return [
        [e.initiative.title, "; ".join(e.gap_text), record_link(base_url, e)] for e in pack.gaps
    ]


# --- XLSX -------------------------------------------------------------------------------


def _sheet_title(text: str, taken: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", text)[:31].strip() or "Sheet"
    title, n = base, 2
    while title.lower() in taken:
        suffix = f" ({n})"
        title = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(title.lower())
    return title


def _group_title(group: AreaGroup) -> str:
    return f"{group.number}. {group.name}" if group.area else group.name


def build_xlsx(pack: Pack, base_url: str) -> bytes:
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    bold = Font(bold=True)
    link_font = Font(color="0563C1", underline="single")
    workbook = Workbook()
    summary = workbook.active
    taken: set[str] = set()
    summary.title = _sheet_title(_("Tổng hợp"), taken)

    def put(sheet, row: int, col: int, value, *, font=None, link: str = ""):
        cell = sheet.cell(row=row, column=col)
        if value is None or isinstance(value, int | float):
            cell.value = value
        else:
            cell.value = str(value)
            cell.data_type = "s"  # text stays text: "=…" in a title is never run
        if link:
            cell.hyperlink = link
            cell.font = link_font
        elif font is not None:
            cell.font = font
        return cell

    row = 1
    for line in heading_lines(pack):
        put(summary, row, 1, line, font=bold if row == 1 else None)
        row += 1
    row += 1
    for col, label in enumerate((_("Lĩnh vực"), _("Tiêu chí"), _("Số sáng kiến")), start=1):
        put(summary, row, col, label, font=bold)
    for group in pack.groups:
        row += 1
        put(summary, row, 1, _group_title(group))
        put(summary, row, 2, "; ".join(f"{c.code} {c.title}" for c in group.criteria))
        put(summary, row, 3, len(group.entries))
    row += 2
    put(
        summary,
        row,
        1,
        _("Sáng kiến còn thiếu tài liệu (%(n)s)") % {"n": len(pack.gaps)},
        font=bold,
    )
    for title, missing, link in gap_lines(pack, base_url):
        row += 1
        put(summary, row, 1, title, link=link)
        put(summary, row, 2, missing)
    if not pack.gaps:
        put(summary, row + 1, 1, _("Không có."))
    summary.column_dimensions["A"].width = 60
    summary.column_dimensions["B"].width = 60

    cols = columns(base_url)
    for group in pack.groups:
        sheet = workbook.create_sheet(_sheet_title(_group_title(group), taken))
        put(sheet, 1, 1, _group_title(group), font=bold)
        put(sheet, 2, 1, heading_lines(pack)[1])
        for col, (label, _get) in enumerate(cols, start=1):
            put(sheet, 4, col, label, font=bold)
        for r, entry in enumerate(group.entries, start=5):
            link = record_link(base_url, entry)
            for col, (_label, get) in enumerate(cols, start=1):
                value = get(entry)
                put(sheet, r, col, value, link=link if col in (1, len(cols)) else "")
        sheet.column_dimensions["A"].width = 50
        sheet.freeze_panes = "B5"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- ZIP --------------------------------------------------------------------------------


def safe_name(text: str, limit: int = 80) -> str:
    """An ASCII file or folder name: no diacritics, no separators or "..", nothing hidden."""
    ascii_text = strip_diacritics(text).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_text)
    cleaned = re.sub(r"\.{2,}", ".", cleaned)
    cleaned = re.sub(r"-{2,}", "-", cleaned).strip(".-_")
    return cleaned[:limit].strip(".-_") or "tep"


def _unique(name: str, taken: set[str]) -> str:
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        stem, ext = name, ""
    candidate, n = name, 2
    while candidate.lower() in taken:
        candidate = f"{stem}-{n}.{ext}" if ext else f"{stem}-{n}"
        n += 1
    taken.add(candidate.lower())
    return candidate


def zip_layout(pack: Pack) -> list[tuple[Entry, str, list[tuple[object, str]]]]:
    """For every (area, criterion, initiative): its folder and its files' paths in the ZIP.
    Files go under ``<area>/<criterion>/<initiative>/``; an area without criteria in the
    year's set has no criterion folder."""
    layout = []
    folders: set[str] = set()
    for group in pack.groups:
        area_dir = safe_name(
            f"{group.number:02d}-{group.area.name_vi}" if group.area else "00-chua-xep-linh-vuc"
        )
        criterion_dirs = [safe_name(f"{c.code}-{c.title}", 60) for c in group.criteria] or [""]
        for criterion_dir in criterion_dirs:
            for entry in group.entries:
                parent = "/".join(p for p in (area_dir, criterion_dir) if p)
                folder = _unique(
                    f"{parent}/{safe_name(entry.initiative.title, 60)}-{entry.initiative.pk}",
                    folders,
                )
                taken: set[str] = set()
                files = [
                    (a, f"{folder}/{_unique(safe_name(a.original_name), taken)}")
                    for a in entry.initiative.attachments.all()
                ]
                layout.append((entry, folder, files))
    return layout


def build_zip(pack: Pack, base_url: str) -> SpooledTemporaryFile:
    """The ZIP, written to a spooled temporary file (memory up to ZIP_MEMORY_LIMIT, then
    disk), rewound and ready to stream. Each attachment is copied in chunks."""
    spool = SpooledTemporaryFile(max_size=ZIP_MEMORY_LIMIT)  # noqa: SIM115 (the response closes it)
    layout = zip_layout(pack)
    cols = columns(base_url)
    rows = []
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for entry, folder, files in layout:
            stored = []
            for attachment, path in files:
                try:
                    with attachment.file.open("rb") as source, archive.open(path, "w") as target:
                        shutil.copyfileobj(source, target, COPY_CHUNK)
                    stored.append(path)
                except FileNotFoundError:
                    stored.append(
                        _("%(name)s: tệp không còn trong kho") % {"name": attachment.original_name}
                    )
            rows.append([folder, *[get(entry) for _label, get in cols], "; ".join(stored)])
        listing = csv_text(
            [_("Thư mục"), *[label for label, _get in cols], _("Tệp trong gói")], rows
        )
        archive.writestr("danh-sach-sang-kien.csv", listing.encode("utf-8"))
        readme = [
            *heading_lines(pack),
            "",
            _("Sáng kiến còn thiếu tài liệu (%(n)s)") % {"n": len(pack.gaps)},
            *[
                f"- {title}: {missing} <{link}>"
                for title, missing, link in gap_lines(pack, base_url)
            ],
        ]
        archive.writestr("DOC-TRUOC.txt", ("\n".join(str(line) for line in readme) + "\n").encode())
    spool.seek(0)
    return spool
