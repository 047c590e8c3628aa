"""The quarterly report read back from its Word file: the official layout, and every figure
against the evaluation's rows counted here, not against the code that wrote them."""

from __future__ import annotations

import dataclasses
import io
import re
from collections import Counter, defaultdict
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.shared import Length
from docx.table import Table

from chitieu import wording
from chitieu.errors import ChitieuError
from chitieu.evaluation.model import Status
from chitieu.formatting import integer, percent
from chitieu.reports.context import ReportContext
from chitieu.reports.quarterly import STATUS_SHORT, quarterly_docx
from chitieu.reports.settings import TEMPLATES_DIR


def _open(data: bytes) -> Document:
    return docx.Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def report(context: ReportContext) -> Document:
    return _open(quarterly_docx(context))


def _texts(document: Document) -> list[str]:
    return [p.text for p in document.paragraphs]


def _shown(context: ReportContext, code: str) -> str:
    """How a table names a unit: a commune with its district, so that two «xã Tân Thành» of
    two districts are told apart."""
    unit = context.tree[code]
    parent = context.tree.get(unit.parent_code or "")
    if unit.level == "commune" and parent is not None and parent.level == "district":
        return f"{unit.name} ({parent.name})"
    return unit.name


def _cell_lines(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_page_and_letterhead_follow_decree_30(report: Document, context: ReportContext) -> None:
    section = report.sections[0]

    def mm(*lengths: Length | None) -> list[float]:
        return [round(length.mm, 1) if length is not None else 0.0 for length in lengths]

    assert mm(section.page_width, section.page_height) == [210, 297]
    assert mm(section.top_margin, section.bottom_margin) == [20, 20]
    assert mm(section.left_margin, section.right_margin) == [30, 15]
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml
    assert "PAGE" not in section.first_page_header._element.xml
    left, right = (cell for cell in report.tables[0].rows[0].cells)
    issuer = context.settings.issuer
    assert [p.text for p in left.paragraphs if p.text][:2] == [issuer.parent, issuer.name]
    assert issuer.parent == "UBND TỈNH BÌNH PHƯỚC"
    assert issuer.name == "VĂN PHÒNG"
    assert any(r.bold for r in left.paragraphs[1].runs)
    assert re.fullmatch(r"Số:\s+/BC-VP", left.paragraphs[3].text.replace("\u00a0", " "))
    motto = [p.text for p in right.paragraphs if p.text]
    assert motto[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    date_line = next(p for p in right.paragraphs if "ngày" in p.text)
    assert date_line.text == "Bình Phước, ngày 15 tháng 10 năm 2024"
    assert all(r.italic for r in date_line.runs if r.text)
    texts = _texts(report)
    title = texts.index("BÁO CÁO")
    assert texts[title + 1].startswith("Kết quả thực hiện chỉ tiêu")
    assert texts[title + 1] == (
        "Kết quả thực hiện chỉ tiêu nhiệm vụ cải cách thủ tục hành chính gắn với chuyển đổi số "
        "quý III năm 2024"
    )
    for run in (r for p in report.paragraphs for r in p.runs if r.text.strip()):
        assert run.font.name == "Times New Roman"


def test_signature_and_recipients_come_from_settings(
    report: Document, context: ReportContext
) -> None:
    signature = next(t for t in report.tables if "Nơi nhận:" in t.rows[0].cells[0].text)
    left, right = signature.rows[0].cells
    recipients = [p.text for p in left.paragraphs if p.text.startswith("- ")]
    assert recipients == [f"- {name}" for name in context.settings.recipients_of("report")]
    lines = [p.text for p in right.paragraphs if p.text]
    assert lines[:2] == [context.settings.signer.authority, context.settings.signer.title]


def test_overview_counts_each_levels_met_milestones(
    report: Document, context: ReportContext
) -> None:
    texts = _texts(report)
    for level, label in (("province_department", "Sở, ngành"), ("commune", "Cấp xã")):
        rows = [r for r in context.evaluation.rows if r.unit.level == level]
        judged = [r for r in rows if r.status in (Status.MET, Status.NOT_MET)]
        met = sum(1 for r in judged if r.status is Status.MET)
        sentence = next(t for t in texts if t.startswith(f"{label}: "))
        assert sentence.startswith(
            f"{label}: {integer(met)}/{integer(len(judged))} lượt chỉ tiêu đạt mốc của quý "
            f"({percent(100 * met / len(judged))})"
        )
    units = {r.unit.code for r in context.evaluation.rows}
    assert any(f"Có {integer(len(units))} đơn vị được giao chỉ tiêu" in t for t in texts)


def test_each_tasks_table_counts_its_units_by_status(
    report: Document, context: ReportContext
) -> None:
    tallies: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for row in context.evaluation.rows:
        tallies[(row.target.task, context.level_label(row.unit.level))][row.status.value] += 1
    headed = [t for t in report.tables if t.rows[0].cells[0].text == "Cấp"]
    tasks = [t.task for t in context.target_set.targets if t.indicator]
    assert len(headed) == len(dict.fromkeys(tasks))
    seen = 0
    for task, table in zip(dict.fromkeys(tasks), headed, strict=True):
        for cells in _cell_lines(table)[1:]:
            level, _, units, met, not_met, not_applicable, no_data, _ = cells
            counted = tallies[(task, level)]
            assert int(units.replace(".", "")) == sum(counted.values()), (task, level)
            assert [int(x.replace(".", "")) for x in (met, not_met, not_applicable, no_data)] == [
                counted["met"],
                counted["not_met"],
                counted["not_applicable"],
                counted["no_data"],
            ], (task, level)
            seen += 1
    assert seen >= len(headed)


def test_every_lagging_unit_is_listed_once_with_each_missed_milestone(
    report: Document, context: ReportContext
) -> None:
    lagging: dict[str, list[str]] = defaultdict(list)
    for row in context.evaluation.rows:
        if row.status is Status.NOT_MET:
            lagging[_shown(context, row.unit.code)].append(row.target.task)
    listed: dict[str, str] = {}
    for table in report.tables:
        if [c.text for c in table.rows[0].cells] != ["TT", "Đơn vị", "Chỉ tiêu chưa đạt mốc"]:
            continue
        for cells in _cell_lines(table)[1:]:
            assert cells[1] not in listed
            listed[cells[1]] = cells[2]
    assert set(listed) == set(lagging)
    for name, tasks in lagging.items():
        found = [line.split(":")[0] for line in listed[name].split("\n")]
        assert found == tasks, name
    # The second appendix holds the communes: too many for the body.
    texts = _texts(report)
    assert "PHỤ LỤC II" in texts
    assert any("xem Phụ lục II" in t for t in texts)


def test_missed_milestone_says_value_milestone_and_count(
    report: Document, context: ReportContext
) -> None:
    row = next(
        r
        for r in context.evaluation.rows
        if r.status is Status.NOT_MET and r.needed and r.needed > 0
    )
    every = "\n".join(c.text for t in report.tables for r in t.rows for c in r.cells)
    noun = context.noun(row.indicator)
    assert f"{row.target.task}: {percent(row.value)} / mốc {percent(row.milestone)}" in every
    assert f"cần thêm {integer(row.needed or 0)} {noun}" in every


def test_appendix_matrix_marks_every_unit_and_task(
    report: Document, context: ReportContext
) -> None:
    matrix = next(
        t for t in report.tables if t.rows[0].cells[1].text == "Đơn vị" and len(t.columns) > 5
    )
    header = [c.text for c in matrix.rows[0].cells]
    tasks = header[2:]
    by_name = {_shown(context, r.unit.code): r.unit.code for r in context.evaluation.rows}
    status = {(r.unit.code, r.target.task): r.status.value for r in context.evaluation.rows}
    rows = _cell_lines(matrix)[1:]
    assert len(rows) == len(by_name)
    for cells in rows:
        code = by_name[cells[1]]
        for task, mark in zip(tasks, cells[2:], strict=True):
            expected = status.get((code, task))
            assert mark == ("" if expected is None else STATUS_SHORT[expected]), (code, task)
    landscape = report.sections[1]
    assert (landscape.page_width or 0) > (landscape.page_height or 0)


def test_a_provisional_quarter_says_so(context: ReportContext) -> None:
    provisional = dataclasses.replace(
        context,
        evaluation=dataclasses.replace(context.evaluation, provisional=True),
        today=context.today.replace(month=8, day=20),
    )
    texts = _texts(_open(quarterly_docx(provisional)))
    note = next(t for t in texts if wording.PROVISIONAL in t)
    assert "quý III năm 2024 chưa kết thúc" in note
    assert not any(wording.PROVISIONAL in t for t in _texts(_open(quarterly_docx(context))))


def test_the_offices_own_template_replaces_the_bundled_one(
    context: ReportContext, tmp_path: Path
) -> None:
    from chitieu.reports.template_source import report_template

    template = report_template()
    paragraph = template.add_paragraph("Ghi chú riêng của {{ issuer.short }}.")
    assert paragraph.text
    (tmp_path / TEMPLATES_DIR).mkdir()
    template.save(str(tmp_path / TEMPLATES_DIR / "report.docx"))
    texts = _texts(_open(quarterly_docx(context, tmp_path)))
    assert "Ghi chú riêng của Văn phòng UBND tỉnh." in texts


def test_a_broken_template_is_refused_with_its_path(context: ReportContext, tmp_path: Path) -> None:
    from chitieu.reports.template_source import report_template

    template = report_template()
    template.add_paragraph("{{ issuer.name ")
    (tmp_path / TEMPLATES_DIR).mkdir()
    path = tmp_path / TEMPLATES_DIR / "report.docx"
    template.save(str(path))
    with pytest.raises(ChitieuError) as refused:
        quarterly_docx(context, tmp_path)
    assert str(path) in refused.value.message
    assert "mẫu văn bản" in refused.value.message
