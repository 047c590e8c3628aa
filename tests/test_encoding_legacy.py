"""TCVN3 (ABC) and VNI files: converted to Unicode when surely recognised, refused when only
likely, and Windows-1258, Latin-1 and UTF-8 files read exactly as before."""

from __future__ import annotations

import codecs
import time
import unicodedata
from collections.abc import Callable

import pytest

from chitieu.catalog import load_catalogue
from chitieu.encoding import (
    LegacyCellError,
    NotTextError,
    cell_text,
    decode,
    decode_prefix,
    detect_encoding,
    from_legacy_text,
    legacy_context,
    legacy_text,
)
from chitieu.legacy_encodings import encode_tcvn3, encode_vni
from tests.demo.trees import small_tree
from tests.windows1258 import to_windows_1258

# Bytes written by hand from the published TCVN 5712:1993 VN3 table (and checked against glibc's
# ``iconv -t TCVN5712-1``), not produced by chitieu's table.
TCVN3_BY_HAND = {
    "Đăng ký khai sinh": b"\xa7\xa8ng k\xfd khai sinh",
    "UBND xã Tân Phước": b"UBND x\xb7 T\xa9n Ph\xad\xedc",
    "Sở Tư pháp": b"S\xeb T\xad ph\xb8p",
    "Chứng thực bản sao": b"Ch\xf8ng th\xf9c b\xb6n sao",
    "Phòng Tư pháp huyện": b"Ph\xdfng T\xad ph\xb8p huy\xd6n",
    "người được cấp giấy": b"ng\xad\xeai \xae\xad\xeec c\xcap gi\xcay",
}

# Bytes written by hand from the VNI-Windows table (a base letter, then a byte per mark).
VNI_BY_HAND = {
    "Đăng ký khai sinh": b"\xd1a\xeang ky\xf9 khai sinh",
    "Ủy ban nhân dân xã Tân Phước": b"U\xdby ban nha\xe2n da\xe2n xa\xf5 Ta\xe2n Ph\xf6\xf4\xf9c",
    "Sở Tư pháp": b"S\xf4\xfb T\xf6 pha\xf9p",
    "Chứng thực bản sao": b"Ch\xf6\xf9ng th\xf6\xefc ba\xfbn sao",
    "người được cấp giấy": b"ng\xf6\xf4\xf8i \xf1\xf6\xf4\xefc ca\xe1p gia\xe1y",
    "HUYỆN ĐỒNG XOÀI": b"HUYE\xc4N \xd1O\xc0NG XOA\xd8I",
}

_VOWELS = "aăâeêioôơuưy"
_TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
ALPHABET = [
    letter
    for letter in (unicodedata.normalize("NFC", v + t) for v in _VOWELS for t in _TONES)
    if not letter.isascii()
] + ["đ"]
"""The 67 lower-case letters outside ASCII; with their capitals, all 134."""


def test_the_alphabet_has_134_letters() -> None:
    letters = set(ALPHABET) | {c.upper() for c in ALPHABET}
    assert len(letters) == 134


@pytest.mark.parametrize(("text", "data"), list(TCVN3_BY_HAND.items()))
def test_tcvn3_bytes_from_the_published_table(text: str, data: bytes) -> None:
    assert encode_tcvn3(text) == data
    assert data.decode("tcvn3") == text


@pytest.mark.parametrize(("text", "data"), list(VNI_BY_HAND.items()))
def test_vni_bytes_from_the_published_table(text: str, data: bytes) -> None:
    assert encode_vni(text) == data
    assert unicodedata.normalize("NFC", data.decode("vni")) == text


# The lower-case TCVN3 codes in the layout of the standard's table (rows: a ă â e ê i o ô ơ u ư
# y; columns: no tone, huyền, hỏi, ngã, sắc, nặng), typed independently of chitieu's table.
TCVN3_PUBLISHED = {
    "a": "61 b5 b6 b7 b8 b9",
    "ă": "a8 bb bc bd be c6",
    "â": "a9 c7 c8 c9 ca cb",
    "e": "65 cc ce cf d0 d1",
    "ê": "aa d2 d3 d4 d5 d6",
    "i": "69 d7 d8 dc dd de",
    "o": "6f df e1 e2 e3 e4",
    "ô": "ab e5 e6 e7 e8 e9",
    "ơ": "ac ea eb ec ed ee",
    "u": "75 ef f1 f2 f3 f4",
    "ư": "ad f5 f6 f7 f8 f9",
    "y": "79 fa fb fc fd fe",
}


def test_every_tcvn3_letter_against_the_published_table() -> None:
    for vowel, row in TCVN3_PUBLISHED.items():
        for tone, code in zip(_TONES, row.split(), strict=True):
            letter = unicodedata.normalize("NFC", vowel + tone)
            assert encode_tcvn3(letter) == bytes.fromhex(code), letter
            assert bytes.fromhex(code).decode("tcvn3") == letter
    assert encode_tcvn3("đĐĂÂÊÔƠƯ") == bytes.fromhex("ae a7 a1 a2 a3 a4 a5 a6")


