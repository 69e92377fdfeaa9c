"""The database's schema, created and migrated in code, one numbered step at a time."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

from queue_core.errors import MaintenanceError
from queue_core.store.lanes import lane_sql

Migration = Callable[[sqlite_utils.Database], None]


def _v1_queue(db: sqlite_utils.Database) -> None:
    """The queue: the site's tables, tickets, the event log, numbering, counters' state."""
    db.table("meta").create({"key": str, "value": str}, pk="key")
    db.table("site_source").create({"id": int, "toml": str, "imported_at": str}, pk="id")
    db.table("agencies").create({"id": str, "name": str, "name_en": str, "ord": int}, pk="id")
    db.table("services").create(
        {"id": str, "agency_id": str, "name": str, "name_en": str, "target_wait_minutes": int},
        pk="id",
    )
    db.table("counters").create(
        {"number": int, "name": str, "services": str, "zone": str}, pk="number"
    )
    db.table("staff").create(
        {
            "username": str,
            "display_name": str,
            "role": str,
            "title": str,
            "pin_hash": str,
            "active": int,
            "failed_pins": int,
            "locked_until": str,
        },
        pk="username",
        defaults={"active": 1, "failed_pins": 0},
    )
    db.table("tickets").create(
        {
            "id": int,
            "number": str,
            "service_id": str,
            "agency_id": str,
            "issued_service_id": str,
            "business_day": str,
            "issued_at": str,
            "queue_at": str,
            "public_token": str,
            "status": str,
            "priority": int,
            "priority_kind": str,
            "channel": str,
            "lang": str,
            "front": int,
            "target_counter": int,
            "counter": int,
            "staff": str,
            "called_at": str,
            "first_called_at": str,
            "started_at": str,
            "finished_at": str,
            "recalls": int,
            "transfers": int,
            "transferred_from": str,
            "estimate_minutes": int,
            "ahead_at_issue": int,
            "rating": int,
            "rating_reason": str,
        },
        pk="id",
        not_null={"number", "service_id", "business_day", "issued_at", "status", "public_token"},
    )
    db.table("tickets").create_index(
        ["issued_service_id", "business_day", "number"], unique=True, index_name="ticket_number"
    )
    db.table("tickets").create_index(["public_token"], unique=True, index_name="ticket_token")
    # A queue's head per lane is one index seek: (service, day, lane flags) in queue order.
    db.table("tickets").create_index(
        ["status", "service_id", "business_day", "front", "priority", "queue_at", "id"],
        index_name="ticket_queue",
    )
    # The day's figures for boards and reports read one day, not the whole history.
    db.table("tickets").create_index(["business_day", "service_id"], index_name="ticket_day")
    db.execute(
        "CREATE INDEX ticket_directed ON tickets(target_counter, queue_at, id) "
        "WHERE target_counter IS NOT NULL"
    )
    _waiting_counts(db)
    db.table("events").create(
        {"seq": int, "type": str, "at": str, "ticket_id": int, "counter": int, "body": str},
        pk="seq",
        not_null={"type", "at", "body"},
    )
    db.table("numbering").create(
        {"service_id": str, "business_day": str, "last_value": int, "issued": int},
        pk=("service_id", "business_day"),
    )
    db.table("counter_status").create(
        {
            "number": int,
            "state": str,
            "ticket_id": int,
            "staff": str,
            "priority_streak": int,
            "since": str,
        },
        pk="number",
    )
    db.table("service_times").create(
        {"service_id": str, "average_minutes": float, "samples": int}, pk="service_id"
    )
    db.table("service_closures").create(
        {"service_id": str, "business_day": str, "reason": str}, pk=("service_id", "business_day")
    )


def _waiting_counts(db: sqlite_utils.Database) -> None:
    """How many wait, per service, day and lane, kept by triggers as tickets change.

    An issue reads "people ahead" from here in one seek, however long the queue; the
    triggers keep it right whichever command moved a ticket.
    """
    db.execute(
        "CREATE TABLE waiting_counts (service_id TEXT NOT NULL, business_day TEXT NOT NULL, "
        "lane INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (service_id, business_day, lane))"
    )
    enter = (
        "INSERT INTO waiting_counts VALUES (NEW.service_id, NEW.business_day, {lane}, 1) "
        "ON CONFLICT (service_id, business_day, lane) DO UPDATE SET n = n + 1;"
    ).format(lane=lane_sql("NEW"))
    leave = (
        "UPDATE waiting_counts SET n = n - 1 WHERE service_id = OLD.service_id "
        "AND business_day = OLD.business_day AND lane = {lane};"
    ).format(lane=lane_sql("OLD"))
    db.execute(
        "CREATE TRIGGER waiting_on_insert AFTER INSERT ON tickets "
        f"WHEN NEW.status = 'waiting' BEGIN {enter} END"
    )
    db.execute(
        "CREATE TRIGGER waiting_on_leave AFTER UPDATE ON tickets "
        f"WHEN OLD.status = 'waiting' BEGIN {leave} END"
    )
    db.execute(
        "CREATE TRIGGER waiting_on_enter AFTER UPDATE ON tickets "
        f"WHEN NEW.status = 'waiting' BEGIN {enter} END"
    )
    db.execute(
        "CREATE TRIGGER waiting_on_delete AFTER DELETE ON tickets "
        f"WHEN OLD.status = 'waiting' BEGIN {leave} END"
    )


def _v2_devices(db: sqlite_utils.Database) -> None:
    """Pairing codes, paired devices and staff sessions: secrets kept only as hashes."""
    db.table("pairing_codes").create(
        {
            "code_hash": str,
            "role": str,
            "name": str,
            "created_at": str,
            "expires_at": str,
            "used_at": str,
        },
        pk="code_hash",
        not_null={"role", "created_at", "expires_at"},
    )
    db.table("devices").create(
        {
            "id": int,
            "name": str,
            "role": str,
            "token_hash": str,
            "paired_at": str,
            "revoked_at": str,
            "last_seen": str,
            "version": str,
            "uptime_seconds": int,
            "printer": str,
        },
        pk="id",
        not_null={"name", "role", "token_hash", "paired_at"},
    )
    db.table("devices").create_index(["token_hash"], unique=True, index_name="device_token")
    db.table("sessions").create(
        {
            "token_hash": str,
            "username": str,
            "counter": int,
            "started_at": str,
            "ended_at": str,
        },
        pk="token_hash",
        not_null={"username", "started_at"},
    )


def _v3_dossiers(db: sqlite_utils.Database) -> None:
    """Dossiers as the one-stop e-system last reported them (Lượt reads them, never owns them)."""
    db.table("dossiers").create(
        {
            "code": str,
            "procedure": str,
            "agency_id": str,
            "holder_name": str,
            "received_at": str,
            "due_at": str,
            "status": str,
            "resolved_at": str,
            "returned_at": str,
            "updated_at": str,
        },
        pk="code",
        not_null={"procedure", "agency_id", "received_at", "due_at", "status", "updated_at"},
    )
    db.table("dossiers").create_index(["agency_id", "received_at"], index_name="dossier_agency")
    db.table("dossiers").create_index(["status"], index_name="dossier_status")


def _v4_audit(db: sqlite_utils.Database) -> None:
    """The console: the audit log, live alerts, counters' services, scheduled notices."""
    db.table("audit").create(
        {
            "id": int,
            "at": str,
            "actor": str,
            "action": str,
            "target": str,
            "detail": str,
            "before": str,
            "after": str,
        },
        pk="id",
        not_null={"at", "actor", "action"},
    )
    db.table("alerts").create(
        {
            "key": str,
            "kind": str,
            "subject": str,
            "message": str,
            "message_en": str,
            "raised_at": str,
        },
        pk="key",
        not_null={"kind", "raised_at"},
    )
    db.table("counter_services").create({"number": int, "services": str}, pk="number")
    db.table("scheduled_notices").create(
        {"id": int, "text": str, "show_at": str, "hide_at": str, "shown": int, "done": int},
        pk="id",
        not_null={"text", "show_at"},
        defaults={"shown": 0, "done": 0},
    )


