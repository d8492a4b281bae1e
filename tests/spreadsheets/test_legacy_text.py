"""Legacy-font Vietnamese (TCVN3, VNI) read as Unicode: tables, detection, conversion."""

from __future__ import annotations

import csv
import gzip
import json
import re
import unicodedata
from pathlib import Path

import pytest

from spreadsheets.legacy_text import (
    TCVN3,
    TCVN3_TO_UNICODE,
    VNI,
    VNI_TO_UNICODE,
    convert_legacy,
    detect_legacy,
    is_syllable,
    suggest,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

#: No tone, grave, hook above, tilde, acute, dot below.
TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
LOWER = sorted(
    {unicodedata.normalize("NFC", base + tone) for base in "aăâeêioôơuưy" for tone in TONES}
    - set("aeiouy")
    | {"đ"}
)
LETTERS = LOWER + [letter.upper() for letter in LOWER]
TCVN3_CAPITALS = "ĂÂÊÔƠƯĐ"

#: TCVN 5712 (VN1) 0xA0-0xFF as in GNU libiconv tcvn.h: an independent copy of the standard.
VN1_A0_FF = (
    0x00A0, 0x0102, 0x00C2, 0x00CA, 0x00D4, 0x01A0, 0x01AF, 0x0110,
    0x0103, 0x00E2, 0x00EA, 0x00F4, 0x01A1, 0x01B0, 0x0111, 0x1EB0,
    0x0300, 0x0309, 0x0303, 0x0301, 0x0323, 0x00E0, 0x1EA3, 0x00E3,
    0x00E1, 0x1EA1, 0x1EB2, 0x1EB1, 0x1EB3, 0x1EB5, 0x1EAF, 0x1EB4,
    0x1EAE, 0x1EA6, 0x1EA8, 0x1EAA, 0x1EA4, 0x1EC0, 0x1EB7, 0x1EA7,
    0x1EA9, 0x1EAB, 0x1EA5, 0x1EAD, 0x00E8, 0x1EC2, 0x1EBB, 0x1EBD,
    0x00E9, 0x1EB9, 0x1EC1, 0x1EC3, 0x1EC5, 0x1EBF, 0x1EC7, 0x00EC,
    0x1EC9, 0x1EC4, 0x1EBE, 0x1ED2, 0x0129, 0x00ED, 0x1ECB, 0x00F2,
    0x1ED4, 0x1ECF, 0x00F5, 0x00F3, 0x1ECD, 0x1ED3, 0x1ED5, 0x1ED7,
    0x1ED1, 0x1ED9, 0x1EDD, 0x1EDF, 0x1EE1, 0x1EDB, 0x1EE3, 0x00F9,
    0x1ED6, 0x1EE7, 0x0169, 0x00FA, 0x1EE5, 0x1EEB, 0x1EED, 0x1EEF,
    0x1EE9, 0x1EF1, 0x1EF3, 0x1EF7, 0x1EF9, 0x00FD, 0x1EF5, 0x1ED0,
)  # fmt: skip

#: VNI-Windows, written out by hand from the published layout: each vowel without tone,
#: then grave, hook, tilde, acute, dot.
VNI_LAYOUT = {
    "a": "a aø aû aõ aù aï",
    "ă": "aê aè aú aü aé aë",
    "â": "aâ aà aå aã aá aä",
    "e": "e eø eû eõ eù eï",
    "ê": "eâ eà eå eã eá eä",
    "i": "i ì æ ó í ò",
    "o": "o oø oû oõ où oï",
    "ô": "oâ oà oå oã oá oä",
    "ơ": "ô ôø ôû ôõ ôù ôï",
    "u": "u uø uû uõ uù uï",
    "ư": "ö öø öû öõ öù öï",
    "y": "y yø yû yõ yù î",
}

TCVN3_ENCODE = {letter: code for code, letter in TCVN3_TO_UNICODE.items()}
VNI_ENCODE = {letter: code for code, letter in VNI_TO_UNICODE.items()}


def encode_tcvn3(text: str) -> str:
    """Unicode -> TCVN3 as ABC users typed it: toned capitals take the lower-case code."""
    return "".join(TCVN3_ENCODE.get(ch) or TCVN3_ENCODE.get(ch.lower(), ch) for ch in text)


def tcvn3_expected(text: str) -> str:
    """What TCVN3 can give back without a capitals font: toned capitals in lower case."""
    return "".join(
        ch.lower() if ch not in TCVN3_ENCODE and ch.lower() in TCVN3_ENCODE else ch for ch in text
    )


def encode_vni(text: str) -> str:
    return "".join(VNI_ENCODE.get(ch, ch) for ch in text)


def unit_names() -> set[str]:
    """Every unit name and short name of the pre-2025 fixture."""
    with gzip.open(FIXTURES / "units_pre2025.csv.gz", "rt", encoding="utf-8") as handle:
        return {name for row in csv.DictReader(handle) for name in (row["name"], row["short_name"])}


def fixture_strings() -> set[str]:
    """Every unit name and short name, and every string of the demo initiatives."""
    strings = unit_names()

    def walk(value: object) -> None:
        if isinstance(value, str):
            strings.add(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(json.loads((FIXTURES / "initiatives" / "demo_initiatives.json").read_text("utf-8")))
    return strings


UNIT_NAMES = sorted(unit_names())
FIXTURE_STRINGS = sorted(fixture_strings())


# --- The examples -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("legacy", "encoding", "expected"),
    [
        ("Hµ Néi", TCVN3, "Hà Nội"),
        ("Haø Noäi", VNI, "Hà Nội"),
        ("Thanh Hãa", TCVN3, "Thanh Hóa"),
        ("§µ N½ng", TCVN3, "Đà Nẵng"),
        ("TØnh Qu¶ng Ninh", TCVN3, "Tỉnh Quảng Ninh"),
        ("Ph\xadêng Tr\xadêng Thi", TCVN3, "Phường Trường Thi"),
        ("Thaønh phoá Hoà Chí Minh", VNI, "Thành phố Hồ Chí Minh"),
        ("Sôû Noäi vuï tænh Ñoàng Nai", VNI, "Sở Nội vụ tỉnh Đồng Nai"),
        ("HAØ NOÄI", VNI, "HÀ NỘI"),
        ("Thanh Hoµ cã", TCVN3, "Thanh Hoà có"),
    ],
)
def test_examples_convert_and_are_detected(legacy: str, encoding: str, expected: str) -> None:
    assert convert_legacy(legacy, encoding) == expected
    assert suggest(legacy) == (encoding, expected)
    assert unicodedata.is_normalized("NFC", convert_legacy(legacy, encoding))


@pytest.mark.parametrize(
    ("mixed", "expected"),
    [
        ("Sở Nội vụ Hµ Néi", (TCVN3, "Sở Nội vụ Hà Nội")),
        ("Sở Nội vụ Haø Noäi", (VNI, "Sở Nội vụ Hà Nội")),
        ("Ủy ban nhân dân tØnh Thanh Hãa", (TCVN3, "Ủy ban nhân dân tỉnh Thanh Hóa")),
    ],
)
def test_mixed_text_converts_only_the_legacy_words(mixed: str, expected: tuple[str, str]) -> None:
    assert detect_legacy(mixed) == expected[0]
    assert suggest(mixed) == expected


# --- The tables ---------------------------------------------------------------------------


def test_the_134_letters() -> None:
    assert len(LETTERS) == 134
    assert all(len(letter) == 1 and unicodedata.is_normalized("NFC", letter) for letter in LETTERS)


def test_tcvn3_table_is_vn3_as_in_the_standard() -> None:
    """VN3 keeps, at the VN1 positions, the 67 lower-case letters and the 7 bare capitals."""
    expected = {}
    for offset, code_point in enumerate(VN1_A0_FF):
        letter = chr(code_point)
        if letter in LOWER or letter in TCVN3_CAPITALS:
            expected[chr(0xA0 + offset)] = letter
    assert len(expected) == 74
    assert expected == TCVN3_TO_UNICODE


def test_vni_table_matches_the_layout() -> None:
    for base, codes in VNI_LAYOUT.items():
        for tone, code in zip(TONES, codes.split(), strict=True):
            letter = unicodedata.normalize("NFC", base + tone)
            assert convert_legacy(code, VNI) == letter
            assert convert_legacy(code.upper(), VNI) == letter.upper()
    assert convert_legacy("ñ Ñ", VNI) == "đ Đ"
    spot = {"AØ": "À", "ÔÙ": "Ớ", "Î": "Ỵ", "Ó": "Ĩ", "UÕ": "Ũ", "ÖÏ": "Ự", "AÊ": "Ă"}
    assert {code: VNI_TO_UNICODE[code] for code in spot} == spot
    assert len(VNI_TO_UNICODE) == 134
    assert len(set(VNI_TO_UNICODE.values())) == 134


@pytest.mark.parametrize("letter", LETTERS)
def test_round_trip_vni(letter: str) -> None:
    encoded = encode_vni(letter)
    assert encoded != letter or letter in "ìíÌÍ"
    assert convert_legacy(encoded, VNI) == letter
    assert convert_legacy(encode_vni(f"Th{letter}n"), VNI) == f"Th{letter}n"


@pytest.mark.parametrize("letter", LETTERS)
def test_round_trip_tcvn3(letter: str) -> None:
    encoded = encode_tcvn3(letter)
    assert len(encoded) == 1
    assert encoded in TCVN3_TO_UNICODE
    if letter in LOWER or letter in TCVN3_CAPITALS:
        assert convert_legacy(encoded, TCVN3) == letter
    else:
        # No code for a toned capital: alone it comes back in lower case, among capitals
        # (text typed in a .VnTimeH font) in upper case.
        assert convert_legacy(encoded, TCVN3) == letter.lower()
        assert convert_legacy(f"H{encoded}N", TCVN3) == f"H{letter}N"
    assert convert_legacy(f"h{encode_tcvn3(letter.lower())}n", TCVN3) == f"h{letter.lower()}n"


def test_round_trip_all_letters_at_once() -> None:
    text = " ".join(LETTERS)
    assert convert_legacy(encode_vni(text), VNI) == text
    assert convert_legacy(encode_tcvn3(text), TCVN3) == tcvn3_expected(text)


# --- Capitals in TCVN3 --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("legacy", "expected"),
    [
        ("THANH HãA", "THANH HÓA"),
        ("TØNH QU¶NG NINH", "TỈNH QUẢNG NINH"),
        ("§µ N½NG", "ĐÀ NẴNG"),
        ("Hµ NéI", "HÀ NỘI"),
        ("Hµ Néi", "Hà Nội"),
        ("Hµ", "Hà"),
        ("hµ néi", "hà nội"),
        ("X· Ch\xad KB«", "Xã Chư KBô"),
        ("X· SRã", "Xã SRó"),
    ],
)
def test_tcvn3_capitals(legacy: str, expected: str) -> None:
    assert convert_legacy(legacy, TCVN3) == expected


