"""Builders of the files offices send: a good dossier file in any format and encoding, and a
corpus of bad ones, each with the place and reason its refusal must name."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from chitieu.domain import Source
from tests.sources.readers.builders import write_csv, write_json, write_xlsx

HEADER = [
    "dossier_code",
    "procedure_code",
    "unit_code",
    "channel",
    "received_at",
    "due_at",
    "finished_at",
    "status",
    "fee_amount",
    "paid_online",
]
"""Columns 1–10 of the dossier files below."""

GOOD = [
    ["HS-001", "1.004227", "70.STP", "online", "2024-01-02T09:00:00", "2024-01-10T17:00:00",
     "2024-01-05T10:00:00", "10", "30000", "1"],
    ["HS-002", "2.000815", "70.X0001", "counter", "2024-02-03 08:30:00", "",
     "", "4", "0", "0"],
    ["HS-003", "2.000815", "70.H01.PTP", "3", "2024-03-04T14:15:00", "2024-03-08T17:00:00",
     "2024-03-06T09:00:00", "9", "", "false"],
]  # fmt: skip
"""Three dossiers that are right in every way."""


def dossier_rows(**changes: dict[int, str]) -> list[list[str]]:
    """The good rows with some cells changed: ``row2={8: "abc"}`` sets column 9 of the second."""
    rows = [list(row) for row in GOOD]
    for name, cells in changes.items():
        index = int(name.removeprefix("row")) - 1
        for column, value in cells.items():
            rows[index][column] = value
    return rows


def write_dossiers(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    """A dossier file in the format its name says (csv, xlsx, json)."""
    if path.suffix == ".xlsx":
        write_xlsx(path, header, rows)
    elif path.suffix == ".json":
        write_json(path, [dict(zip(header, row, strict=True)) for row in rows])
    else:
        write_csv(path, header, rows)
    return path


def xlsx_bomb(path: Path, megabytes: int = 256) -> Path:
    """A workbook of the dossier header whose sheet inflates to ``megabytes`` of repeated rows,
    streamed into the zip so the test never holds the inflated sheet."""
    plain = path.with_name("plain-" + path.name)
    write_xlsx(plain, HEADER, GOOD)
    sheet_name = "xl/worksheets/sheet1.xml"
    row = b'<row r="5"><c r="A5" t="inlineStr"><is><t>HS</t></is></c></row>' * 16_384
    with (
        zipfile.ZipFile(plain) as source,
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as bomb,
    ):
        for info in source.infolist():
            if info.filename != sheet_name:
                bomb.writestr(info, source.read(info))
        with bomb.open(sheet_name, "w", force_zip64=True) as sheet:
            for _ in range((megabytes << 20) // len(row)):
                sheet.write(row)
    plain.unlink()
    return path


def truncated_xlsx(path: Path) -> Path:
    """A good workbook cut in half, as a broken download leaves it."""
    write_xlsx(path, HEADER, GOOD)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


@dataclass(frozen=True)
class BadFile:
    """A bad file: how to write it, which import reads it, and what its refusal must say."""

    name: str
    source: Source
    write: Callable[[Path], Path]
    expected: list[str]
    """Substrings each of which must appear in one line of the refusal."""


def _csv(rows: list[list[str]], header: list[str] = HEADER) -> Callable[[Path], Path]:
    return lambda path: write_dossiers(path, rows, header)


def _text(text: str, encoding: str = "utf-8") -> Callable[[Path], Path]:
    def write(path: Path) -> Path:
        path.write_bytes(text.encode(encoding))
        return path

    return write


def _bytes(data: bytes) -> Callable[[Path], Path]:
    def write(path: Path) -> Path:
        path.write_bytes(data)
        return path

    return write


MANUAL_HEADER = "indicator,unit_code,period,numerator,denominator,evidence\n"

BAD_FILES = [
    BadFile(
        "type.csv",
        Source.DOSSIERS,
        _csv(dossier_rows(row2={8: "abc"})),
        ["type.csv, dòng 3, cột 9 (fee_amount): «abc» không phải số"],
    ),
    BadFile(
        "date.csv",
        Source.DOSSIERS,
        _csv(dossier_rows(row2={4: "2024-02-30 08:30:00"})),
        ["date.csv, dòng 3, cột 5 (received_at): «2024-02-30 08:30:00» không phải ngày giờ"],
    ),
    BadFile(
        "status.csv",
        Source.DOSSIERS,
        _csv(dossier_rows(row3={7: "11"})),
        ["status.csv, dòng 4, cột 8 (status): «11» không phải mã trạng thái hồ sơ"],
    ),
    BadFile(
        "channel.csv",
        Source.DOSSIERS,
        _csv(dossier_rows(row1={3: "fax"})),
        ["channel.csv, dòng 2, cột 4 (channel): «fax» không phải kênh nộp"],
    ),
    BadFile(
        "boolean.csv",
        Source.DOSSIERS,
        _csv(dossier_rows(row1={9: "maybe"})),
        ["boolean.csv, dòng 2, cột 10 (paid_online): «maybe» không phải giá trị có/không"],
    ),
    BadFile(
        "finished.csv",
        Source.DOSSIERS,
        _csv(dossier_rows(row1={6: "2024-01-01T08:00:00"})),
        [
            "finished.csv, dòng 2, cột 7 (finished_at): ngày kết thúc xử lý trước ngày tiếp nhận "
            "(01/01/2024 08:00 < 02/01/2024 09:00)"
        ],
    ),
    BadFile(
        "unit.csv",
        Source.DOSSIERS,
        _csv(dossier_rows(row3={2: "Sở Không Có"})),
        ["unit.csv, dòng 4, cột 3 (unit_code): «Sở Không Có» không phải mã hay tên một đơn vị"],
    ),
    BadFile(
        "ambiguous.csv",
        Source.DOSSIERS,
        # Every district has its justice division: a name several units share is no unit.
        _csv(dossier_rows(row2={2: "Phòng Tư pháp"})),
        [
            "ambiguous.csv, dòng 3, cột 3 (unit_code): «Phòng Tư pháp» là tên chung của 3 đơn vị "
            "(70.H01.PTP, 70.H02.PTP, 70.H03.PTP); hãy ghi mã đơn vị thay cho tên"
        ],
    ),
    BadFile(
        "twice.csv",
        Source.DOSSIERS,
        _csv([*GOOD, dossier_rows(row1={7: "9"})[0]]),
        [
            "twice.csv, dòng 2, cột 1 (dossier_code): mã «HS-001» xuất hiện nhiều lần với nội "
            "dung khác nhau (cả ở dòng 5)"
        ],
    ),
    BadFile(
        "required.csv",
        Source.DOSSIERS,
        _csv(dossier_rows(row2={0: ""})),
        ["required.csv, dòng 3, cột 1 (dossier_code): thiếu giá trị bắt buộc"],
    ),
    BadFile(
        "future.csv",
        Source.DOSSIERS,
        _csv(dossier_rows(row1={4: "2999-01-02T09:00:00", 5: "", 6: ""})),
        ["future.csv, dòng 2, cột 5 (received_at): «02/01/2999 09:00» là ngày ở tương lai"],
    ),
    BadFile(
        "header.csv",
        Source.DOSSIERS,
        _csv([row[:3] + row[4:] for row in GOOD], HEADER[:3] + HEADER[4:]),
        ["header.csv: thiếu cột bắt buộc «channel»"],
    ),
    BadFile(
        "ragged.csv",
        Source.DOSSIERS,
        _text(",".join(HEADER) + "\n" + ",".join(GOOD[0]) + "\nHS-9,1.0,70.STP\n"),
        ["ragged.csv, dòng 3"],
    ),
    BadFile("empty.csv", Source.DOSSIERS, _bytes(b""), ["empty.csv: tệp rỗng"]),
    BadFile(
        "header-only.csv",
        Source.DOSSIERS,
        _text(",".join(HEADER) + "\n"),
        ["header-only.csv: tệp không có dòng dữ liệu nào"],
    ),
    BadFile(
        "binary.csv",
        Source.DOSSIERS,
        _bytes(bytes(range(256)) * 64),
        ["binary.csv: tệp nhị phân, không phải văn bản"],
    ),
    BadFile(
        "cut.xlsx",
        Source.DOSSIERS,
        truncated_xlsx,
        ["cut.xlsx: tệp bị hỏng hoặc không đầy đủ"],
    ),
    BadFile("bomb.xlsx", Source.DOSSIERS, xlsx_bomb, ["bomb.xlsx: ", "nghi ngờ tệp độc hại"]),
    BadFile(
        "cell.xlsx",
        Source.DOSSIERS,
        lambda path: write_dossiers(path, dossier_rows(row2={7: "xong"})),
        ["cell.xlsx, trang tính «Sheet», ô H3 (status): «xong» không phải mã trạng thái"],
    ),
    BadFile(
        "national.json",
        Source.DOSSIERS,
        _text(
            '[{"MaHoSo": "HS-1", "MaTTHC": "1.0", "DonViXuLy": "Sở Tư pháp", '
            '"KenhThucHien": "2", "NgayTiepNhan": "20240231090000", "TrangThaiHoSo": "2"}]'
        ),
        ["national.json, bản ghi 1 (NgayTiepNhan): «20240231090000» không phải ngày giờ"],
    ),
    BadFile(
        "ratio.csv",
        Source.MANUAL,
        _text(MANUAL_HEADER + "regulation_update,70.STP,2024-Q1,16,15,BC số 1\n"),
        ["ratio.csv, dòng 2, cột 4 (numerator): tử số lớn hơn mẫu số (16 > 15)"],
    ),
    BadFile(
        "indicator.csv",
        Source.MANUAL,
        _text(MANUAL_HEADER + "online_dossiers,70.STP,2024-Q1,1,15,BC số 1\n"),
        [
            "indicator.csv, dòng 2, cột 1 (indicator): «online_dossiers» không phải mã chỉ số nhập tay"
        ],
    ),
    BadFile(
        "period.csv",
        Source.MANUAL,
        _text(MANUAL_HEADER + "regulation_update,70.STP,2024-Q5,1,15,BC số 1\n"),
        ["period.csv, dòng 2, cột 3 (period): «2024-Q5» không phải kỳ"],
    ),
    BadFile(
        "resolved.csv",
        Source.FEEDBACK,
        _text(
            "feedback_code,unit_code,received_at,resolved_at\n"
            "PAKN-1,70.STP,2024-03-02T09:00:00,2024-03-01T09:00:00\n"
        ),
        ["resolved.csv, dòng 2, cột 4 (resolved_at): ngày xử lý xong trước ngày tiếp nhận"],
    ),
]

# --- Values (issue 12, classes 2, 3, 6, 10, 15): numbers, years, offsets, periods, NUL. ---
BAD_FILES += [
    BadFile(
        "fee-inf.csv",
        Source.DOSSIERS,
        _csv(dossier_rows(row1={8: "inf"})),
        ["fee-inf.csv, dòng 2, cột 9 (fee_amount): «inf» không phải một số hữu hạn"],
    ),
    BadFile(
        "fee-comma.xlsx",
        Source.DOSSIERS,
        lambda path: write_dossiers(path, dossier_rows(row2={8: "15,000"})),
        [
            "fee-comma.xlsx, trang tính «Sheet», ô I3 (fee_amount): «15,000»: dấu phẩy theo sau "
            "là đúng ba chữ số"
        ],
    ),
    BadFile(
        "status-wide.csv",
        Source.DOSSIERS,
        _csv(dossier_rows(row1={7: "99999999999"})),
        ["status-wide.csv, dòng 2, cột 8 (status): «99999999999» không phải mã trạng thái"],
    ),
    BadFile(
        "short-year.csv",
        Source.DOSSIERS,
        _csv(dossier_rows(row2={4: "03/02/24 08:30"})),
        ["short-year.csv, dòng 3, cột 5 (received_at): «03/02/24 08:30»: năm viết hai chữ số"],
    ),
    BadFile(
        "offset.csv",
        Source.DOSSIERS,
        _csv(dossier_rows(row3={4: "2024-03-04T14:15:00+99:99"})),
        ["offset.csv, dòng 4, cột 5 (received_at): «2024-03-04T14:15:00+99:99»: độ lệch múi giờ"],
    ),
    BadFile(
        "manual-inf.csv",
        Source.MANUAL,
        _text(MANUAL_HEADER + "regulation_update,70.STP,2024-Q1,1,inf,BC số 1\n"),
        ["manual-inf.csv, dòng 2, cột 5 (denominator): «inf» không phải một số hữu hạn"],
    ),
    BadFile(
        "manual-year.csv",
        Source.MANUAL,
        _text(MANUAL_HEADER + "regulation_update,70.STP,9999-Q1,1,15,BC số 1\n"),
        ["manual-year.csv, dòng 2, cột 3 (period): «9999-Q1» không phải kỳ hợp lệ: năm 9999"],
    ),
    BadFile(
        "nul.json",
        Source.DOSSIERS,
        _text(
            '[{"dossier_code": "HS-\\u00009", "unit_code": "70.STP", "channel": "2", '
            '"received_at": "2024-01-02T09:00:00", "status": "2"}]'
        ),
        ["nul.json, bản ghi 1, cột 1 (dossier_code): «HS-␀9» chứa ký tự NUL"],
    ),
]


# --- Readers (issue 12, classes 4, 10, 15, 16): files that reached the store wrong or crashed ---


def _xlsx_with(cells: dict[tuple[int, int], object]) -> Callable[[Path], Path]:
    """The good dossiers as a workbook, some cells (row index, column index) replaced."""

    def write(path: Path) -> Path:
        rows: list[list[object]] = [list(row) for row in GOOD]
        for (row, column), value in cells.items():
            rows[row][column] = value
        write_xlsx(path, HEADER, rows)
        return path

    return write


BAD_FILES += [
    BadFile(
        "formula.xlsx",
        Source.DOSSIERS,
        _xlsx_with({(1, 8): "=1000*6", (1, 9): "=1=1"}),
        [
            "formula.xlsx, trang tính «Sheet», ô I3 (fee_amount): công thức chưa được tính",
            "formula.xlsx, trang tính «Sheet», ô J3 (paid_online): công thức chưa được tính",
        ],
    ),
    BadFile(
        "rounded-code.xlsx",
        Source.DOSSIERS,
        _xlsx_with({(2, 0): 123456789012345678}),
        ["rounded-code.xlsx, trang tính «Sheet», ô A4 (dossier_code): mã bị Excel làm tròn"],
    ),
    BadFile(
        "open-quote.csv",
        Source.DOSSIERS,
        _text(",".join(HEADER) + "\n" + ",".join(GOOD[0]) + '\n"' + ",".join(GOOD[1]) + "\n"),
        ['open-quote.csv, dòng 3: dấu ngoặc kép «"» mở ở dòng này không được đóng'],
    ),
    BadFile(
        "header-again.csv",
        Source.DOSSIERS,
        _csv([GOOD[0], HEADER, GOOD[1]]),
        ["header-again.csv, dòng 3: dòng này lặp lại dòng tiêu đề (dòng 1)"],
    ),
    BadFile(
        "null-record.json",
        Source.DOSSIERS,
        _text("[null]"),
        ["null-record.json, bản ghi 1: bản ghi là «null»"],
    ),
    BadFile(
        "nan-token.json",
        Source.DOSSIERS,
        _text('[{"dossier_code": "HS-9", "fee_amount": NaN}]'),
        ["nan-token.json, dòng 1, cột 41: JSON sai cú pháp: «NaN» không phải số hữu hạn"],
    ),
    BadFile(
        "huge-fee.json",
        Source.DOSSIERS,
        # The first good dossier as a JSON record, its fee the number 1e400.
        _text(
            "[{"
            + ", ".join(
                f'"{name}": ' + ("1e400" if name == "fee_amount" else f'"{value}"')
                for name, value in zip(HEADER, GOOD[0], strict=True)
            )
            + "}]"
        ),
        ["huge-fee.json, bản ghi 1, cột 9 (fee_amount): «1E+400» không phải số hữu hạn"],
    ),
    BadFile(
        "deep.json",
        Source.DOSSIERS,
        _text('[{"dossier_code": ' + "[" * 3000 + "]" * 3000 + "}]"),
        ["deep.json, dòng 1, cột 2: JSON sai cú pháp: các giá trị lồng nhau quá sâu"],
    ),
]
