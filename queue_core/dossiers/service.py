"""What the core does with dossiers: import an export, pull the e-system, answer a lookup."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from queue_core.domain import retention_limits
from queue_core.domain.dossiers import Dossier, changed_event, mask_name, normalise_code
from queue_core.domain.retention import holder_name_kept
from queue_core.dossiers.importer import json_rows, parse_dossiers, read_rows
from queue_core.dossiers.repository import ImportSummary, get_dossier, save_dossiers
from queue_core.dossiers.settings import DossierSettings
from queue_core.shapes import local_time, named_json
from queue_core.store import Store, record_audit, retention_of

PULL_OK = "dossiers_last_pull"
PULL_ERROR = "dossiers_last_error"


def settings_of(store: Store) -> DossierSettings:
    settings = store.site.extra["dossiers"]
    assert isinstance(settings, DossierSettings)
    return settings


def import_file(store: Store, path: Path, now: datetime, actor: str = "") -> ImportSummary:
    """Take a whole export, or nothing (DossierImportError names every bad row); ``actor``,
    when given, goes into the audit log with what it changed."""
    dossiers = parse_dossiers(read_rows(path), store.site, settings_of(store), str(path))
    return _save(store, dossiers, now, actor, str(path))


def import_json_text(store: Store, text: str, now: datetime, source: str) -> ImportSummary:
    dossiers = parse_dossiers(json_rows(text, source), store.site, settings_of(store), source)
    return _save(store, dossiers, now)


def _save(
    store: Store, dossiers: list[Dossier], now: datetime, actor: str = "", source: str = ""
) -> ImportSummary:
    site = store.site
    # A name past the site's retention is not taken back in: the day's end blanked it once.
    kept = retention_limits(
        retention_of(site), site.business_day(now), site.day_reset_hour, site.timezone
    )
    dossiers = [holder_name_kept(dossier, kept) for dossier in dossiers]
    with store.transaction() as conn:
        summary = save_dossiers(conn, dossiers, now)
        # in the log, which the province is shipped: its dossier figures come from these
        store.append_events([changed_event(dossier, now) for dossier in summary.saved])
        if actor:
            detail = (
                f"{summary.added} new, {summary.changed} changed, {summary.unchanged} unchanged"
            )
            record_audit(conn, now, actor, "dossiers.import", source, None, None, detail)
        return summary


@dataclass(frozen=True)
class PullStatus:
    last_success: str | None
    last_error: str | None


def record_pull(store: Store, now: datetime, error: str | None) -> None:
    """Keep when the last pull worked and what the last failure said."""
    with store.transaction() as conn:
        if error is None:
            conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (PULL_OK, now.isoformat()))
            conn.execute("DELETE FROM meta WHERE key = ?", (PULL_ERROR,))
        else:
            conn.execute(
                "INSERT OR REPLACE INTO meta VALUES (?, ?)",
                (PULL_ERROR, json.dumps({"at": now.isoformat(), "error": error})),
            )


def pull_status(store: Store) -> PullStatus:
    rows = dict(
        store.conn.execute(
            "SELECT key, value FROM meta WHERE key IN (?, ?)", (PULL_OK, PULL_ERROR)
        ).fetchall()
    )
    error = rows.get(PULL_ERROR)
    if error is not None:
        body = json.loads(error)
        error = f"{body['at']}: {body['error']}"
    return PullStatus(rows.get(PULL_OK), error)


def public_answer(store: Store, code_text: str, now: datetime) -> dict[str, Any] | None:
    """A dossier as anyone may see it (holder masked), or None for unknown and malformed alike."""
    code = normalise_code(code_text)
    stored = get_dossier(store.conn, code) if code else None
    if stored is None:
        return None
    dossier, site = stored.dossier, store.site
    settings = settings_of(store)
    ready = dossier.status.value == "ready"
    result_counters = (
        [c.number for c in site.counters_serving(settings.result_service)]
        if ready and settings.result_service
        else []
    )
    return {
        "code": dossier.code,
        "procedure": dossier.procedure,
        "agency": named_json(dossier.agency_id, site.agency(dossier.agency_id)),
        "holder": mask_name(dossier.holder_name),
        "status": dossier.status.value,
        "status_text": dossier.status.words_vi,
        "status_text_en": dossier.status.words_en,
        "received_at": local_time(site, dossier.received_at),
        "due_at": local_time(site, dossier.due_at),
        "resolved_at": local_time(site, dossier.resolved_at),
        "returned_at": local_time(site, dossier.returned_at),
        "timeliness": dossier.timeliness(now, site.timezone).value,
        "ready": ready,
        "result": {
            "service": settings.result_service,
            "counters": result_counters,
            "bring": settings.bring,
            "bring_en": settings.bring_en,
        }
        if ready
        else None,
        "updated_at": local_time(site, stored.updated_at),
    }