def _v5_sessions(db: sqlite_utils.Database) -> None:
    """Sessions that end: their kind, day, latest end, last use, address and PIN's stamp.

    A session opened before this step has no end but its own: it is over at once (its
    ``expires_at`` is its start), and its staff member signs in again. The staff table's
    ``failed_pins`` and ``locked_until`` are no longer used: the API counts wrong PINs by
    account and by address (``api/guards.py``).
    """
    sessions = db.table("sessions")
    for column in ("kind", "business_day", "expires_at", "last_used_at", "address", "pin_stamp"):
        sessions.add_column(column, str)
    sessions.add_column("ended_reason", str)
    db.execute(
        "UPDATE sessions SET kind = 'counter', expires_at = started_at, "
        "business_day = substr(started_at, 1, 10)"
    )
    sessions.create_index(["counter"], index_name="session_counter")
    sessions.create_index(["username", "started_at"], index_name="session_staff")


def _v6_counter_staff(db: sqlite_utils.Database) -> None:
    """Who works where: a counter display's counter, and clerks assigned to a counter for a day.

    A display paired before this step is a ``counter`` device with no counter: it rates no
    ticket until it is paired again with ``luot-core pair --role counter-display --counter N``.
    """
    db.table("pairing_codes").add_column("counter", int)
    db.table("devices").add_column("counter", int)
    db.table("counter_assignments").create(
        {
            "business_day": str,
            "counter": int,
            "username": str,
            "assigned_by": str,
            "assigned_at": str,
        },
        pk=("business_day", "counter", "username"),
        not_null={"assigned_by", "assigned_at"},
    )
    db.table("counter_assignments").create_index(
        ["username", "business_day"], index_name="assignment_staff"
    )


