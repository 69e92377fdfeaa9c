"""A report across centres as files: CSV (UTF-8 with a BOM, so that Excel reads Vietnamese) and
an XLSX workbook (openpyxl): the groups with their total, then the periods, then (by centre or
agency) the dossiers per group with their total."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from province.console.report import DossierFigures, Figures, Report
from province.console.text import translator

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = ["columns", "file_name", "tables", "to_csv", "to_xlsx"]

COUNT, MINUTES, SHARE, TEXT = "count", "minutes", "share", "text"
_FORMATS = {COUNT: "#,##0", MINUTES: "0.0", SHARE: "0.0%"}
_NAVY = "1F3A68"


def columns(levels: int, t: Callable[..., str]) -> list[tuple[str, str, Callable[[Figures], Any]]]:
    """The figures' columns: header, kind, value."""
    out: list[tuple[str, str, Callable[[Figures], Any]]] = [
        (t("issued"), COUNT, lambda f: f.issued),
        (t("served"), COUNT, lambda f: f.served),
        (t("gave_up"), COUNT, lambda f: f.gave_up),
        (t("gave_up_share"), SHARE, lambda f: f.gave_up_share),
        (t("no_show"), COUNT, lambda f: f.no_show),
        (t("cancelled"), COUNT, lambda f: f.cancelled),
        (t("wait_mean"), MINUTES, lambda f: f.wait_mean),
        (t("wait_p50"), MINUTES, lambda f: f.wait_p50),
        (t("wait_p90"), MINUTES, lambda f: f.wait_p90),
        (t("service_mean"), MINUTES, lambda f: f.service_mean),
        (t("within_target"), SHARE, lambda f: f.within_share),
        (t("rated"), COUNT, lambda f: f.rated),
        (t("best_share"), SHARE, lambda f: f.best_share),
    ]
    for k in range(1, levels + 1):
        out.append((f"{t('level')} {k}", COUNT, _level(k)))
    return out


def _level(k: int) -> Callable[[Figures], int]:
    return lambda f: f.level(k)


Table = tuple[list[str], list[str], list[list[Any]]]
"""Header, each column's kind, the lines (the last the total, when there is one)."""


def tables(report: Report, lang: str) -> list[Table]:
    t = translator(lang)
    figures = columns(report.levels, t)
    kinds = [kind for _h, kind, _v in figures]
    group = t(f"by_{report.by}")
    head = [group, t({"centre": "centre_id", "agency": "code", "service": "agency"}[report.by])]
    lines = [
        [
            row.label_en if lang == "en" else row.label,
            row.note_en if lang == "en" else row.note,
            *(v(row.figures) for *_h, v in figures),
        ]
        for row in sorted(
            report.rows, key=lambda r: (r.label_en if lang == "en" else r.label).casefold()
        )
    ]
    lines.append([t("total"), "", *(v(report.total) for *_h, v in figures)])
    periods = [[p.label, *(v(p.figures) for *_h, v in figures)] for p in report.periods]
    out = [
        ([*head, *(h for h, _k, _v in figures)], [TEXT, TEXT, *kinds], lines),
        ([t("period"), *(h for h, _k, _v in figures)], [TEXT, *kinds], periods),
    ]
    if report.dossiers is not None:
        out.append(_dossier_table(report, lang, head))
    return out


def _dossier_table(report: Report, lang: str, head: list[str]) -> Table:
    t = translator(lang)
    names = ("received", "resolved", "early", "on_time", "late")

    def line(label: str, note: str, f: DossierFigures) -> list[Any]:
        return [label, note, *(getattr(f, name) for name in names), f.in_time_share]

    english = lang == "en"
    rows = sorted(
        report.dossiers or (), key=lambda r: (r.label_en if english else r.label).casefold()
    )
    lines = [
        line(r.label_en if english else r.label, r.note_en if english else r.note, r.figures)
        for r in rows
    ]
    lines.append(line(t("total"), "", report.dossier_total))
    header = [*head, *(t(name) for name in names), t("in_time_share")]
    return header, [TEXT, TEXT, *[COUNT] * len(names), SHARE], lines


def file_name(report: Report) -> str:
    who = report.centre or "tinh"
    return f"luot-{who}-{report.by}-{report.period}-{report.first}-{report.last}"


def _csv_value(value: Any, kind: str) -> Any:
    if value is None:
        return ""
    return round(value * 100, 1) if kind == SHARE else value


def _csv_rows(table: Table) -> Iterator[list[Any]]:
    header, kinds, lines = table
    yield header
    for line in lines:
        yield [_csv_value(v, k) for v, k in zip(line, kinds, strict=True)]


def to_csv(report: Report, lang: str = "vi") -> bytes:
    """The groups' table, a blank line, the periods' table; shares as percentages."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for i, table in enumerate(tables(report, lang)):
        if i:
            writer.writerow([])
        writer.writerows(_csv_rows(table))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _sheet(sheet: Worksheet, table: Table, total: bool) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    header, kinds, lines = table
    for col, text in enumerate(header, 1):
        cell = sheet.cell(1, col, text)
        cell.fill = PatternFill("solid", fgColor=_NAVY)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    sheet.row_dimensions[1].height = 48
    for r, line in enumerate(lines, 2):
        for col, (value, kind) in enumerate(zip(line, kinds, strict=True), 1):
            cell = sheet.cell(r, col, value)
            if kind in _FORMATS:
                cell.number_format = _FORMATS[kind]
            if total and r == len(lines) + 1:
                cell.font = Font(bold=True)
                cell.border = Border(top=Side(style="thin", color=_NAVY))
    widest = max([len(str(line[0])) for line in lines] + [14])
    sheet.column_dimensions["A"].width = min(60, widest + 2)
    for col in range(2, len(header) + 1):
        sheet.column_dimensions[get_column_letter(col)].width = 14
    sheet.freeze_panes = "B2"


def to_xlsx(report: Report, lang: str = "vi") -> bytes:
    # openpyxl is imported when a workbook is asked for, not with the server.
    from openpyxl import Workbook

    t = translator(lang)
    groups, by_period, *dossiers = tables(report, lang)
    book = Workbook()
    book.remove(book.worksheets[0])
    where = report.centre_name or t("all_centres")
    book.properties.title = f"{where} — {report.first.isoformat()} … {report.last.isoformat()}"
    _sheet(book.create_sheet(t(f"by_{report.by}")[:31]), groups, total=True)
    _sheet(book.create_sheet(t("by_period")[:31]), by_period, total=False)
    for table in dossiers:
        _sheet(book.create_sheet(t("dossiers")[:31]), table, total=True)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
