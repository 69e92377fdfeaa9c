"""The domain's lane rule (``domain.calling``) written as SQL over the tickets table.

Every query that orders waiting tickets the way a counter calls them is built from here:
the heads of the lanes a call chooses from, who is ahead of a ticket, the waiting counts
kept per lane, the list a counter's panel shows. tests/queue_core/test_lanes.py holds this
SQL to the domain's functions on random queues.

The ``waiting_counts`` triggers (migration 1, made again by migration 8) are made from
``lane_sql`` too: a change to the
rule needs a migration that re-creates them, or a database made before it keeps counting the
old lanes.
"""

from __future__ import annotations

from queue_core.domain import Lane

_IN_LANE = {
    Lane.DIRECTED: "{t}target_counter IS NOT NULL",
    Lane.FRONT: "{t}target_counter IS NULL AND {t}front = 1",
    Lane.APPOINTMENT: "{t}target_counter IS NULL AND {t}front = 0 "
    "AND {t}appointment_at IS NOT NULL",
    Lane.PRIORITY: "{t}target_counter IS NULL AND {t}front = 0 AND {t}priority = 1 "
    "AND {t}appointment_at IS NULL",
    Lane.NORMAL: "{t}target_counter IS NULL AND {t}front = 0 AND {t}priority = 0 "
    "AND {t}appointment_at IS NULL",
}
"""Which rows stand in each lane: ``domain.calling.lane`` as a condition on the columns."""

QUEUE_ORDER = "queue_at, id"
"""``domain.calling.queue_order``: oldest first by the moment its place counts from."""


def in_lane(lane: Lane, table: str = "") -> str:
    """The condition that a row of ``tickets`` (or of ``table``, e.g. a trigger's NEW) is in
    ``lane``; written so that the lane's head is one seek in the ``ticket_queue`` index."""
    return _IN_LANE[lane].format(t=f"{table}." if table else "")


def lane_sql(table: str = "") -> str:
    """A row's lane as a number, ``Lane``'s value."""
    cases = " ".join(f"WHEN {in_lane(lane, table)} THEN {lane.value}" for lane in Lane)
    return f"CASE {cases} END"


def called_before(table: str = "") -> str:
    """The condition that a row is called before the ticket whose lane, queue time and id are
    the parameters ``:lane``, ``:queue_at`` and ``:id`` (``domain.calling.calling_order``)."""
    lane = lane_sql(table)
    t = f"{table}." if table else ""
    return (
        f"({lane} < :lane OR ({lane} = :lane AND ({t}queue_at < :queue_at "
        f"OR ({t}queue_at = :queue_at AND {t}id < :id))))"
    )


def waits_for(services: int) -> str:
    """The condition that a row waits for the counter ``:counter`` serving the services
    ``:s0`` … (``domain.calling.waits_for``): sent to it, or of one of its services."""
    listed = ", ".join(f":s{i}" for i in range(services)) or "NULL"
    return f"(target_counter = :counter OR (target_counter IS NULL AND service_id IN ({listed})))"


CALLING_ORDER = f"{lane_sql()}, {QUEUE_ORDER}"
"""ORDER BY this: lane, then oldest first (the priority ratio aside)."""