def test_all_134_letters_round_trip() -> None:
    for letter in ALPHABET:
        for case in (letter, letter.upper()):
            assert unicodedata.normalize("NFC", encode_vni(case).decode("vni")) == case
            # TCVN3 writes a capital with a tone mark with the lower-case code (one-font variant).
            assert encode_tcvn3(case).decode("tcvn3") in (case, case.lower())
    assert encode_tcvn3("Ầ") == encode_tcvn3("ầ")


def test_tcvn3_words_in_capitals_are_upper_case() -> None:
    # «HỘ TỊCH» typed in .VnTimeH with caps lock: lower-case codes between capitals.
    assert decode(b"\xa7\xa1NG K\xdd H\xe9 T\xdeCH HUY\xd6N") == "ĐĂNG Kí Hộ TỊCH HUYỆN"
    # «Kí», «Hộ»: only the first letter is known to be a capital; the case is left as written.


TCVN3_FILE = (
    "code,name,level,parent_code\n"
    "T,Ủy ban nhân dân tỉnh Mẫu,province,\n"
    "T.STP,Sở Tư pháp,province_department,T\n"
    "T.H1,Ủy ban nhân dân huyện Đồng Xoài,district,T\n"
    "T.H1.X1,UBND xã Tân Phước,commune,T.H1\n"
)


def test_a_tcvn3_file_is_converted() -> None:
    data = encode_tcvn3(TCVN3_FILE)
    assert detect_encoding(data) == "tcvn3"
    # «Ủ» has no TCVN3 code of its own: it comes back lower case (documented).
    assert decode(data) == TCVN3_FILE.replace("Ủy", "ủy")


def test_a_vni_file_is_converted() -> None:
    data = encode_vni(TCVN3_FILE)
    assert detect_encoding(data) == "vni"
    assert decode(data) == TCVN3_FILE
    assert decode_prefix(data, complete=True) == ("vni", TCVN3_FILE)


def test_a_prefix_cut_in_a_word_decodes_like_the_whole() -> None:
    data = encode_tcvn3(TCVN3_FILE * 50)
    decoder = codecs.getincrementaldecoder("tcvn3")()
    pieces = [decoder.decode(data[i : i + 7]) for i in range(0, len(data), 7)]
    pieces.append(decoder.decode(b"", final=True))
    assert unicodedata.normalize("NFC", "".join(pieces)) == decode(data)


def test_a_tcvn3_file_with_a_vn1_capital_is_refused_with_the_line() -> None:
    # 0x97 is «Ộ» in the VN1 table, no letter in the VN3 one: a guess either way.
    data = b"code,name\n1,\xa7\xa8ng k\xfd h\xe9 t\xdech\n2,H\x97I \xae\xa8ng\n"
    with pytest.raises(NotTextError) as refused:
        decode(data)
    message = str(refused.value)
    assert "TCVN3 (ABC" in message
    assert "dòng 3" in message
    assert "UTF-8" in message


def test_a_likely_but_unsure_tcvn3_file_is_refused() -> None:
    # Three words that read as TCVN3, two that read as nothing: not sure enough to convert.
    data = b"\xa7\xa8ng k\xfd h\xe9 \xb8\xb8x \xe9\xe9q\n"
    with pytest.raises(NotTextError) as refused:
        decode_prefix(data, complete=True)
    assert "không chuyển chắc chắn được" in str(refused.value)
    assert "dòng 1" in str(refused.value)


def _vietnamese_corpus() -> list[str]:
    catalogue = load_catalogue()
    lines = [i.name for i in catalogue.indicators]
    lines += [u.name for u in small_tree()]
    lines += [
        "Đăng ký khai sinh kết hợp nhận cha mẹ con",
        "Chứng thực bản sao từ bản chính giấy tờ do cơ quan có thẩm quyền cấp",
        "Ủy ban nhân dân xã Tân Phước, huyện Đồng Phú, tỉnh Bình Phước",
        "Hồ sơ giải quyết đúng hạn; tỉ lệ hoà giải thành, thuỷ lợi, quý I năm 2024",
        "Nguyễn Thị Hường, Trần Văn Đức, Lê Hoàng Yến, Phạm Quốc Huy",
        "hoà, hoá, khoẻ, thuỷ, uỷ ban — cách đặt dấu cũ",
    ]
    return lines


def test_windows_1258_vietnamese_is_not_taken_for_a_legacy_encoding() -> None:
    corpus = _vietnamese_corpus()
    assert len(corpus) > 50
    whole = "\n".join(corpus) + "\n"
    assert detect_encoding(to_windows_1258(whole)) == "cp1258"
    assert decode(to_windows_1258(whole)) == unicodedata.normalize("NFC", whole)
    for line in corpus:
        # Each line alone too: short texts give the detection the least to go on.
        data = to_windows_1258(line)
        if data.isascii():
            continue
        assert detect_encoding(data) == "cp1258", line
        assert decode(data) == unicodedata.normalize("NFC", line)
        assert legacy_text(line) is None, line