def _v7_sms(db: sqlite_utils.Database) -> None:
    """Texts to citizens' phones: who asked for them (the number kept for the business day only)
    and each text queued, sent or failed, with its tries."""
    db.table("sms_requests").create(
        {
            "ticket_id": int,
            "business_day": str,
            "phone": str,
            "lang": str,
            "asked_by": str,
            "asked_at": str,
            "near_sent": int,
            "called_sent": int,
        },
        pk="ticket_id",
        not_null={"business_day", "lang", "asked_by", "asked_at"},
        defaults={"near_sent": 0, "called_sent": 0},
    )
    db.table("sms_messages").create(
        {
            "id": int,
            "ticket_id": int,
            "business_day": str,
            "phone": str,
            "kind": str,
            "text": str,
            "state": str,
            "attempts": int,
            "queued_at": str,
            "next_try_at": str,
            "sent_at": str,
            "last_error": str,
        },
        pk="id",
        not_null={"ticket_id", "business_day", "kind", "text", "state", "queued_at"},
        defaults={"attempts": 0},
    )
    db.table("sms_messages").create_index(["state", "next_try_at"], index_name="sms_due")
    db.table("sms_messages").create_index(["business_day", "state"], index_name="sms_day")


def _v8_appointments(db: sqlite_utils.Database) -> None:
    """Appointments: bookings of a service's slots, and a booked holder's ticket in its lane.

    The lanes gained one (``Lane.APPOINTMENT``, numbered before the walk-ins'), so the
    ``waiting_counts`` triggers are made again from ``lane_sql`` and the counts taken again
    from the waiting tickets.
    """
    db.table("tickets").add_column("appointment_at", str)
    db.table("bookings").create(
        {
            "code": str,
            "service_id": str,
            "slot_at": str,
            "business_day": str,
            "holder_name": str,
            "phone": str,
            "booked_at": str,
            "source": str,
            "external_id": str,
            "status": str,
            "ticket_id": int,
            "checked_in_at": str,
            "closed_at": str,
            "cancel_reason": str,
        },
        pk="code",
        not_null={"service_id", "slot_at", "business_day", "holder_name", "booked_at", "status"},
    )
    db.table("bookings").create_index(["service_id", "slot_at"], index_name="booking_slot")
    db.table("bookings").create_index(["business_day", "status"], index_name="booking_day")
    db.execute(
        "CREATE UNIQUE INDEX booking_external ON bookings(source, external_id) "
        "WHERE external_id IS NOT NULL"
    )
    for name in ("waiting_on_insert", "waiting_on_leave", "waiting_on_enter", "waiting_on_delete"):
        db.execute(f"DROP TRIGGER {name}")
    db.execute("DROP TABLE waiting_counts")
    _waiting_counts(db)
    db.execute(
        "INSERT INTO waiting_counts SELECT service_id, business_day, "
        f"{lane_sql()}, count(*) FROM tickets WHERE status = 'waiting' GROUP BY 1, 2, 3"
    )


