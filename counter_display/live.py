"""What a counter's apps read of the core, and the live connection that keeps it fresh."""

from __future__ import annotations

import asyncio

from queue_core.client import AgencyInfo, Board, CoreClient
from ui_common.bridge import CoreBridge
from ui_common.live import LiveConnection
from ui_common.qt import QObject

__all__ = ["CounterRead", "counter_connection", "read_counter"]

CounterRead = tuple[Board, list[AgencyInfo]]
"""The board (the counters, the site's rules) and the services (their names, who waits)."""


async def read_counter(core: CoreClient) -> CounterRead:
    board, agencies = await asyncio.gather(core.board(), core.services())
    return board, agencies


def counter_connection(
    bridge: CoreBridge, parent: QObject | None = None
) -> LiveConnection[CounterRead]:
    """The connection of a counter's panel or display; the two share one on one bridge."""
    return LiveConnection(bridge, read_counter, lambda read: read[0].seq, parent=parent)
