"""The tests' core: ``harness.server``'s, serving the small test site unless told otherwise, and
the pytest fixture ``core_server`` (import it into a conftest.py:
``from tests.support.server import core_server  # noqa: F401``), a CoreServer on the small test
site (always open) with a clerk ``lan`` (PIN 1234, for any counter) and a supervisor ``boss``
(PIN 999999)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path

import pytest

from harness.server import DEFAULT_STAFF, CoreServer
from harness.server import running_core as serve
from tests.queue_core.conftest import SMALL_SITE

__all__ = ["CoreServer", "core_server", "running_core"]


def running_core(
    directory: Path,
    site_toml: str | None = SMALL_SITE,
    staff: Iterable[tuple[str, str, str]] = DEFAULT_STAFF,
    port: int | None = None,
    clock: tuple[datetime, float] | None = None,
    tls: bool = False,
    extra: Sequence[str] = (),
) -> AbstractContextManager[CoreServer]:
    """``harness.server.running_core`` on the small test site by default."""
    return serve(directory, site_toml, staff, port, clock, tls, extra)


@pytest.fixture
def core_server(tmp_path: Path) -> Iterator[CoreServer]:
    with running_core(tmp_path) as server:
        yield server
