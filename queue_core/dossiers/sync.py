"""Pulling dossiers from the e-system's JSON every few minutes, without ever stopping the queue."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import httpx

from queue_core.dossiers.repository import ImportSummary
from queue_core.dossiers.service import import_json_text, record_pull, settings_of
from queue_core.errors import DossierImportError
from queue_core.store import Store

log = logging.getLogger("luot.dossiers")

PULL_TIMEOUT = 30.0


def pull_once(
    store: Store, source: str, now: datetime, timeout: float = PULL_TIMEOUT
) -> ImportSummary | None:
    """One pull: the whole answer imported, or nothing and the error kept for health."""
    try:
        response = httpx.get(source, timeout=timeout, follow_redirects=True)
        response.raise_for_status()
        summary = import_json_text(store, response.text, now, source)
    except httpx.HTTPError as exc:
        record_pull(store, now, f"{source}: {exc}")
        log.warning("dossier pull failed: %s: %s", source, exc)
        return None
    except DossierImportError as exc:
        first = exc.problems[0] if exc.problems else "?"
        record_pull(store, now, f"{source}: {len(exc.problems)} bad row(s), first: {first}")
        log.warning("dossier pull refused: %s", first)
        return None
    record_pull(store, now, None)
    log.info("dossiers pulled: %s new, %s changed", summary.added, summary.changed)
    return summary


async def pull_forever(db_path: Path, clock: Callable[[], datetime] | None = None) -> None:
    """The server's background task: pull at the site's interval until cancelled."""
    now = clock or (lambda: datetime.now(UTC))
    store = await asyncio.to_thread(Store.open, db_path)
    try:
        while True:
            settings = settings_of(store)
            if settings.source is None:
                return
            try:
                await asyncio.to_thread(pull_once, store, settings.source, now())
            except Exception:  # a bug here must not end the pulling, nor the server
                log.exception("dossier pull crashed")
            await asyncio.sleep(settings.pull_minutes * 60)
    finally:
        store.close()
