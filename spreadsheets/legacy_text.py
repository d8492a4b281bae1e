"""Vietnamese typed in legacy 8-bit fonts (TCVN3, VNI) and read back as Unicode.

Spreadsheets from government offices often hold text typed with the old ABC fonts
(``.VnTime``, ``.VnArial``: TCVN3) or the VNI fonts (``VNI-Times``: VNI-Windows). The file
stores the font's byte values, so a reader that trusts the file gets Latin-1 look-alikes:
"Hà Nội" typed in TCVN3 reads ``"Hµ Néi"``, typed in VNI it reads ``"Haø Noäi"``.

:func:`detect_legacy` tells such text apart from correct Unicode, :func:`convert_legacy`
turns it into NFC Vietnamese and :func:`suggest` does both. All three are pure functions.

Tables
======
TCVN3 (TCVN 5712:1993, VN3, "ABC"): 67 lower-case letters and the 7 capitals without a tone
mark (Ă Â Ê Ô Ơ Ư Đ) at 0xA1-0xFE. The values are those of the TCVN 5712 (VN1) table in
GNU libiconv / XFree86 ``lcUniConv/tcvn.h``, of which VN3 keeps exactly these 74 letters;
checked against the TCVN3 table of the ``vietnamese-conversion`` npm package
(``duydev/vietnamese-conversion``, ``src/charsets.ts``) and the Wikipedia article "VSCII"
(VN3 = 67 lower-case + 7 upper-case letters + no-break space).

VNI-Windows: a base letter followed by a mark byte (``a`` + ``ø`` = à, ``a`` + ``á`` = ấ,
``a`` + ``é`` = ắ ...), plus single bytes for đ ơ ư and the i / ỵ forms (``ñ`` = đ, ``ô`` = ơ,
``ö`` = ư, ``æ`` = ỉ, ``ó`` = ĩ, ``ò`` = ị, ``î`` = ỵ). From the VNI table of the same npm
package and the Wikipedia article "VNI" (0xF8 ``ø`` grave, 0xF9 ``ù`` acute, 0xF1 ``ñ`` đ).
Capitals use the capital base and the capital mark (``AØ`` = À).

The tests encode every one of the 134 Vietnamese letters with the reversed tables and decode
it back.

What cannot be decided
======================
* TCVN3 has no codes for capitals with a tone mark: ABC users switched to a capitals-only
  font (``.VnTimeH``) that draws the lower-case codes as capitals, and the text does not say
  which font was used. A word is converted to capitals when a letter of known case (ASCII,
  or one of the seven TCVN3 capitals) follows a code and all such letters are capitals
  ("HãA" -> "HÓA", "TØNH" -> "TỈNH"); a word without such a letter ("Hµ", "§µ") follows the
  cell: capitals only if no letter of the cell is lower case and one word shows capitals
  ("§µ N½NG" -> "ĐÀ NẴNG"). Otherwise the tone-marked letters come out in lower case
  ("Hµ" -> "Hà", even if it was drawn as "HÀ"; "hµ néi" typed in .VnTimeH -> "hà nội").
* The VN1 / VN2 positions of tone-marked capitals (0x80-0x9F, and 0xAF, 0xBA, 0xBF,
  0xC0-0xC5, 0xCD, 0xD9-0xDB, 0xE0, 0xF0, 0xFF) are not part of VN3 and are left as they are.
* Only VNI for Windows is handled, not VNI for Mac or DOS.
* A word whose legacy form also reads as a correct syllable gives no evidence: TCVN3 "Phó"
  is "Phú", VNI "Sôn" is "Sơn", VNI "Hoàng" is "Hồng". A cell made only of such words is not
  reported (about 2 % of the fixture place names, encoded alone, fall in this case).
* Some bytes mean a letter in both encodings (``ö`` is TCVN3 ử and VNI ư, ``æ`` is ổ / ỉ).
  When both readings are equally good, the one with fewer tone marks wins, then TCVN3.
* A foreign word that happens to be the exact legacy spelling of a syllable is reported:
  "Loïc" is VNI for "Lọc". Symbols that are TCVN3 letters glued to a word without a space
  ("§Ao", "®phù", "Mu¶") can be read as TCVN3; with a space or a digit they are ignored.

Detection rules
===============
Text is cut into words (runs of letters, plus the encoding's code characters such as
``§ µ ¸`` that are not letters in Unicode). A word counts only if it is made of ASCII
letters and code characters of the encoding, has at least two characters, and changes when
converted. Then:

* *evidence*: the converted word is a Vietnamese syllable (:func:`is_syllable`: initial,
  rhyme, spelling of c/k, g/gh, ng/ngh, tone mark on the right vowel) and either

  - the word holds a *strong* character, a code character that is no letter of correct
    Vietnamese (``µ ¸ ¶ · ¹ ¨ © ª « ¬ U+00AD ® § ½ ¾ Æ Ç Ë Î Ï Ð Ñ Ö Ø ...`` for TCVN3,
    ``ø û ï ä ë ö ñ ü å æ î`` and their capitals for VNI), or for TCVN3 a code that reads
    as a capital right after a lower-case letter ("ChÊn" = Chấn); or
  - the word has three characters or more and, read as Unicode, is not a Vietnamese
    syllable: "Hãa" (Hóa), "Laù" (Lá), "Nghóa" (Nghĩa); for TCVN3 only if the word does
    not read as all capitals ("KRÊY" is a correct minority name, not "krấy");

  except ``µm`` (micrometre), a word whose only strong character is a leading ``Ð``
  (U+00D0, often typed for Đ), and for TCVN3 a syllable with ``« » · × ¹`` glued to it
  ("«Hoa", "Cao×", "Huy¹");
* *contradiction*: the word holds a strong character but its conversion is not a syllable
  ("naïve" gives TCVN3 "naùve", VNI "nạve"; "Noël", "Zürich", "Björk" likewise).

An encoding is reported when it has more evidence than contradictions; the higher
difference wins (ties: see above). Correct NFC Vietnamese has no strong character and reads
as valid syllables, so it is never reported, whatever « » ° – — … “ ” ‘ ’ · × % or digits
surround it; "Café", "où", "Hôtel", "São Paulo" are not reported either.

Conversion
==========
When every letter of the text belongs to the encoding (ASCII letters and code characters),
the whole text is legacy and every word is converted ("Thanh Hoµ cã" -> "Thanh Hoà có").
When the text also holds letters the encoding cannot produce (ư, ạ, ộ ...: a cell partly
retyped in Unicode), only the words that are evidence are converted: "Sở Nội vụ Hµ Néi"
gives "Sở Nội vụ Hà Nội". The result is NFC.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from itertools import pairwise

TCVN3 = "TCVN3"
VNI = "VNI"
ENCODINGS: tuple[str, ...] = (TCVN3, VNI)

_GRAVE, _ACUTE, _TILDE, _HOOK, _DOT = "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"
#: Tone marks in the order the TCVN3 table lists them: none, grave, hook, tilde, acute, dot.
_TONE_ORDER = ("", _GRAVE, _HOOK, _TILDE, _ACUTE, _DOT)
_TONE_MARKS = frozenset(_TONE_ORDER[1:])
#: Circumflex, breve and horn as combining characters.
_SHAPE_MARKS = "\u0302\u0306\u031b"
_VOWELS = "aăâeêioôơuưy"


def _letter(base: str, tone: str) -> str:
    return unicodedata.normalize("NFC", base + tone)


# --- TCVN3 ------------------------------------------------------------------------------

#: Byte values of each lower-case vowel without tone, then grave, hook, tilde, acute, dot.
_TCVN3_VOWEL_BYTES: dict[str, tuple[int, ...]] = {
    "a": (0x61, 0xB5, 0xB6, 0xB7, 0xB8, 0xB9),
    "ă": (0xA8, 0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    "â": (0xA9, 0xC7, 0xC8, 0xC9, 0xCA, 0xCB),
    "e": (0x65, 0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    "ê": (0xAA, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6),
    "i": (0x69, 0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (0x6F, 0xDF, 0xE1, 0xE2, 0xE3, 0xE4),
    "ô": (0xAB, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    "ơ": (0xAC, 0xEA, 0xEB, 0xEC, 0xED, 0xEE),
    "u": (0x75, 0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    "ư": (0xAD, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9),
    "y": (0x79, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}
#: The other VN3 letters: đ and the seven capitals without a tone mark.
_TCVN3_OTHER_BYTES: dict[str, int] = {
    "đ": 0xAE,
    "Ă": 0xA1,
    "Â": 0xA2,
    "Ê": 0xA3,
    "Ô": 0xA4,
    "Ơ": 0xA5,
    "Ư": 0xA6,
    "Đ": 0xA7,
}


def _tcvn3_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for base, codes in _TCVN3_VOWEL_BYTES.items():
        for tone, code in zip(_TONE_ORDER, codes, strict=True):
            if code >= 0x80:
                table[chr(code)] = _letter(base, tone)
    for letter, code in _TCVN3_OTHER_BYTES.items():
        table[chr(code)] = letter
    return table


#: TCVN3 code character (the byte read as Latin-1) -> Unicode letter; ASCII is unchanged.
TCVN3_TO_UNICODE: dict[str, str] = _tcvn3_table()
_TCVN3_CAPITALS = frozenset(
    chr(code) for letter, code in _TCVN3_OTHER_BYTES.items() if letter.isupper()
)


# --- VNI-Windows --------------------------------------------------------------------------

#: Mark bytes after a vowel (a e o u y ơ ư): none, grave, hook, tilde, acute, dot.
_VNI_TONE = ("", "ø", "û", "õ", "ù", "ï")
#: After a, e, o: the circumflex alone or with a tone.
_VNI_CIRCUMFLEX = ("â", "à", "å", "ã", "á", "ä")
#: After a: the breve alone or with a tone.
_VNI_BREVE = ("ê", "è", "ú", "ü", "é", "ë")
#: Single bytes for i with a tone and for ỵ.
_VNI_I = ("i", "ì", "æ", "ó", "í", "ò")
_VNI_Y_DOT = "î"
#: Single bytes for the horn vowels and đ; a tone mark may follow ơ and ư.
_VNI_HORN = {"ô": "ơ", "ö": "ư"}
_VNI_D = "ñ"


def _vni_lower_table() -> dict[str, str]:
    table: dict[str, str] = {_VNI_D: "đ"}
    for position, tone in enumerate(_TONE_ORDER):
        for base in "aeouy":
            if base == "y" and tone == _DOT:
                table[_VNI_Y_DOT] = _letter("y", _DOT)
            else:
                table[base + _VNI_TONE[position]] = _letter(base, tone)
        for base, hat in (("a", "â"), ("e", "ê"), ("o", "ô")):
            table[base + _VNI_CIRCUMFLEX[position]] = _letter(hat, tone)
        table["a" + _VNI_BREVE[position]] = _letter("ă", tone)
        table[_VNI_I[position]] = _letter("i", tone)
        for code, horn in _VNI_HORN.items():
            table[code + _VNI_TONE[position]] = _letter(horn, tone)
    # Plain ASCII vowels ("a", "i") map to themselves: leave them out. ì and í stay: they are
    # VNI bytes too, even if they read the same.
    return {code: letter for code, letter in table.items() if not code.isascii()}


def _vni_table() -> dict[str, str]:
    lower = _vni_lower_table()
    return {**lower, **{code.upper(): letter.upper() for code, letter in lower.items()}}


#: VNI sequence (one or two characters, the bytes read as Latin-1) -> Unicode letter.
VNI_TO_UNICODE: dict[str, str] = _vni_table()
_VNI_CODES = frozenset(ch for code in VNI_TO_UNICODE for ch in code if not ch.isascii())

# --- Evidence characters ------------------------------------------------------------------


def _vietnamese_letters() -> frozenset[str]:
    lower = {_letter(base, tone) for base in _VOWELS for tone in _TONE_ORDER} | {"đ"}
    return frozenset(lower | {letter.upper() for letter in lower})


#: Every letter of correct Vietnamese (the 134 with diacritics and the plain ASCII vowels).
_VIETNAMESE_LETTERS = _vietnamese_letters()
_CODES: dict[str, frozenset[str]] = {TCVN3: frozenset(TCVN3_TO_UNICODE), VNI: _VNI_CODES}
#: Code characters that never occur in correct Vietnamese.
_STRONG: dict[str, frozenset[str]] = {
    encoding: codes - _VIETNAMESE_LETTERS for encoding, codes in _CODES.items()
}
_WORDS: dict[str, re.Pattern[str]] = {
    encoding: re.compile("(?:[^\\W\\d_]|[" + "".join(re.escape(ch) for ch in sorted(codes)) + "])+")
    for encoding, codes in _CODES.items()
}
#: Words that convert to a syllable but are ordinary text (micrometre).
_NOT_LEGACY = frozenset({"µm"})
_ETH = "\u00d0"
#: TCVN3 codes that are also everyday punctuation: quotes, middle dot, times, footnote one.
_PUNCTUATION = "«»·×¹"

# --- Syllables ------------------------------------------------------------------------------

_OPEN_RHYMES = frozenset((
    "a", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y",
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "iêu", "yêu",
    "oa", "oai", "oao", "oay", "oe", "oeo", "oi", "ôi", "ơi",
    "ua", "uây", "uê", "ui", "uôi", "uơ", "uy", "uya", "uyu", "ưa", "ưi", "ưu", "ươi", "ươu",
))  # fmt: skip
_CLOSED_RHYMES: dict[str, frozenset[str]] = {
    nucleus: frozenset(finals.split())
    for nucleus, finals in {
        "a": "c ch m n ng nh p t",
        "ă": "c m n ng p t",
        "â": "c m n ng p t",
        "e": "c m n ng p t",
        "ê": "ch m n nh p t",
        "i": "ch m n nh p t",
        "o": "c m n ng p t",
        "ô": "c m n ng p t",
        "ơ": "m n p t",
        "u": "c m n ng p t",
        "ư": "c m n ng t",
        "iê": "c m n ng p t",
        "yê": "m n ng t",
        "uô": "c m n ng t",
        "ươ": "c m n ng p t",
        "oa": "c ch m n ng nh p t",
        "oă": "c m n ng t",
        "oe": "m n t",
        "uâ": "n ng t",
        "uê": "ch nh",
        "uy": "ch n nh p t",
        "uyê": "n t",
    }.items()
}
_FINALS = ("ng", "nh", "ch", "c", "m", "n", "p", "t", "k")
_STOP_FINALS = frozenset({"c", "ch", "p", "t"})
#: Final k of minority place names, wherever c may stand (Đắk Lắk, Krông Pắk). The h, l and
#: r of a few others (Chư Păh, Chà Vàl) are left out: they would let "Bär" or "Öl" through.
_MINORITY_FINALS = {"k": "c"}
_INITIALS = (
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "th", "tr", "qu",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
)  # fmt: skip
#: Consonant clusters of minority place names (Krông, Kon Plông, Đăk Glei, M'Đrắk, Kbang).
_CLUSTER = re.compile("[bcdđgkmpst]h?[rl]|k[bmp]")
#: Initials written only before e, ê, i (gh, ngh) and initials never written there (c, g, ng).
_FRONT_ONLY = frozenset({"gh", "ngh"})
_NOT_FRONT = {"c": "eêiy", "g": "eê", "ng": "eêi"}
#: Open two-vowel rhymes whose tone sits on the second vowel (or on either one: oa, oe, uy).
_SECOND_TONE = frozenset({"uê", "uơ"})
_EITHER_TONE = frozenset({"oa", "oe", "uy"})


def _rhyme_final(rhyme: str) -> str | None:
    """The final consonant of a rhyme ("" for an open rhyme), or None if it is no rhyme."""
    if rhyme in _OPEN_RHYMES:
        return ""
    for final in _FINALS:
        if rhyme.endswith(final) and len(rhyme) > len(final):
            finals = _CLOSED_RHYMES.get(rhyme[: -len(final)], frozenset())
            if final in finals or _MINORITY_FINALS.get(final, "-") in finals:
                return final
    return None


def _initials(base: str) -> Iterator[str]:
    yield ""
    for initial in _INITIALS:
        if base.startswith(initial):
            yield initial
    cluster = _CLUSTER.match(base)
    if cluster:
        yield cluster.group()


def _tone_fits(vowels: str, closed: bool, position: int) -> bool:
    """Whether the tone may sit at ``position`` of the vowel group (modern or old style)."""
    if len(vowels) == 1:
        allowed = {0}
    elif closed:
        allowed = {len(vowels) - 1}
    elif len(vowels) == 2:
        allowed = {0, 1} if vowels in _EITHER_TONE else {1} if vowels in _SECOND_TONE else {0}
    else:
        allowed = {1}
    return position in allowed


def _split_tone(word: str) -> tuple[str, int | None, str] | None:
    """(letters without tone, index of the toned letter, tone mark), or None if malformed."""
    letters: list[str] = []
    toned: int | None = None
    tone = ""
    for index, char in enumerate(unicodedata.normalize("NFC", word.lower())):
        decomposed = unicodedata.normalize("NFD", char)
        marks = [mark for mark in decomposed if mark in _TONE_MARKS]
        if marks:
            if toned is not None or len(marks) > 1 or decomposed[0] not in "aeiouy":
                return None  # two tones, or a tone on a consonant ("ñ" is n + tilde)
            toned, tone = index, marks[0]
        letters.append(
            unicodedata.normalize("NFC", "".join(m for m in decomposed if m not in _TONE_MARKS))
        )
    return "".join(letters), toned, tone


def is_syllable(word: str) -> bool:
    """Whether ``word`` is spelled like one Vietnamese syllable (case and form do not matter).

    Initial consonant (or a consonant cluster of minority place names), a rhyme from the list
    of Vietnamese rhymes, c / k / q, g / gh and ng / ngh spelled by the following vowel, at
    most one tone mark placed on the vowel that carries it (old or new style for oa, oe, uy),
    and a sắc or nặng tone on a syllable ending in c, ch, p or t.
    """
    split = _split_tone(word)
    if split is None:
        return False
    base, toned, tone = split
    for initial in _initials(base):
        rhyme = base[len(initial) :]
        if not rhyme:
            continue
        front = rhyme[0] in "eêi"
        if (initial in _FRONT_ONLY and not front) or rhyme[0] in _NOT_FRONT.get(initial, ""):
            continue
        final = _rhyme_final(rhyme)
        if final is None and initial == "qu":
            final = _rhyme_final("u" + rhyme)
        if final is None or len(final) == len(rhyme):
            continue
        if final in _STOP_FINALS and tone not in (_ACUTE, _DOT):
            continue
        vowels = rhyme[: len(rhyme) - len(final)]
        if toned is not None and not _tone_fits(vowels, bool(final), toned - len(initial)):
            continue
        return True
    return False


# --- Conversion of one word -----------------------------------------------------------------


def _convertible(word: str, encoding: str) -> bool:
    codes = _CODES[encoding]
    return all((ch.isascii() and ch.isalpha()) or ch in codes for ch in word)


def _convert_word(word: str, encoding: str, upper: bool = False) -> str:
    if encoding == TCVN3:
        converted = "".join(TCVN3_TO_UNICODE.get(ch, ch) for ch in word)
        return converted.upper() if upper else converted
    out: list[str] = []
    index = 0
    while index < len(word):
        pair = word[index : index + 2]
        if len(pair) == 2 and pair in VNI_TO_UNICODE:
            out.append(VNI_TO_UNICODE[pair])
            index += 2
        else:
            out.append(VNI_TO_UNICODE.get(word[index], word[index]))
            index += 1
    return "".join(out)


def _cased(word: str) -> list[str]:
    """TCVN3 letters whose case is known: ASCII letters and the seven capitals (as "A")."""
    return [
        "A" if ch in _TCVN3_CAPITALS else ch
        for ch in word
        if (ch.isascii() and ch.isalpha()) or ch in _TCVN3_CAPITALS
    ]


def _capitals_after_code(word: str) -> bool | None:
    """Whether a TCVN3 word is written in capitals, judged from the letters of known case
    (ASCII and the seven capitals) when one follows a code: "HãA" yes, "Néi" no; None when
    no such letter follows a code ("Hµ", "KB«")."""
    first_code = next((i for i, ch in enumerate(word) if ch in TCVN3_TO_UNICODE), None)
    if first_code is None or not _cased(word[first_code + 1 :]):
        return None
    return not any(ch.islower() for ch in _cased(word))


def _cell_upper(words: list[str]) -> bool:
    """Whether a TCVN3 cell is written in capitals: no lower-case letter in its words, and a
    word that shows it ("§µ N½NG")."""
    if any(ch.islower() for word in words for ch in _cased(word)):
        return False
    return any(_capitals_after_code(word) for word in words)


def _has_strong(word: str, encoding: str) -> bool:
    strong = _STRONG[encoding]
    if encoding == VNI:
        return any(ch in strong for ch in word)
    # A leading Ð (U+00D0) is more often a mistyped Đ than TCVN3 "é".
    if any(ch in strong for ch in (word[1:] if word.startswith(_ETH) else word)):
        return True
    # A TCVN3 code that reads as a capital right after a lower-case letter: "ChÊn" (Chấn).
    return any(
        before.isascii() and before.islower() and ch.isupper() and ch in TCVN3_TO_UNICODE
        for before, ch in pairwise(word)
    )


def _glued_punctuation(word: str) -> bool:
    """A Unicode word with « » · × or ¹ glued to it ("«Hoa", "Cao×", "Huy¹")."""
    rest = word.strip(_PUNCTUATION)
    return rest != word and bool(rest) and is_syllable(rest)


def _is_evidence(word: str, converted: str, encoding: str) -> bool:
    if len(word) < 2 or word.lower() in _NOT_LEGACY or not is_syllable(converted):
        return False
    if encoding == TCVN3 and _glued_punctuation(word):
        return False
    if _has_strong(word, encoding):
        return True
    # Read in capitals, TCVN3 codes such as Ê Ô are ordinary capitals: "KRÊY" is no "krấy".
    if encoding == TCVN3 and word.isupper():
        return False
    return len(word) >= 3 and not is_syllable(word)


def _words(text: str, encoding: str) -> Iterator[tuple[str, str]]:
    """(word, converted word) for the words of ``text`` that the encoding would change."""
    for match in _WORDS[encoding].finditer(text):
        word = match.group()
        if _convertible(word, encoding):
            converted = _convert_word(word, encoding)
            if converted != word:
                yield word, converted


def _tones(word: str) -> int:
    return sum(ch in _TONE_MARKS for ch in unicodedata.normalize("NFD", word))


def _score(text: str, encoding: str) -> tuple[int, ...]:
    """How well the encoding explains the text; (0, ...) when it does not.

    Evidence minus contradictions first; then, to break ties, fewer characters left over
    that only the other encoding uses, more evidence words, fewer tone marks in them.
    """
    evidence = contradictions = tones = 0
    for word, converted in _words(text, encoding):
        if _is_evidence(word, converted, encoding):
            evidence += 1
            tones += _tones(converted)
        elif len(word) >= 2 and _has_strong(word, encoding) and not is_syllable(converted):
            contradictions += 1
    if not evidence or evidence <= contradictions:
        return (0,)
    other = _STRONG[VNI if encoding == TCVN3 else TCVN3] - _CODES[encoding]
    leftover = sum(ch in other for ch in text)
    return evidence - contradictions, -leftover, evidence, -tones


# --- Public API -----------------------------------------------------------------------------


def detect_legacy(text: str) -> str | None:
    """'TCVN3' or 'VNI' when the text looks like Vietnamese typed in a legacy font read as
    Unicode, else None."""
    if not text or text.isascii():
        return None
    scores = {encoding: _score(text, encoding) for encoding in ENCODINGS}
    # On a full tie TCVN3 wins ("Cæ": TCVN3 "Cổ" or VNI "Cỉ"), the more common of the two in
    # government offices.
    best = max(ENCODINGS, key=lambda encoding: scores[encoding])
    return best if scores[best][0] > 0 else None


def convert_legacy(text: str, encoding: str) -> str:
    """The text converted to Unicode NFC Vietnamese (encoding 'TCVN3' or 'VNI')."""
    if encoding not in _CODES:
        raise ValueError(f"unknown legacy encoding {encoding!r}; expected one of {ENCODINGS}")
    codes = _CODES[encoding]
    whole = all(not ch.isalpha() or ch.isascii() or ch in codes for ch in text)
    pattern = _WORDS[encoding]
    matches = [m for m in pattern.finditer(text) if _convertible(m.group(), encoding)]
    cell_upper = _cell_upper([m.group() for m in matches])
    out: list[str] = []
    last = 0
    for match in matches:
        word = match.group()
        capitals = _capitals_after_code(word) if encoding == TCVN3 else False
        upper = cell_upper if capitals is None else capitals
        converted = _convert_word(word, encoding, upper)
        keep = not whole and not _is_evidence(word, converted, encoding)
        out.append(text[last : match.start()])
        out.append(word if keep else converted)
        last = match.end()
    out.append(text[last:])
    return unicodedata.normalize("NFC", "".join(out))


def suggest(text: str) -> tuple[str, str] | None:
    """(encoding, converted NFC text) when detect_legacy finds one, else None."""
    encoding = detect_legacy(text)
    if encoding is None:
        return None
    return encoding, convert_legacy(text, encoding)