# --- No false positive --------------------------------------------------------------------


def test_no_letter_alone_or_together_is_flagged() -> None:
    assert [letter for letter in LETTERS if detect_legacy(letter)] == []
    assert detect_legacy(" ".join(LETTERS)) is None
    assert detect_legacy("".join(LETTERS)) is None


def test_no_fixture_name_or_initiative_text_is_flagged() -> None:
    assert len(FIXTURE_STRINGS) > 10_000
    assert [text for text in FIXTURE_STRINGS if detect_legacy(text)] == []


def test_no_fixture_word_is_flagged_in_any_case() -> None:
    words = {w for text in FIXTURE_STRINGS for w in re.findall(r"[^\W\d_]+", text)}
    forms = {form for word in words for form in (word, word.upper(), word.lower(), word.title())}
    assert [form for form in sorted(forms) if detect_legacy(form)] == []


@pytest.mark.parametrize(
    "text",
    [
        "«Hà Nội»",
        "« Chính quyền thân thiện »",
        "«Ông» và «Bà»",
        "“Một cửa” – ‘liên thông’",
        "Nhiệt độ 25°C, độ ẩm 80%",
        "Giai đoạn 2020–2025 — kết quả…",
        "Diện tích 3×4 m; Hà·Nội·Huế",
        "Cao×Rộng",
        "Ghi chú¹: Lào Cai¹",
        "½ ngày, ¼ số xã",
        "©2024 Sở Nội vụ, Vinamilk®, §3",
        "5µm, 10 µg/l",
        "Ðo đạc bản đồ",
        "Thành phố Hồ Chí Minh",
        "THÀNH PHỐ HÀ NỘI",
        "Hoà Bình, Thuỷ Nguyên, Khoẻ",
        "",
        "Plain ASCII text 123",
    ],
)
def test_correct_unicode_with_punctuation_is_not_flagged(text: str) -> None:
    assert detect_legacy(text) is None
    assert suggest(text) is None


