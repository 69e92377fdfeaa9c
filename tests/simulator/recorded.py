"""A recorded day for the replay's tests: commands at minutes after opening, in a real store."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

from queue_core.domain import Command, Site
from tests.queue_core.conftest import MORNING, open_store


def record_day(db: Path, steps: Sequence[tuple[float, Command]]) -> Site:
    """Run each command at its minute after the test morning; the site it ran under."""
    store = open_store(db)
    try:
        for minute, command in steps:
            store.execute(command, MORNING + timedelta(minutes=minute))
        return store.site
    finally:
        store.close()
