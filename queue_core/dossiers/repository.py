"""Dossiers in SQLite: saved whole or not at all, looked up by code, counted per agency."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from queue_core.domain.dossiers import Dossier, DossierStatus, Timeliness
from queue_core.store import from_db_time, to_db_time

_COLUMNS = (
    "code",
    "procedure",
    "agency_id",
    "holder_name",
    "received_at",
    "due_at",
    "status",
    "resolved_at",
    "returned_at",
)


@dataclass(frozen=True)
class ImportSummary:
    added: int
    changed: int
    unchanged: int
    saved: tuple[Dossier, ...] = field(default=(), compare=False, repr=False)
    """The dossiers added or changed, in the file's order."""


@dataclass(frozen=True)
class StoredDossier:
    dossier: Dossier
    updated_at: datetime
    """When the source last told us something new about it."""


@dataclass(frozen=True)
class AgencyFigures:
    agency_id: str
    received: int
    resolved: int
    early: int
    on_time: int
    late: int

    @property
    def on_time_share(self) -> float | None:
        """Resolved early or on time, as a share of those resolved."""
        return (self.early + self.on_time) / self.resolved if self.resolved else None


def _row(dossier: Dossier) -> tuple[str | None, ...]:
    def moment(value: datetime | None) -> str | None:
        return None if value is None else to_db_time(value)

    return (
        dossier.code,
        dossier.procedure,
        dossier.agency_id,
        dossier.holder_name,
        moment(dossier.received_at),
        moment(dossier.due_at),
        dossier.status.value,
        moment(dossier.resolved_at),
        moment(dossier.returned_at),
    )


def _dossier(row: sqlite3.Row | tuple[object, ...]) -> Dossier:
    values = dict(zip(_COLUMNS, row, strict=False))

    def moment(name: str) -> datetime | None:
        value = values[name]
        return None if value is None else from_db_time(str(value))

    return Dossier(
        code=str(values["code"]),
        procedure=str(values["procedure"]),
        agency_id=str(values["agency_id"]),
        holder_name=str(values["holder_name"] or ""),
        received_at=moment("received_at"),  # type: ignore[arg-type]
        due_at=moment("due_at"),  # type: ignore[arg-type]
        status=DossierStatus(values["status"]),
        resolved_at=moment("resolved_at"),
        returned_at=moment("returned_at"),
    )


def save_dossiers(
    conn: sqlite3.Connection, dossiers: Iterable[Dossier], now: datetime
) -> ImportSummary:
    """Insert new dossiers and update changed ones; an unchanged one is not touched.

    Call inside the store's transaction, so that a file is taken whole or not at all.
    """
    added = changed = unchanged = 0
    saved: list[Dossier] = []
    stamp = to_db_time(now)
    placeholders = ", ".join("?" for _ in _COLUMNS)
    for dossier in dossiers:
        row = _row(dossier)
        current = conn.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM dossiers WHERE code = ?", (dossier.code,)
        ).fetchone()
        if current is not None and tuple(current) == row:
            unchanged += 1
            continue
        conn.execute(
            f"INSERT OR REPLACE INTO dossiers({', '.join(_COLUMNS)}, updated_at) "
            f"VALUES ({placeholders}, ?)",
            (*row, stamp),
        )
        saved.append(dossier)
        if current is None:
            added += 1
        else:
            changed += 1
    return ImportSummary(added, changed, unchanged, tuple(saved))


def get_dossier(conn: sqlite3.Connection, code: str) -> StoredDossier | None:
    row = conn.execute(
        f"SELECT {', '.join(_COLUMNS)}, updated_at FROM dossiers WHERE code = ?", (code,)
    ).fetchone()
    if row is None:
        return None
    return StoredDossier(_dossier(row[:-1]), from_db_time(row[-1]))


def agency_figures(
    conn: sqlite3.Connection, start: datetime, end: datetime, now: datetime, timezone: tzinfo
) -> dict[str, AgencyFigures]:
    """Per agency: dossiers received in [start, end), and those resolved in it, by timeliness."""
    tallies: dict[str, dict[str, int]] = {}

    def tally(agency: str) -> dict[str, int]:
        return tallies.setdefault(
            agency, dict.fromkeys(("received", "resolved", "early", "on_time", "late"), 0)
        )

    lo, hi = to_db_time(start), to_db_time(end)
    for (agency,) in conn.execute(
        "SELECT agency_id FROM dossiers WHERE received_at >= ? AND received_at < ?", (lo, hi)
    ):
        tally(agency)["received"] += 1
    rows = conn.execute(
        f"SELECT {', '.join(_COLUMNS)} FROM dossiers WHERE resolved_at >= ? AND resolved_at < ?",
        (lo, hi),
    ).fetchall()
    for row in rows:
        dossier = _dossier(row)
        if not dossier.status.resolved:
            continue
        counts = tally(dossier.agency_id)
        counts["resolved"] += 1
        timeliness = dossier.timeliness(now, timezone)
        if timeliness in (Timeliness.EARLY, Timeliness.ON_TIME, Timeliness.LATE):
            counts[timeliness.value] += 1
    return {agency: AgencyFigures(agency, **counts) for agency, counts in sorted(tallies.items())}


def ready_codes(
    conn: sqlite3.Connection, agency_id: str | None = None, limit: int = 200
) -> list[str]:
    """Codes whose result waits to be collected (codes only: the board shows no names)."""
    where, params = "status = ?", [DossierStatus.READY.value]
    if agency_id is not None:
        where += " AND agency_id = ?"
        params.append(agency_id)
    rows = conn.execute(
        f"SELECT code FROM dossiers WHERE {where} ORDER BY resolved_at, code LIMIT ?",
        (*params, limit),
    )
    return [code for (code,) in rows]