@pytest.mark.parametrize(
    "word",
    [
        "Café",
        "naïve",
        "Noël",
        "Zürich",
        "où",
        "Hôtel",
        "crème brûlée",
        "Renée",
        "façade",
        "Besançon",
        "São Paulo",
        "Curaçao",
        "El Niño",
        "señor",
        "España",
        "Müller",
        "Björk",
        "Citroën",
        "Über",
        "Ångström",
        "Øresund",
        "résumé",
        "fiancée",
        "Château",
        "déjà vu",
        "à la carte",
        "Jalapeño",
        "Piñata",
        "Zoë",
        "Raphaël",
        "Anaïs",
        "Hélène",
        "Bär",
        "Öl",
    ],
)
def test_french_english_and_other_words_are_not_flagged(word: str) -> None:
    assert detect_legacy(word) is None


# --- Detection on encoded fixture names ----------------------------------------------------


def test_encoded_fixture_names_are_found_and_restored() -> None:
    """Every unit name typed in TCVN3 and in VNI: nearly all are found, none is garbled."""
    for encoding, encode, expected in (
        (TCVN3, encode_tcvn3, tcvn3_expected),
        (VNI, encode_vni, lambda name: name),
    ):
        found = wrong_encoding = changed = 0
        for name in UNIT_NAMES:
            legacy = encode(name)
            if legacy == name:
                continue
            changed += 1
            result = suggest(legacy)
            if result is None:
                continue
            if result[0] != encoding:
                wrong_encoding += 1
                continue
            assert result[1] == expected(name), (encoding, name, legacy, result)
            found += 1
        assert found / changed > 0.97, (encoding, found, changed)
        assert wrong_encoding / changed < 0.002, (encoding, wrong_encoding, changed)


