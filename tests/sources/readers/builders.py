"""Writing the same rows as CSV, Excel, Parquet and JSON, and reading any source back whole."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import Workbook

from chitieu.errors import InputError
from chitieu.sources.readers import POSITION, open_source

Row = dict[str, str | None]


def read_rows(path: Path, rows: int = 100_000) -> list[Row]:
    """Every row of a file as text, with its position under ``_position``."""
    source = open_source(path)
    result: list[Row] = []
    for batch in source.batches(rows):
        assert batch.schema.names == [*source.columns, POSITION]
        for record in batch.to_pylist():
            result.append({k: (v if k != POSITION else str(v)) for k, v in record.items()})
    return result


def refusal(path: Path, rows: int = 100_000) -> list[str]:
    """The lines of the refusal of a file, opened and read whole."""
    with pytest.raises(InputError) as caught:
        for _ in open_source(path).batches(rows):
            pass
    return [problem.describe() for problem in caught.value.problems]


def wall_clock(text: str) -> dt.datetime:
    """A date and time as a workbook or a Parquet timestamp without zone holds it: local wall-clock
    time, with no offset, which is what offices send."""
    return dt.datetime.fromisoformat(text)


def write_csv(
    path: Path, header: list[str], rows: list[list[str]], *, encoding: str = "utf-8"
) -> None:
    """A plain comma-separated file; fields with a comma, quote or line break are quoted."""

    def field(text: str) -> str:
        if any(c in text for c in ',"\n\r'):
            return '"' + text.replace('"', '""') + '"'
        return text

    lines = [",".join(field(v) for v in row) for row in [header, *rows]]
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))


def write_xlsx(path: Path, header: list[str], rows: list[list[Any]], *, start_row: int = 1) -> None:
    """A workbook whose first sheet holds the header at ``start_row`` and the rows under it."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for _ in range(start_row - 1):
        sheet.append([])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)


def write_parquet(path: Path, header: list[str], rows: list[list[str | None]]) -> None:
    """A Parquet file of text columns."""
    columns = {name: [row[i] for row in rows] for i, name in enumerate(header)}
    pq.write_table(pa.table({k: pa.array(v, pa.string()) for k, v in columns.items()}), path)


def write_json(path: Path, records: list[dict[str, Any]]) -> None:
    """A JSON array of records, indented as exporters do."""
    path.write_text(json.dumps(records, ensure_ascii=False, indent=2), encoding="utf-8")


_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
</Types>"""
_ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
_WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Dữ liệu" sheetId="1" r:id="rId1"/></sheets>
</workbook>"""
_WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>"""
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def write_shared_strings_xlsx(path: Path, rows: dict[int, list[str]]) -> None:
    """A workbook written as Excel writes it, every text in the shared strings table (openpyxl
    writes text inline); ``rows`` maps Excel row numbers to their cells from column A."""
    strings: list[str] = []
    sheet_rows: list[str] = []
    for number, cells in sorted(rows.items()):
        xml_cells = []
        for column, text in enumerate(cells):
            letter = "ABCDEFGHIJ"[column]
            xml_cells.append(f'<c r="{letter}{number}" t="s"><v>{len(strings)}</v></c>')
            strings.append(text)
        sheet_rows.append(f'<row r="{number}">{"".join(xml_cells)}</row>')
    shared = "".join(f"<si><t>{text}</t></si>" for text in strings)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            f'<worksheet xmlns="{_MAIN}"><sheetData>{"".join(sheet_rows)}</sheetData></worksheet>',
        )
        archive.writestr(
            "xl/sharedStrings.xml",
            f'<sst xmlns="{_MAIN}" count="{len(strings)}" uniqueCount="{len(strings)}">{shared}</sst>',
        )


def patch_sheet(path: Path, replacements: dict[str, str], sheet: int = 1) -> Path:
    """A workbook with parts of a sheet's XML replaced as written, e.g. a formula given the
    ``<v>`` value Excel caches for it (openpyxl writes formulas without one), or a number as
    Excel writes it (``1.23456789012346E+17``). Each text to replace must be there."""
    part = f"xl/worksheets/sheet{sheet}.xml"
    with zipfile.ZipFile(path) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    path.unlink()
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for info, data in members:
            if info.filename != part:
                archive.writestr(info, data)
                continue
            xml = data.decode("utf-8")
            for old, new in replacements.items():
                assert old in xml, (old, xml)
                xml = xml.replace(old, new)
            archive.writestr(info, xml.encode("utf-8"))
    return path
