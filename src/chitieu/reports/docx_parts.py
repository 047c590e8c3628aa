"""The pieces of an official Word document that python-docx does not offer directly: the page of
Nghị định 30/2020 (A4, margins, Times New Roman), short rules under headings, page numbers from
the second page, borders and repeated header rows of tables, fields, landscape sections.

Shared by the bundled templates' source (``template_source``) and the documents' tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

FONT = "Times New Roman"
BODY_SIZE = 14
"""Nghị định 30/2020: the body in Times New Roman 13 or 14."""
TABLE_SIZE = 11
"""Tables of figures are set smaller so that a row of a task fits on one line."""


def set_font(run: Run, *, size: float | None = None, bold: bool | None = None) -> None:
    """Times New Roman in every script slot of ``run`` (Word falls back per script otherwise:
    Vietnamese letters outside Latin-1 may be drawn in another font)."""
    run.font.name = FONT
    properties = run._element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), FONT)
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold


def official_page(section: Section) -> None:
    """A4 portrait with the margins of Nghị định 30/2020 (top and bottom 20 mm, left 30 mm,
    right 15 mm)."""
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = section.footer_distance = Mm(10)


def landscape(section: Section) -> None:
    """A4 landscape with the same margins turned (for a wide appendix)."""
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(30), Mm(15)
    section.left_margin = section.right_margin = Mm(20)


def base_styles(document: Document) -> None:
    """The Normal style in Times New Roman 14, justified, 6 pt between paragraphs."""
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_SIZE)
    properties = normal.element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), FONT)
    paragraph = normal.paragraph_format
    paragraph.space_before = Pt(0)
    paragraph.space_after = Pt(6)
    paragraph.line_spacing = 1.1


def add_field(paragraph: Paragraph, instruction: str, *, size: float = 13) -> None:
    """A Word field (``PAGE``, ``NUMPAGES``) at the end of ``paragraph``, computed by the reader."""
    run = paragraph.add_run()
    set_font(run, size=size)
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    shown = OxmlElement("w:t")
    shown.text = "2"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, text, separate, shown, end):
        run._element.append(element)


def page_numbers_from_second(section: Section) -> None:
    """Page numbers centred in the header of every page but the first (Nghị định 30/2020)."""
    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_field(paragraph, "PAGE")
    first = section.first_page_header
    first.is_linked_to_previous = False


def rule_under(paragraph: Paragraph, *, indent_mm: float) -> None:
    """A short horizontal rule drawn under ``paragraph``: its bottom border, narrowed by
    ``indent_mm`` on each side (the line under the issuing body and under the motto)."""
    paragraph.paragraph_format.left_indent = Mm(indent_mm)
    paragraph.paragraph_format.right_indent = Mm(indent_mm)
    properties = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "6")
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")
    borders.append(bottom)
    _insert_in_order(properties, borders, PARAGRAPH_BORDER_SUCCESSORS)


def no_borders(table: Table) -> None:
    """A layout table: no borders at all."""
    _borders(table, "nil")


def grid(table: Table) -> None:
    """A table of figures: thin single borders around every cell."""
    _borders(table, "single")


PARAGRAPH_BORDER_SUCCESSORS = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
"""What follows <w:pBdr> in a paragraph's properties."""

BORDER_SUCCESSORS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption")
"""What follows <w:tblBorders> in a table's properties (ECMA-376 order: LibreOffice ignores an
element out of its place)."""


def _insert_in_order(parent: Any, element: Any, successors: Sequence[str]) -> None:
    """Put ``element`` before the first of ``successors`` among ``parent``'s children (replacing
    one of its kind), as the schema orders them."""
    for old in parent.findall(element.tag):
        parent.remove(old)
    for child in parent:
        if child.tag in {qn(name) for name in successors}:
            child.addprevious(element)
            return
    parent.append(element)


def _borders(table: Table, value: str) -> None:
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), value)
        if value != "nil":
            element.set(qn("w:sz"), "4")
            element.set(qn("w:color"), "000000")
        borders.append(element)
    _insert_in_order(properties, borders, BORDER_SUCCESSORS)


def set_widths(table: Table, widths_mm: Sequence[float]) -> None:
    """Fixed column widths that Word and LibreOffice both keep: the grid's, every cell's, the
    table's total and a fixed layout (LibreOffice ignores cell widths alone)."""
    # python-docx writes <w:tblLayout w:type="fixed"/> in its place for this.
    table.autofit = False
    properties = table._tbl.tblPr
    total = properties.find(qn("w:tblW"))
    if total is None:
        total = OxmlElement("w:tblW")
        properties.append(total)
    total.set(qn("w:type"), "dxa")
    total.set(qn("w:w"), str(round(sum(widths_mm) * 1440 / 25.4)))
    for column, width in zip(table.columns, widths_mm, strict=False):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width)


def repeat_header(table: Table, rows: int = 1) -> None:
    """Repeat the first ``rows`` rows at the top of every page the table runs over, and keep
    each row on one page."""
    for index, row in enumerate(table.rows):
        properties = row._tr.get_or_add_trPr()
        # Schema order: <w:cantSplit> before <w:tblHeader>.
        keep = OxmlElement("w:cantSplit")
        keep.set(qn("w:val"), "true")
        properties.append(keep)
        if index < rows:
            header = OxmlElement("w:tblHeader")
            header.set(qn("w:val"), "true")
            properties.append(header)


def shade(cell: _Cell, fill: str) -> None:
    """Fill a cell with a colour (``RRGGBB``)."""
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def write_cell(
    cell: _Cell,
    text: str,
    *,
    size: float = TABLE_SIZE,
    bold: bool = False,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.LEFT,
    colour: str | None = None,
) -> None:
    """Put ``text`` in a table cell (lines split on ``\\n``), without the body's indent."""
    lines = text.split("\n")
    paragraph = cell.paragraphs[0]
    for index, line in enumerate(lines):
        if index:
            paragraph = cell.add_paragraph()
        paragraph.alignment = align
        paragraph.paragraph_format.first_line_indent = Mm(0)
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.space_before = Pt(0)
        paragraph.paragraph_format.line_spacing = 1.0
        run = paragraph.add_run(line)
        set_font(run, size=size, bold=bold)
        if colour is not None:
            run.font.color.rgb = RGBColor.from_string(colour)


def figures_table(
    document: Document,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    widths_mm: Sequence[float],
    right: Sequence[int] = (),
    size: float = TABLE_SIZE,
) -> Table:
    """A bordered table with a bold, repeated header row; the columns in ``right`` (numbers)
    aligned right, the others left; the first column (an ordinal) centred."""
    table: Table = document.add_table(rows=1 + len(rows), cols=len(header))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    grid(table)
    for index, title in enumerate(header):
        write_cell(
            table.rows[0].cells[index], title, size=size, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER
        )
        shade(table.rows[0].cells[index], "F2F2F2")
    for r, values in enumerate(rows, start=1):
        cells = table.rows[r].cells
        for c, value in enumerate(values):
            align = (
                WD_ALIGN_PARAGRAPH.RIGHT
                if c in right
                else WD_ALIGN_PARAGRAPH.CENTER
                if c == 0
                else WD_ALIGN_PARAGRAPH.LEFT
            )
            write_cell(cells[c], value, size=size, align=align)
    set_widths(table, widths_mm)
    repeat_header(table)
    return table


def spacer(document: Document, points: float = 6) -> None:
    """A small empty paragraph after a table, so that the next paragraph does not touch it."""
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = 1.0
    set_font(paragraph.add_run(""), size=points)
