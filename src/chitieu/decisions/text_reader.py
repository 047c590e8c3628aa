"""Reading a decision kept as text or Markdown.

Tables come in three shapes: tab-separated rows (what copying a Word table gives), Markdown pipe
tables, and HTML tables (what converters write for tables with merged cells). Consecutive table
rows form one grid; the annex parser joins grids split by page breaks.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from chitieu.decisions.document import Cell, Document, Grid, Line, Origin
from chitieu.encoding import NotTextError, decode
from chitieu.errors import Place, refuse
from chitieu.text import clean

_PIPE_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
_HTML_TABLE = re.compile(r"<table\b", re.IGNORECASE)


def read_text(path: Path) -> Document:
    """Read a .txt/.md decision."""
    try:
        text = decode(path.read_bytes())
    except NotTextError as error:
        raise refuse(Place(path.name), str(error)) from error
    document = Document(path.name)
    if _HTML_TABLE.search(text):
        _read_html_tables(text, document)
    _read_lines(text, document)
    return document


def _cells_of(line: str) -> list[str] | None:
    stripped = line.strip()
    if "\t" in line:
        return line.rstrip("\r\n").split("\t")
    if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
        return stripped[1:-1].split("|")
    return None


def _read_lines(text: str, document: Document) -> None:
    rows: list[list[Cell]] = []

    def close() -> None:
        if rows:
            width = max(len(r) for r in rows)
            for row in rows:
                place = row[0].place if row else Place(document.name)
                row.extend(
                    Cell("", Place(document.name, line=place.line, column=c + 1))
                    for c in range(len(row), width)
                )
            document.grids.append(Grid(list(rows)))
            rows.clear()

    in_html = False
    for number, raw in enumerate(text.splitlines(), 1):
        if _HTML_TABLE.search(raw):
            in_html = True
        if in_html:
            if re.search(r"</table>", raw, re.IGNORECASE):
                in_html = False
            continue
        if _PIPE_SEPARATOR.match(raw.strip()) and rows:
            continue
        parts = _cells_of(raw)
        if parts is None:
            close()
            line = clean(raw)
            if line:
                document.lines.append(Line(line, Place(document.name, line=number)))
            continue
        rows.append(
            [
                Cell(clean(part), Place(document.name, line=number, column=c))
                for c, part in enumerate(parts, 1)
            ]
        )
    close()


class _HtmlTables(HTMLParser):
    """Collects <table> grids, spreading rowspan/colspan as merged cells."""

    def __init__(self, name: str) -> None:
        super().__init__(convert_charrefs=True)
        self.name = name
        self.grids: list[Grid] = []
        self._rows: list[list[Cell | None]] | None = None
        self._row: int = -1
        self._cell: list[str] | None = None
        self._span: tuple[int, int] = (1, 1)
        self._line = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._rows = []
            self._row = -1
        elif tag == "tr" and self._rows is not None:
            self._row += 1
            if len(self._rows) <= self._row:
                self._rows.append([])
        elif tag in ("td", "th") and self._rows is not None:
            values = dict(attrs)
            self._span = (_int(values.get("rowspan")), _int(values.get("colspan")))
            self._cell = []
            self._line = self.getpos()[0]
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._rows is not None:
            self._place_cell(clean("".join(self._cell)))
            self._cell = None
        elif tag == "table" and self._rows is not None:
            width = max((len(r) for r in self._rows), default=0)
            rows = [
                [c if c is not None else Cell("", Place(self.name)) for c in r]
                + [Cell("", Place(self.name)) for _ in range(width - len(r))]
                for r in self._rows
            ]
            self.grids.append(Grid(rows))
            self._rows = None

    def _place_cell(self, text: str) -> None:
        assert self._rows is not None
        row = self._rows[self._row]
        column = 0
        while column < len(row) and row[column] is not None:
            column += 1
        rowspan, colspan = self._span
        for dr in range(rowspan):
            while len(self._rows) <= self._row + dr:
                self._rows.append([])
            target = self._rows[self._row + dr]
            for dc in range(colspan):
                while len(target) <= column + dc:
                    target.append(None)
                origin = Origin.OWN if (dr, dc) == (0, 0) else (Origin.ABOVE if dr else Origin.LEFT)
                place = Place(self.name, line=self._line, column=column + dc + 1)
                target[column + dc] = Cell(text, place, origin=origin)


def _int(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 1000))
    except ValueError:
        return 1


def _read_html_tables(text: str, document: Document) -> None:
    parser = _HtmlTables(document.name)
    parser.feed(text)
    parser.close()
    document.grids.extend(parser.grids)
