"""The source of the bundled Word templates (``reports/templates/*.docx``).

The templates are what an office edits: the letterhead, the fixed sentences and the order of the
sections, with ``{{ placeholders }}`` (docxtpl, Jinja) where the figures go. This module writes
the bundled ones; ``python -m chitieu.reports.template_source`` rewrites them after a change here.
Documents are rendered from the files, never from this module, so that an office's own copy in
``HOME/templates/`` replaces the bundled one entirely.
"""

from __future__ import annotations

import sys
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from chitieu.reports.docx_parts import (
    base_styles,
    no_borders,
    official_page,
    page_numbers_from_second,
    rule_under,
    set_font,
    set_widths,
)

BUNDLED = Path(__file__).resolve().parent / "templates"
"""Where the bundled templates live (package data)."""

LEFT_MM = 62.0
"""The letterhead's left column (issuing body) and right column (motto): 165 mm of text width."""
RIGHT_MM = 103.0


def _line(
    container: Document | _Cell,
    text: str,
    *,
    size: float = 14,
    bold: bool = False,
    italic: bool = False,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER,
    after: float = 0,
    indent: bool = False,
) -> Paragraph:
    paragraph: Paragraph = container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(after)
    paragraph.paragraph_format.first_line_indent = Mm(12.7) if indent else Mm(0)
    run = paragraph.add_run(text)
    set_font(run, size=size, bold=bold)
    run.italic = italic
    return paragraph


def _first(cell: _Cell, text: str, **style: object) -> Paragraph:
    """Write into the cell's existing first paragraph (a new cell has one, empty)."""
    paragraph: Paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    set_font(run, size=float(str(style.get("size", 13))), bold=bool(style.get("bold", False)))
    return paragraph


def _rule(cell: _Cell, width_mm: float, text_mm: float) -> None:
    paragraph = cell.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(2)
    run = paragraph.add_run("")
    set_font(run, size=2)
    rule_under(paragraph, indent_mm=(width_mm - text_mm) / 2)


def letterhead(document: Document, symbol_line: str, subject_line: str | None = None) -> None:
    """The issuing body (parent above, the body in bold, a short rule, the number) beside the
    national motto (with its rule and the place and date in italics), as Phụ lục I lays them
    out."""
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    no_borders(table)
    set_widths(table, (LEFT_MM, RIGHT_MM))
    left, right = table.rows[0].cells
    _first(left, "{{ issuer.parent }}", size=13)
    name = left.add_paragraph()
    name.alignment = WD_ALIGN_PARAGRAPH.CENTER
    name.paragraph_format.space_after = Pt(0)
    set_font(name.add_run("{{ issuer.name }}"), size=13, bold=True)
    _rule(left, LEFT_MM, 24)
    _line(left, symbol_line, size=13)
    if subject_line is not None:
        _line(left, subject_line, size=12)
    _first(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True)
    motto = right.add_paragraph()
    motto.alignment = WD_ALIGN_PARAGRAPH.CENTER
    motto.paragraph_format.space_after = Pt(0)
    set_font(motto.add_run("Độc lập - Tự do - Hạnh phúc"), size=13, bold=True)
    _rule(right, RIGHT_MM, 62)
    _line(right, "{{ issuer.place }}, {{ date_words }}", size=14, italic=True)


