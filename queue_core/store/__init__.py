"""The queue's durable state in SQLite (through sqlite-utils): schema, commands, event log."""

from queue_core.errors import StoreError
from queue_core.store.results import Outcome, TicketView
from queue_core.store.store import Store

__all__ = ["Outcome", "Store", "StoreError", "TicketView"]
