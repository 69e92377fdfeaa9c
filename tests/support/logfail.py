"""A test fails when something logs a WARNING or worse that the test did not expect.

After qutebrowser's ``tests/helpers/logfail.py``: a record is expected when the test lowered
its logger (or a parent, not the root) to exactly the record's level with
``caplog.at_level(logging.WARNING, logger="ui_common.sound")``. Records are collected from
every thread (servers, writers, Qt workers) and judged when the test ends, because raising
inside ``Handler.emit`` on another thread would be swallowed by the logging module.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator

import pytest


def _expected(record: logging.LogRecord) -> bool:
    name = record.name
    while name:
        if logging.getLogger(name).level == record.levelno:
            return True
        name = name.rpartition(".")[0]
    return False


class LogFailHandler(logging.Handler):
    """Keeps every unexpected record at WARNING or above until the test ends."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self._lock = threading.Lock()
        self.unexpected: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if not _expected(record):
            with self._lock:
                self.unexpected.append(record)

    def take(self) -> list[logging.LogRecord]:
        with self._lock:
            taken, self.unexpected = self.unexpected, []
        return taken


def describe(record: logging.LogRecord) -> str:
    text = f"{record.levelname} {record.name}: {record.getMessage()}"
    if record.exc_info and record.exc_info[1] is not None:
        text += f" ({record.exc_info[1]!r})"
    return text


@pytest.fixture(autouse=True)
def fail_on_unexpected_logs() -> Iterator[LogFailHandler]:
    handler = LogFailHandler()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
    unexpected = handler.take()
    if unexpected:
        pytest.fail(
            "logged without the test expecting it:\n"
            + "\n".join(f"  {describe(r)}" for r in unexpected),
            pytrace=False,
        )