def signature(document: Document, recipients: str = "recipients") -> None:
    """«Nơi nhận» on the left (bold italic 12, the list in 11), the signer on the right
    (authority and title in bold capitals, room for the signature, the name in bold)."""
    document.add_paragraph().paragraph_format.space_after = Pt(0)
    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    no_borders(table)
    set_widths(table, (80, 85))
    left, right = table.rows[0].cells
    heading = left.paragraphs[0]
    heading.paragraph_format.space_after = Pt(0)
    run = heading.add_run("Nơi nhận:")
    set_font(run, size=12, bold=True)
    run.italic = True
    _line(left, f"{{%p for name in {recipients} %}}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    _line(left, "- {{ name }}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    _line(left, "{%p endfor %}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    _first(right, "{{ signer.authority }}", size=14, bold=True)
    _line(right, "{{ signer.title }}", size=14, bold=True)
    for _ in range(4):
        _line(right, "", size=14)
    _line(right, "{{ signer.name }}", size=14, bold=True)


def _heading(document: Document, text: str) -> None:
    _line(document, text, bold=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=6, indent=True)


def _paragraphs(document: Document, items: str) -> None:
    """One body paragraph per item of the list ``items`` of the context."""
    _line(document, f"{{%p for text in {items} %}}", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _line(document, "{{ text }}", align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=6, indent=True)
    _line(document, "{%p endfor %}", align=WD_ALIGN_PARAGRAPH.JUSTIFY)


def _body(document: Document, text: str) -> None:
    _line(document, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=6, indent=True)


def _document() -> Document:
    document = docx.Document()
    base_styles(document)
    section = document.sections[0]
    official_page(section)
    page_numbers_from_second(section)
    return document


def report_template() -> Document:
    """The quarterly report (báo cáo): letterhead, title, the five sections, signature."""
    document = _document()
    letterhead(document, "Số: {{ number }}/BC-{{ issuer.symbol }}")
    _line(document, "", after=6)
    _line(document, "BÁO CÁO", bold=True)
    _line(document, "{{ title }}", bold=True, after=6)
    _line(document, "{%p if provisional %}")
    _line(document, "({{ provisional_note }})", size=13, italic=True, after=6)
    _line(document, "{%p endif %}")
    _line(document, "", after=0)
    _body(document, "{{ intro }}")
    _heading(document, "I. KẾT QUẢ CHUNG")
    _paragraphs(document, "overview")
    _line(document, "{{p province_table }}")
    _heading(document, "II. KẾT QUẢ THEO TỪNG NHIỆM VỤ")
    _paragraphs(document, "tasks_intro")
    _line(document, "{{p tasks }}")
    _heading(document, "III. CÁC ĐƠN VỊ CHƯA ĐẠT MỐC CỦA QUÝ")
    _paragraphs(document, "lagging_intro")
    _line(document, "{{p lagging }}")
    _heading(document, "IV. DỰ BÁO KHẢ NĂNG HOÀN THÀNH CHỈ TIÊU NĂM")
    _paragraphs(document, "outlook")
    _heading(document, "V. ĐỀ XUẤT, KIẾN NGHỊ")
    _body(
        document,
        "Để hoàn thành chỉ tiêu được giao năm {{ year }}, {{ issuer_sentence }} kính đề nghị "
        "{{ superior }}:",
    )
    _body(
        document,
        "- Chỉ đạo thủ trưởng các đơn vị chưa đạt mốc của quý khẩn trương khắc phục, báo cáo "
        "kết quả về {{ issuer_sentence }} để tổng hợp;",
    )
    _body(
        document,
        "- Giao {{ issuer_sentence }} tiếp tục theo dõi, đôn đốc hằng tháng và báo cáo kết quả "
        "vào kỳ báo cáo tiếp theo.",
    )
    _body(document, "Trên đây là báo cáo {{ title_lower }}./.")
    signature(document)
    return document


def reminder_template() -> Document:
    """The reminder letter (công văn đôn đốc) to one unit: the missed milestones, the counts
    still needed, the date to report back by."""
    document = _document()
    letterhead(
        document,
        "Số: {{ number }}/{{ issuer.symbol }}",
        "V/v đôn đốc thực hiện chỉ tiêu {{ subject }} {{ quarter_words }}",
    )
    _line(document, "", after=6)
    _line(document, "Kính gửi: {{ addressee }}.", after=12)
    _body(
        document,
        "Thực hiện nhiệm vụ theo dõi, đôn đốc việc thực hiện chỉ tiêu được giao tại "
        "{{ decision }}, {{ issuer_sentence }} tổng hợp kết quả {{ quarter_words }} từ số liệu "
        "của hệ thống và thấy {{ unit_name }} chưa đạt mốc của quý ở {{ missed_count }} chỉ tiêu:",
    )
    _line(document, "{{p missed }}")
    _line(document, "{%p if provisional %}")
    _body(document, "({{ provisional_note }})")
    _line(document, "{%p endif %}")
    _body(
        document,
        "Để bảo đảm hoàn thành chỉ tiêu năm {{ year }}, {{ issuer_sentence }} đề nghị "
        "{{ addressee_short }} chỉ đạo khắc phục ngay các chỉ tiêu nêu trên, phân công cụ thể "
        "cho từng bộ phận, cán bộ, công chức; báo cáo kết quả và nguyên nhân chưa đạt về "
        "{{ issuer_sentence }} trước ngày {{ reply_by }} để tổng hợp, báo cáo {{ superior }}.",
    )
    _body(document, "Trân trọng./.")
    signature(document)
    return document


def decision_letterhead(document: Document) -> None:
    """A People's Committee's letterhead: its name on two bold lines (no governing body above),
    the rule, the number; the motto, the place and date left for the day of signing."""
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    no_borders(table)
    set_widths(table, (LEFT_MM, RIGHT_MM))
    left, right = table.rows[0].cells
    _first(left, "{{ body_lines[0] }}", size=13, bold=True)
    _line(left, "{{ body_lines[1] }}", size=13, bold=True)
    _rule(left, LEFT_MM, 24)
    _line(left, "Số: {{ number }}/QĐ-UBND", size=13)
    _first(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True)
    motto = right.add_paragraph()
    motto.alignment = WD_ALIGN_PARAGRAPH.CENTER
    motto.paragraph_format.space_after = Pt(0)
    set_font(motto.add_run("Độc lập - Tự do - Hạnh phúc"), size=13, bold=True)
    _rule(right, RIGHT_MM, 62)
    _line(right, "{{ place }}, ngày {{ number }} tháng {{ number }} năm {{ year }}", italic=True)


def draft_decision_template() -> Document:
    """Next year's draft decision: the articles of a target decision, the annex added after."""
    document = _document()
    _line(document, "DỰ THẢO", size=12, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, after=6)
    decision_letterhead(document)
    _line(document, "", after=6)
    _line(document, "QUYẾT ĐỊNH", bold=True)
    _line(document, "{{ title }}", bold=True, after=12)
    _line(document, "CHỦ TỊCH ỦY BAN NHÂN DÂN {{ kind|upper }}", bold=True, after=12)
    for text in (
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015; Luật sửa đổi, bổ sung một số "
        "điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22/11/2019;",
        "Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ về thực hiện cơ chế một "
        "cửa, một cửa liên thông trong giải quyết thủ tục hành chính và Nghị định số "
        "107/2021/NĐ-CP ngày 06/12/2021 sửa đổi, bổ sung một số điều của Nghị định số "
        "61/2018/NĐ-CP;",
        "Căn cứ Quyết định số 766/QĐ-TTg ngày 23/6/2022 của Thủ tướng Chính phủ phê duyệt bộ chỉ "
        "số chỉ đạo, điều hành và đánh giá chất lượng phục vụ người dân, doanh nghiệp trong thực "
        "hiện thủ tục hành chính, dịch vụ công theo thời gian thực trên môi trường điện tử;",
        "Căn cứ kết quả thực hiện chỉ tiêu năm {{ previous_year }};",
        "Theo đề nghị của Chánh Văn phòng UBND {{ kind }}.",
    ):
        _line(document, text, italic=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=6, indent=True)
    _line(document, "QUYẾT ĐỊNH:", bold=True, after=6)
    _body(document, "Điều 1. {{ title }} (Phụ lục kèm theo).")
    _body(document, "Điều 2. Tổ chức thực hiện.")
    _body(
        document,
        "1. Các đơn vị, địa phương căn cứ chỉ tiêu được giao tại Điều 1 của Quyết định này, "
        "khẩn trương triển khai thực hiện; xây dựng lộ trình cụ thể tại đơn vị, địa phương; phân "
        "công, giao nhiệm vụ kèm chỉ tiêu đối với từng phòng ban, đơn vị trực thuộc và mỗi cán "
        "bộ, công chức, viên chức để hoàn thành chỉ tiêu được giao.",
    )
    _body(
        document,
        "2. Văn phòng UBND {{ kind }} theo dõi, đôn đốc, kiểm tra (định kỳ, đột xuất) và báo cáo "
        "UBND {{ kind }} về kết quả triển khai thực hiện nhiệm vụ của các đơn vị, địa phương.",
    )
    _body(
        document,
        "Điều 3. Thủ trưởng các sở, ban, ngành {{ kind }}; Chủ tịch UBND cấp huyện, cấp xã và "
        "các tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này kể từ ngày "
        "ký./.",
    )
    document.add_paragraph().paragraph_format.space_after = Pt(0)
    table = document.add_table(rows=1, cols=2)
    no_borders(table)
    set_widths(table, (80, 85))
    left, right = table.rows[0].cells
    heading = left.paragraphs[0]
    run = heading.add_run("Nơi nhận:")
    set_font(run, size=12, bold=True)
    run.italic = True
    _line(left, "{%p for name in recipients %}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    _line(left, "- {{ name }}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    _line(left, "{%p endfor %}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    _first(right, "KT. CHỦ TỊCH", size=14, bold=True)
    _line(right, "PHÓ CHỦ TỊCH", size=14, bold=True)
    return document


def adhoc_template() -> Document:
    """The ad hoc report (báo cáo đột xuất) on one unit's subtree for a window of days:
    letterhead, title, the unit's whole figures, each task by unit, signature."""
    document = _document()
    letterhead(document, "Số: {{ number }}/BC-{{ issuer.symbol }}")
    _line(document, "", after=6)
    _line(document, "BÁO CÁO", bold=True)
    _line(document, "{{ title }}", bold=True, after=6)
    _line(document, "{%p if unfinished %}")
    _line(document, "({{ unfinished_note }})", size=13, italic=True, after=6)
    _line(document, "{%p endif %}")
    _line(document, "", after=0)
    _body(document, "{{ intro }}")
    _heading(document, "I. KẾT QUẢ CHUNG CỦA {{ unit_upper }}")
    _paragraphs(document, "summary")
    _line(document, "{{p subtree_table }}")
    _heading(document, "II. KẾT QUẢ TỪNG NHIỆM VỤ THEO ĐƠN VỊ")
    _paragraphs(document, "tasks_intro")
    _line(document, "{{p tasks }}")
    _heading(document, "III. ĐỀ XUẤT, KIẾN NGHỊ")
    _body(
        document,
        "{{ issuer_sentence }} kính đề nghị {{ superior }} chỉ đạo thủ trưởng các đơn vị có kết "
        "quả thấp nêu trên rà soát nguyên nhân, khắc phục và báo cáo kết quả về "
        "{{ issuer_sentence }} để tổng hợp.",
    )
    _body(document, "Trên đây là báo cáo {{ title_lower }}./.")
    signature(document)
    return document


TEMPLATES = {
    "report.docx": report_template,
    "reminder.docx": reminder_template,
    "draft_decision.docx": draft_decision_template,
    "adhoc.docx": adhoc_template,
}
"""Each bundled template's file name and the function that writes it."""


def write_bundled(directory: Path = BUNDLED) -> list[Path]:
    """Write every bundled template into ``directory``; the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, build in TEMPLATES.items():
        path = directory / name
        build().save(str(path))
        written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover — a maintainer's tool
    for path in write_bundled(Path(sys.argv[1]) if len(sys.argv) > 1 else BUNDLED):
        print(path)
