"""Fixtures of the printers tests: fake devices on real ptys and sockets, sample data."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from printers import PrintableTicket, TicketSite
from tests.printers import samples
from tests.printers.fakes import READY, PtyPrinter, TcpPrinter


@pytest.fixture
def ticket() -> PrintableTicket:
    return samples.ticket()


@pytest.fixture
def site() -> TicketSite:
    return samples.SITE


@pytest.fixture
def make_pty() -> Iterator[Callable[..., PtyPrinter]]:
    """Make a serial printer on a pseudo-terminal: ``make_pty(answers)``."""
    devices: list[PtyPrinter] = []

    def make(answers: dict[int, int] | None = READY) -> PtyPrinter:
        devices.append(PtyPrinter(answers))
        return devices[-1]

    yield make
    for device in devices:
        device.close()


@pytest.fixture
def make_tcp() -> Iterator[Callable[..., TcpPrinter]]:
    """Make a network printer on 127.0.0.1: ``make_tcp(answers, reads=True)``."""
    devices: list[TcpPrinter] = []

    def make(answers: dict[int, int] | None = READY, *, reads: bool = True) -> TcpPrinter:
        devices.append(TcpPrinter(answers, reads=reads))
        return devices[-1]

    yield make
    for device in devices:
        device.close()
