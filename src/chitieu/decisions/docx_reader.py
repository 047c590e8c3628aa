"""Reading a decision kept as a Word document (.docx): paragraphs and tables in body order.

Text typed in a ``.VnTime`` or VNI font is converted to Unicode, with a warning naming the
paragraph or cell (``Document.unicode``).

Merged cells are read from the table's XML: a horizontal merge (``gridSpan``) repeats the text to
the right, a vertical merge (``vMerge``) repeats the text of the cell above, each marked so.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from zipfile import BadZipFile

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml.etree import XMLSyntaxError

from chitieu.decisions.document import Cell, Document, Grid, Line, Origin
from chitieu.encoding import legacy_context
from chitieu.errors import Place, refuse
from chitieu.text import clean

_MAX_ROWS = 5000


def read_docx(path: Path) -> Document:
    """Read a .docx decision."""
    try:
        word = docx.Document(str(path))
    except (
        BadZipFile,
        PackageNotFoundError,
        KeyError,
        ValueError,
        OSError,
        XMLSyntaxError,
    ) as error:
        raise refuse(
            Place(path.name), "không mở được văn bản Word (tệp hỏng hoặc không đầy đủ)"
        ) from error
    document = Document(path.name)
    document.legacy = legacy_context(str(p.text) for p in word.element.body.iter(qn("w:p")))
    paragraph_number = 0
    table_number = 0
    for element in word.element.body.iterchildren():
        if element.tag == qn("w:p"):
            paragraph_number += 1
            place = Place(path.name, line=paragraph_number)
            text = clean(document.unicode(str(element.text), place))
            if text:
                document.lines.append(Line(text, place))
        elif element.tag == qn("w:tbl"):
            table_number += 1
            document.grids.append(_grid(element, document, table_number))
    document.refuse_if_any()
    return document


def _cell_text(tc: Any, document: Document, place: Place) -> str:
    paragraphs = [str(p.text) for p in tc.iterchildren(qn("w:p"))]
    return clean(document.unicode("\n".join(paragraphs), place))


def _grid(table: Any, document: Document, table_number: int) -> Grid:
    name = document.name
    rows: list[list[Cell]] = []
    for row_index, tr in enumerate(table.iterchildren(qn("w:tr")), 1):
        if row_index > _MAX_ROWS:
            raise refuse(Place(name, table=table_number), f"bảng có hơn {_MAX_ROWS} hàng, quá lớn")
        row: list[Cell] = []

        def add(text: str, origin: Origin, *, _row: list[Cell] = row, _r: int = row_index) -> None:
            place = Place(name, table=table_number, line=_r, column=len(_row) + 1)
            _row.append(Cell(text, place, origin=origin))

        for _ in range(tr.grid_before):
            add("", Origin.OWN)
        for tc in tr.iterchildren(qn("w:tc")):
            column = len(row)
            if tc.vMerge == "continue":
                above = rows[-1][column] if rows and column < len(rows[-1]) else None
                text, origin = (above.text if above else ""), Origin.ABOVE
            else:
                place = Place(name, table=table_number, line=row_index, column=column + 1)
                text, origin = _cell_text(tc, document, place), Origin.OWN
            add(text, origin)
            for _ in range(tc.grid_span - 1):
                add(text, Origin.LEFT if origin is Origin.OWN else origin)
        rows.append(row)
    width = max((len(r) for r in rows), default=0)
    for row_index, row in enumerate(rows, 1):
        while len(row) < width:
            row.append(
                Cell("", Place(name, table=table_number, line=row_index, column=len(row) + 1))
            )
    return Grid(rows)