def test_ambiguous_bytes_prefer_the_reading_with_fewer_tone_marks() -> None:
    assert suggest("An Höng") == (VNI, "An Hưng")
    assert suggest("Cæ Loa") == (TCVN3, "Cổ Loa")  # VNI "Cỉ" breaks the c / k spelling


# --- Syllables ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "word",
    [
        "hoà", "hòa", "hoàn", "người", "rượu", "khuỷu", "thuở", "huế", "quá", "quý", "quỳnh",
        "quyết", "giữa", "giếng", "gì", "gìn", "kìa", "của", "cửa", "nghĩ", "nghề", "ghế", "kẻ",
        "Việt", "Đắk", "Lắk", "Krông", "ngoẹo", "xoáy", "khuấy", "yếu", "cuối", "NGUYỄN",
    ],
)  # fmt: skip
def test_syllables(word: str) -> None:
    assert is_syllable(word)


@pytest.mark.parametrize(
    "word",
    [
        "Hãa", "Néi", "Haø", "Laù", "Nghóa", "Kheõ", "cỉ", "ghà", "ngè", "Viet", "Cafộ",
        "naùve", "bañ", "Hoaạ", "ab",
    ],
)  # fmt: skip
def test_not_syllables(word: str) -> None:
    assert not is_syllable(word)


def test_unknown_encoding() -> None:
    with pytest.raises(ValueError, match="unknown legacy encoding"):
        convert_legacy("Hµ Néi", "VISCII")
