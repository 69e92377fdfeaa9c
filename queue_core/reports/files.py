"""A report as files a manager opens: CSV (UTF-8 with a BOM, for Excel) and an XLSX workbook."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from queue_core.reports.model import Report
from queue_core.reports.tables import Kind, Table, tables
from queue_core.reports.words import date_range, translator

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

_FORMATS = {Kind.COUNT: "#,##0", Kind.MINUTES: "0.0", Kind.SHARE: "0.0%"}
_NAVY = "1F3A68"


def _sheets(report: Report, lang: str) -> list[tuple[str, list[Table]]]:
    """The first sheet holds the groups and, below them, the periods and the appointments; then
    hours; ratings."""
    t = translator(lang)
    parts = tables(report, lang)
    first = [parts.groups] if parts.periods is None else [parts.groups, parts.periods]
    first += parts.appointments
    return [
        (t("sheet_by", by=t(f"of_{report.by.value}")), first),
        (t("sheet_hours"), [parts.hours]),
        (t("sheet_ratings"), [parts.ratings]),
    ]


def _csv_value(value: Any, kind: Kind) -> Any:
    if value is None:
        return ""
    return round(value * 100, 1) if kind is Kind.SHARE else value


def _csv_rows(table: Table) -> Iterator[list[Any]]:
    yield table.header
    for line in [*table.lines, *([table.total] if table.total else [])]:
        yield [_csv_value(v, k) for v, k in zip(line, table.kinds, strict=True)]


def to_csv(report: Report, lang: str = "vi") -> bytes:
    """Every table one under the other, a blank line between; shares as percentages."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for i, table in enumerate(t for _name, sheet in _sheets(report, lang) for t in sheet):
        if i:
            writer.writerow([])
        writer.writerows(_csv_rows(table))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # the BOM makes Excel read UTF-8


def _put_table(sheet: Worksheet, table: Table, top: int) -> int:
    """Writes ``table`` from row ``top``; returns the row after it."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    for col, text in enumerate(table.header, 1):
        header = sheet.cell(top, col, text)
        header.fill = PatternFill("solid", fgColor=_NAVY)
        header.font = Font(bold=True, color="FFFFFF")
        header.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    sheet.row_dimensions[top].height = 48
    lines = [*table.lines, *([table.total] if table.total else [])]
    for r, line in enumerate(lines, top + 1):
        for col, (value, kind) in enumerate(zip(line, table.kinds, strict=True), 1):
            cell = sheet.cell(r, col, value)
            if kind is not Kind.TEXT:
                cell.number_format = _FORMATS[kind]
            if table.total is not None and r == top + len(lines):
                cell.font = Font(bold=True)
                cell.border = Border(top=Side(style="thin", color=_NAVY))
    return top + len(lines) + 1


def _widths(sheet: Worksheet, tables_: list[Table]) -> None:
    from openpyxl.utils import get_column_letter

    names = [str(line[0]) for t in tables_ for line in [*t.lines, *([t.total] if t.total else [])]]
    sheet.column_dimensions["A"].width = min(70, max([len(n) for n in names] + [14]) + 2)
    for col in range(2, max(len(t.header) for t in tables_) + 1):
        sheet.column_dimensions[get_column_letter(col)].width = 14


def to_xlsx(report: Report, lang: str = "vi") -> bytes:
    # openpyxl (with numpy, which it loads when installed) is imported only when a workbook
    # is asked for: the core would otherwise carry ~60 MB for a download made once a month.
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.worksheets[0])
    book.properties.title = f"{report.site_name} — {date_range(report.first, report.last)}"
    for name, tables_ in _sheets(report, lang):
        sheet = book.create_sheet(name)
        top = 1
        for table in tables_:
            top = _put_table(sheet, table, top) + 1
        sheet.freeze_panes = "B2"
        _widths(sheet, tables_)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
