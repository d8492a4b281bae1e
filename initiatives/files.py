"""What an attached file really is, read from its whole structure, never from its name.

- PDF: the ``%PDF-`` header, an ``%%EOF`` trailer after a ``startxref``, and a document that
  pypdf parses down to its page tree (an HTML page that starts with ``%PDF-`` fails);
- DOCX/XLSX: a zip whose ``[Content_Types].xml`` declares the main part of a Word document or
  an Excel workbook, present in the archive; macro-enabled types and any ``vbaProject.bin``
  are refused;
- JPG/PNG: an image that Pillow opens and verifies.
"""

from __future__ import annotations

import io
import re
import zipfile

KINDS = {"pdf": "PDF", "docx": "DOCX", "xlsx": "XLSX", "jpg": "JPG", "png": "PNG"}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jpg": "image/jpeg",
    "png": "image/png",
}
_OFFICE_MAIN = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
}
_OVERRIDE = re.compile(
    rb"<Override\b[^>]*?PartName\s*=\s*\"([^\"]+)\"[^>]*?ContentType\s*=\s*\"([^\"]+)\"", re.I
)
_MAX_TYPES_SIZE = 1024 * 1024


def detect_kind(stream) -> str | None:
    """The file's kind (a key of KINDS) or None; ``stream`` is read whole and rewound."""
    stream.seek(0)
    data = stream.read()
    stream.seek(0)
    if data.startswith(b"%PDF-"):
        return "pdf" if _is_pdf(data) else None
    if data.startswith(b"PK\x03\x04"):
        return _office_kind(data)
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png" if _is_image(data, "PNG") else None
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg" if _is_image(data, "JPEG") else None
    return None


def _is_pdf(data: bytes) -> bool:
    tail = data[-2048:]
    if b"%%EOF" not in tail or b"startxref" not in tail:
        return False
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        len(reader.pages)  # walks the cross-reference table to the page tree
    except Exception:  # pypdf raises many kinds of errors on a broken file
        return False
    return True


def _office_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if any(n.lower().rsplit("/", 1)[-1] == "vbaproject.bin" for n in names):
                return None
            try:
                info = archive.getinfo("[Content_Types].xml")
            except KeyError:
                return None
            if info.file_size > _MAX_TYPES_SIZE:
                return None
            types = archive.read(info)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        return None
    if b"macroenabled" in types.lower():
        return None
    kinds = {
        _OFFICE_MAIN.get(content_type.decode("utf-8", "replace"))
        for part, content_type in _OVERRIDE.findall(types)
        if part.decode("utf-8", "replace").lstrip("/") in names
    } - {None}
    return kinds.pop() if len(kinds) == 1 else None


def _is_image(data: bytes, expected: str) -> bool:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != expected:
                return False
            image.verify()
    except Exception:  # Pillow raises many kinds of errors (and DecompressionBombError)
        return False
    return True
