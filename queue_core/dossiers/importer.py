"""Reading an e-system export (CSV, JSON or XLSX) into dossiers: all rows good, or none taken."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from queue_core.domain import Site
from queue_core.domain.dossiers import Dossier, DossierStatus, normalise_code
from queue_core.dossiers.settings import DOSSIER_REQUIRED as REQUIRED
from queue_core.dossiers.settings import DossierSettings
from queue_core.errors import DossierImportError


@dataclass(frozen=True)
class RowProblem:
    row: str
    """Where a person finds it: ``row 7`` of a sheet, ``item 3`` of a JSON list."""
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.row}, {self.field}: {self.reason}"


Row = tuple[str, Mapping[str, Any]]


def read_rows(path: Path) -> list[Row]:
    """The rows of an export, each with the label a person would use to find it."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            return csv_rows(path.read_text(encoding="utf-8-sig"))
        if suffix == ".json":
            return json_rows(path.read_text(encoding="utf-8"), str(path))
        if suffix == ".xlsx":
            return xlsx_rows(path.read_bytes(), str(path))
    except (OSError, UnicodeDecodeError) as exc:
        raise DossierImportError([RowProblem("file", "-", str(exc))], str(path)) from None
    raise DossierImportError(
        [RowProblem("file", "-", "use a .csv, .json or .xlsx export")], str(path)
    )


def csv_rows(text: str) -> list[Row]:
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    return [(f"row {i}", row) for i, row in enumerate(reader, start=2)]


def json_rows(text: str, source: str = "file") -> list[Row]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DossierImportError([RowProblem("file", "-", f"not JSON: {exc}")], source) from None
    if isinstance(data, dict):
        data = data.get("dossiers", data.get("data"))
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise DossierImportError(
            [RowProblem("file", "-", 'expected a list of objects (or {"dossiers": [...]})')],
            source,
        )
    return [(f"item {i}", item) for i, item in enumerate(data, start=1)]


def xlsx_rows(content: bytes, source: str = "file") -> list[Row]:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise DossierImportError(
            [RowProblem("file", "-", f"not an Excel workbook: {exc}")], source
        ) from None
    rows = sheet.iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
    found: list[Row] = []
    for number, values in enumerate(rows, start=2):
        if all(v in (None, "") for v in values):
            continue
        found.append((f"row {number}", dict(zip(header, values, strict=False))))
    return found


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip().casefold()


class _RowReader:
    """One row through the site's column mapping; each problem noted, none raised."""

    def __init__(
        self,
        label: str,
        row: Mapping[str, Any],
        settings: DossierSettings,
        timezone: tzinfo,
        agencies: Mapping[str, str],
    ) -> None:
        self.label, self.row, self.settings = label, row, settings
        self.timezone, self.agencies = timezone, agencies
        self.problems: list[RowProblem] = []

    def raw(self, name: str) -> Any:
        value = self.row.get(self.settings.columns[name])
        if isinstance(value, str):
            value = value.strip()
        if value in (None, "") and name in REQUIRED:
            self.fail(name, "is missing")
            return None
        return None if value == "" else value

    def fail(self, name: str, reason: str) -> None:
        self.problems.append(RowProblem(self.label, self.settings.columns[name], reason))

    def moment(self, name: str) -> datetime | None:
        value = self.raw(name)
        if value is None or isinstance(value, datetime):
            return _aware(value, self.timezone) if value is not None else None
        text = str(value)
        for pattern in self.settings.date_formats:
            try:
                return _aware(datetime.strptime(text, pattern), self.timezone)
            except ValueError:
                continue
        try:
            return _aware(datetime.fromisoformat(text), self.timezone)
        except ValueError:
            self.fail(name, f"{text!r} is not a date (e.g. 25/11/2026 14:30)")
            return None

    def dossier(self) -> Dossier | None:
        code_text = self.raw("code")
        code = normalise_code(str(code_text)) if code_text is not None else None
        if code_text is not None and code is None:
            self.fail("code", f"{code_text!r} is not a dossier code")
        agency_text = self.raw("agency")
        agency = self.agencies.get(_fold(str(agency_text))) if agency_text is not None else None
        if agency_text is not None and agency is None:
            self.fail("agency", f"unknown agency {agency_text!r}")
        status_text = self.raw("status")
        status = self._status(str(status_text)) if status_text is not None else None
        procedure, holder = self.raw("procedure"), self.raw("holder")
        received, due = self.moment("received_at"), self.moment("due_at")
        resolved, returned = self.moment("resolved_at"), self.moment("returned_at")
        if (
            self.problems
            or code is None
            or agency is None
            or status is None
            or received is None
            or due is None
            or procedure is None
            or holder is None
        ):
            return None
        return Dossier(
            code, str(procedure), agency, str(holder), received, due, status, resolved, returned
        )

    def _status(self, text: str) -> DossierStatus | None:
        for word, status in self.settings.statuses.items():
            if _fold(word) == _fold(text):
                return status
        try:
            return DossierStatus(text)
        except ValueError:
            self.fail("status", f"unknown status {text!r}")
            return None


def _aware(moment: datetime, timezone: tzinfo) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone)


def agency_lookup(site: Site, settings: DossierSettings) -> dict[str, str]:
    """Every way an export may name an agency -> the site's agency id."""
    names = {_fold(a.id): a.id for a in site.agencies}
    names.update({_fold(a.name): a.id for a in site.agencies})
    names.update({_fold(k): v for k, v in settings.agencies.items()})
    return names


def parse_dossiers(
    rows: Iterable[Row], site: Site, settings: DossierSettings, source: str = "file"
) -> list[Dossier]:
    """All rows as dossiers, or DossierImportError naming every bad row (nothing taken)."""
    agencies = agency_lookup(site, settings)
    dossiers: list[Dossier] = []
    problems: list[RowProblem] = []
    seen: dict[str, str] = {}
    for label, row in rows:
        reader = _RowReader(label, row, settings, site.timezone, agencies)
        dossier = reader.dossier()
        problems.extend(reader.problems)
        if dossier is None:
            continue
        if dossier.code in seen:
            problems.append(
                RowProblem(
                    label,
                    settings.columns["code"],
                    f"{dossier.code} is also on {seen[dossier.code]}",
                )
            )
            continue
        seen[dossier.code] = label
        dossiers.append(dossier)
    if problems:
        raise DossierImportError(problems, source)
    return dossiers