def _v9_remote_check_in(db: sqlite_utils.Database) -> None:
    """A ticket taken by text awaits its holder's check-in at a kiosk before it may be called."""
    db.table("tickets").add_column("awaiting_check_in", int, not_null_default=0)


MIGRATIONS: tuple[Migration, ...] = (
    _v1_queue,
    _v2_devices,
    _v3_dossiers,
    _v4_audit,
    _v5_sessions,
    _v6_counter_staff,
    _v7_sms,
    _v8_appointments,
    _v9_remote_check_in,
)
"""Each step runs once, in order; ``meta.schema_version`` counts the steps done. A new step
goes at the end; tests/data/ keeps a database of each release, and every later step is tested
from each of them (tests/queue_core/test_upgrades.py)."""

BeforeMigration = Callable[[int, int], Path]
"""Called with the version found and the one to reach, before any step runs; returns where it
put the copy of the database as it was."""


def schema_version(db: sqlite_utils.Database | sqlite3.Connection) -> int:
    conn = db.conn if isinstance(db, sqlite_utils.Database) else db
    found = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
    ).fetchone()
    if found is None:
        return 0
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


def describe(step: int) -> str:
    """``"5: what it does"``: a step (counted from 1) by the first line of its docstring."""
    migration = MIGRATIONS[step - 1]
    doc = (migration.__doc__ or migration.__name__).strip().splitlines()[0]
    return f"{step}: {doc}"


def pending(version: int) -> list[int]:
    """The steps that would run on a database at ``version``."""
    if version > len(MIGRATIONS):
        raise _too_new(version)
    return list(range(version + 1, len(MIGRATIONS) + 1))


def migrate(db: sqlite_utils.Database, before: BeforeMigration | None = None) -> int:
    """Bring the schema up to date inside one transaction; return the version reached.

    On a database that has a schema already, ``before`` first copies it as it was. A step
    that fails rolls the whole transaction back: the file is as it was (MaintenanceError
    ``migration_failed``).
    """
    conn = db.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = schema_version(db)
        steps = pending(version)
        copy = before(version, len(MIGRATIONS)) if steps and version and before else None
        for step in steps:
            try:
                MIGRATIONS[step - 1](db)
            except Exception as exc:
                kept = f"; a copy from before is {copy}" if copy else ""
                raise MaintenanceError(
                    "migration_failed",
                    f"Migration {describe(step)} failed: {exc}. The database is unchanged{kept}.",
                ) from exc
            conn.execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)",
                (str(step),),
            )
            version = step
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return version


def _too_new(version: int) -> MaintenanceError:
    return MaintenanceError(
        "schema_too_new",
        f"The database's schema ({version}) is newer than this Lượt's ({len(MIGRATIONS)}): "
        "run the release that wrote it, or a newer one.",
    )