LATIN_1 = [
    "Müller, Jürgen; Straße 12, München",
    "café crème, été, à côté de la gare, naïve Noël",
    "São Paulo, João, ação, coração, não",
    "España, señor Muñoz, año, niño, ¿qué?",
    "Ångström, Øresund, Ærø, smørrebrød",
    "Gérard Depardieu · 1½ kg · 20°C · ±3 · © 2024 ®",
]


@pytest.mark.parametrize("line", LATIN_1)
def test_latin_1_text_reads_as_before(line: str) -> None:
    data = line.encode("latin-1")
    assert detect_encoding(data) == "cp1258"
    assert decode(data) == unicodedata.normalize("NFC", data.decode("cp1258"))
    assert legacy_text(line) is None


def test_utf8_is_untouched() -> None:
    text = "\n".join(_vietnamese_corpus() + LATIN_1)
    assert detect_encoding(text.encode("utf-8")) == "utf-8"
    assert decode(text.encode("utf-8")) == text


@pytest.mark.parametrize(
    ("cell", "encoding", "unicode"),
    [
        ("®¨ng ký khai sinh", "tcvn3", "đăng ký khai sinh"),
        ("Së T\xad ph¸p tØnh B×nh Ph\xad\xedc", "tcvn3", "Sở Tư pháp tỉnh Bình Phước"),
        ("Ñaêng kyù khai sinh", "vni", "Đăng ký khai sinh"),
        ("UÛy ban nhaân daân xaõ", "vni", "Ủy ban nhân dân xã"),
    ],
)
def test_a_decoded_cell_in_a_legacy_font_is_recognised(
    cell: str, encoding: str, unicode: str
) -> None:
    assert legacy_text(cell) == encoding
    assert from_legacy_text(cell, encoding) == unicode


@pytest.mark.parametrize("cell", ["Đăng ký khai sinh", "Sở Tư pháp", "UBND", "café", ""])
def test_an_ordinary_cell_is_not(cell: str) -> None:
    assert legacy_text(cell) is None


# --- The rule of the workbook and Word readers: cell_text ----------------------------------------


@pytest.mark.parametrize("context", [None, "tcvn3", "vni"])
def test_ordinary_cells_are_neither_converted_nor_refused(context: str | None) -> None:
    words = [w for line in _vietnamese_corpus() + LATIN_1 for w in line.split()]
    for text in _vietnamese_corpus() + LATIN_1 + words + ["Ghi chú", "Quý I", "có", "70%"]:
        assert cell_text(text, context) == (text, None), text


@pytest.mark.parametrize(
    ("text", "encode", "encoding"),
    [
        ("Sở Tư pháp tỉnh Bình Phước", encode_tcvn3, "tcvn3"),
        ("Nguyễn Văn Đức", encode_tcvn3, "tcvn3"),
        ("Ủy ban nhân dân xã Tân Phước", encode_vni, "vni"),
        ("Trần Thị Hường", encode_vni, "vni"),
    ],
)
def test_a_cell_surely_in_a_legacy_font_is_converted(
    text: str, encode: Callable[[str], bytes], encoding: str
) -> None:
    assert cell_text(encode(text).decode("cp1252")) == (text, encoding)


def test_a_short_cell_is_converted_in_a_sheet_in_that_font_only() -> None:
    # Alone, «trùc tuyÕn» is unsure (its first word is a word as written); in a TCVN3 sheet
    # it is «trực tuyến».
    cell = encode_tcvn3("trực tuyến").decode("cp1252")
    with pytest.raises(LegacyCellError, match="TCVN3"):
        cell_text(cell)
    sheet = [encode_tcvn3(t).decode("cp1252") for t in ("Sở Tư pháp", "Nguyễn Văn Đức", "ký")]
    assert legacy_context([*sheet, cell, "HS-001", "2024-01-02"]) == "tcvn3"
    assert cell_text(cell, "tcvn3") == ("trực tuyến", "tcvn3")
    assert legacy_context(["Sở Tư pháp", "café", "Ghi chú", "HS-001"]) is None


def test_a_cell_that_reads_in_both_fonts_is_not_guessed() -> None:
    # VNI «khoâng» is «không»; read as TCVN3 it would be «khoõng», also shaped like a syllable.
    with pytest.raises(LegacyCellError):
        cell_text("khoâng")
    assert cell_text("khoâng", "vni") == ("không", "vni")


def test_the_check_is_cheap_for_ascii_and_unicode_cells() -> None:
    cells = ["HS-0001234", "2024-01-02T09:00:00", "70.X0001", "Sở Tư pháp", "Đăng ký"] * 40_000
    started = time.perf_counter()
    for cell in cells:
        cell_text(cell)
    assert time.perf_counter() - started < 1.0  # 200,000 cells; about 0.05 s
