"""The XLSX template of the initiative import: the columns of
:data:`initiatives.columns.COLUMNS` with their notes and drop-downs, one real example row, and
the sheets of province and unit names."""

from __future__ import annotations

from django.utils.translation import gettext as _

from initiatives.columns import COLUMNS
from spreadsheets.workbook import TemplateColumn, build_template, province_sheet, unit_sheet


def initiative_template() -> bytes:
    """The XLSX to fill: headers with notes, a real example row (the demo initiative from the
    seed article on Thọ Xuân's volunteer Saturdays), drop-downs, unit names with their codes."""
    columns = [
        TemplateColumn(
            column.header,
            str(column.note),
            required=column.required,
            choices=column.option_values(),
            strict=column.strict,
            width=column.width,
        )
        for column in COLUMNS
    ]
    example = {column.key: "" for column in COLUMNS}
    example.update(
        {
            "title": "Ngày thứ 7 tình nguyện giúp dân giải quyết TTHC",
            "model_name": "Ngày thứ bảy tình nguyện giúp dân giải quyết TTHC",
            "summary": (
                "Văn phòng đăng ký đất đai huyện Thọ Xuân tình nguyện làm việc ngày thứ Bảy để "
                "giúp dân giải quyết thủ tục hành chính; sau đó mở 15 điểm tại 15 xã, thị trấn "
                "hỗ trợ người dân dùng dịch vụ công trực tuyến."
            ),
            "implementing_unit": "Văn phòng đăng ký đất đai huyện Thọ Xuân",
            "province": "Thanh Hóa",
            "district": "Thọ Xuân",
            "place_as_written": (
                "huyện Thọ Xuân, Thanh Hóa; sau đó 15 điểm tại 15 xã, thị trấn của Thọ Xuân"
            ),
            "level": "Cấp huyện",
            "areas": (
                "Cải cách thủ tục hành chính; Xây dựng và phát triển Chính quyền điện tử, "
                "Chính quyền số"
            ),
            "stage": "Đã nhân rộng",
            "targets": "SIPAS; PAPI: Thủ tục hành chính công",
            "source_title": "Hội thảo chia sẻ sáng kiến, mô hình cải cách hành chính",
            "source_publisher": "Báo Thanh Hóa (baothanhhoa.vn)",
            "source_date": "16/11/2023",
        }
    )
    return build_template(
        _("Sáng kiến"),
        columns,
        [example[column.key] for column in COLUMNS],
        [province_sheet(), unit_sheet()],
    )
