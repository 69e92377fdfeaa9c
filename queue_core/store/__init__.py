"""The queue's durable state in SQLite (through sqlite-utils): schema, commands, event log.

This is the store's whole public surface; its modules are private to it (a rule that
tests/test_architecture.py checks). ``Store`` runs the queue's commands and reads its state;
beside it, the functions that work on its connection inside a transaction (accounts, devices
and sessions, supervisors' audited changes, the audit log), the figures over a range of days,
and the database as a file: its backups (taken, listed, kept; the serving core's scheduler),
the lock a serving core holds on it; what is past the site's retention, taken out; and what
`luot-core doctor` reads of it, read-only.
"""

from queue_core.errors import StoreError
from queue_core.store.accounts import (
    Account,
    PinCheck,
    add_staff,
    check_pin,
    get_account,
    list_accounts,
    min_pin_digits,
    stored_pin_hash,
    verify_pin,
)
from queue_core.store.admin import (
    assign_counter,
    assigned_counters,
    assignments,
    check_counter_sign_in,
    create_staff,
    disable_staff,
    pairing_code_audited,
    rename_device,
    reset_pin,
    revoke_device_audited,
)
from queue_core.store.audit import (
    AuditEntry,
    audit_entries,
    counter_services,
    pending_notices,
)
from queue_core.store.audit import record as record_audit
from queue_core.store.backup import (
    BackupFile,
    Copied,
    backup_folder,
    list_backups,
    plan_of,
    prune_backups,
    stored_site,
    take_backup,
    verify_copy,
)
from queue_core.store.bookings import (
    SlotRoom,
    bookings_of_day,
    get_booking,
    missed_due,
    slots_of_day,
)
from queue_core.store.bookings import book as book_slot
from queue_core.store.database import BUSY_TIMEOUT_MS, latest_schema, schema_of, upgrade
from queue_core.store.devices import (
    CONSOLE_IDLE,
    CONSOLE_LONGEST,
    Device,
    DeviceRole,
    Principal,
    SessionKind,
    authenticate,
    create_pairing_code,
    end_session,
    list_devices,
    open_session,
    pair_device,
    record_heartbeat,
    revoke_device,
    sign_in_addresses,
    touch_session,
)
from queue_core.store.estimate import EstimateState
from queue_core.store.figures import (
    MAX_DAYS,
    GroupBy,
    booking_facts,
    booking_figures,
    percentile,
    stats,
    target_minutes,
    too_long,
)
from queue_core.store.handlers.bookings import CheckedIn
from queue_core.store.health import (
    database_bytes,
    integrity_problems,
    paired_devices,
    served_by,
)
from queue_core.store.records import from_db_time, row_to_ticket, to_db_time
from queue_core.store.restore import Restored, restore_backup
from queue_core.store.results import Outcome, TicketView
from queue_core.store.retention import Removed, remove_expired, retention_of
from queue_core.store.scheduler import BackupScheduler
from queue_core.store.schema import describe, pending
from queue_core.store.serving import DatabaseLock
from queue_core.store.store import Store
from queue_core.store.texts import (
    REMOTE,
    QueuedText,
    ask_for_texts,
    open_subscriptions,
    queue_reply,
    queue_text,
    remote_tickets_of,
    text_failed,
    text_sent,
    texts_due_now,
    texts_of_day,
    ticket_numbered,
)

__all__ = [
    "BUSY_TIMEOUT_MS",
    "CONSOLE_IDLE",
    "CONSOLE_LONGEST",
    "MAX_DAYS",
    "REMOTE",
    "Account",
    "AuditEntry",
    "BackupFile",
    "BackupScheduler",
    "CheckedIn",
    "Copied",
    "DatabaseLock",
    "Device",
    "DeviceRole",
    "EstimateState",
    "GroupBy",
    "Outcome",
    "PinCheck",
    "Principal",
    "QueuedText",
    "Removed",
    "Restored",
    "SessionKind",
    "SlotRoom",
    "Store",
    "StoreError",
    "TicketView",
    "add_staff",
    "ask_for_texts",
    "assign_counter",
    "assigned_counters",
    "assignments",
    "audit_entries",
    "authenticate",
    "backup_folder",
    "book_slot",
    "booking_facts",
    "booking_figures",
    "bookings_of_day",
    "check_counter_sign_in",
    "check_pin",
    "counter_services",
    "create_pairing_code",
    "create_staff",
    "database_bytes",
    "describe",
    "disable_staff",
    "end_session",
    "from_db_time",
    "get_account",
    "get_booking",
    "integrity_problems",
    "latest_schema",
    "list_accounts",
    "list_backups",
    "list_devices",
    "min_pin_digits",
    "missed_due",
    "open_session",
    "open_subscriptions",
    "pair_device",
    "paired_devices",
    "pairing_code_audited",
    "pending",
    "pending_notices",
    "percentile",
    "plan_of",
    "prune_backups",
    "queue_reply",
    "queue_text",
    "record_audit",
    "record_heartbeat",
    "remote_tickets_of",
    "remove_expired",
    "rename_device",
    "reset_pin",
    "restore_backup",
    "retention_of",
    "revoke_device",
    "revoke_device_audited",
    "row_to_ticket",
    "schema_of",
    "served_by",
    "sign_in_addresses",
    "slots_of_day",
    "stats",
    "stored_pin_hash",
    "stored_site",
    "take_backup",
    "target_minutes",
    "text_failed",
    "text_sent",
    "texts_due_now",
    "texts_of_day",
    "ticket_numbered",
    "to_db_time",
    "too_long",
    "touch_session",
    "upgrade",
    "verify_copy",
    "verify_pin",
]
