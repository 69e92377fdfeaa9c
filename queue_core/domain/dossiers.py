"""Dossiers as the one-stop e-system reports them: status in plain words, timeliness, privacy."""

from __future__ import annotations

import enum
import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from queue_core.domain.events import Event, EventType

CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9.\-]{4,39}$")


class DossierStatus(enum.StrEnum):
    PROCESSING = "processing"
    NEEDS_SUPPLEMENT = "needs_supplement"
    READY = "ready"
    RETURNED = "returned"
    REJECTED = "rejected"

    @property
    def words_vi(self) -> str:
        return _WORDS[self][0]

    @property
    def words_en(self) -> str:
        return _WORDS[self][1]

    @property
    def resolved(self) -> bool:
        return self in (DossierStatus.READY, DossierStatus.RETURNED, DossierStatus.REJECTED)


_WORDS = {
    DossierStatus.PROCESSING: ("Đang xử lý", "Being processed"),
    DossierStatus.NEEDS_SUPPLEMENT: ("Chờ bổ sung giấy tờ", "Waiting for more documents"),
    DossierStatus.READY: ("Đã có kết quả — chờ trả", "Result ready — waiting to be collected"),
    DossierStatus.RETURNED: ("Đã trả kết quả", "Result collected"),
    DossierStatus.REJECTED: ("Từ chối giải quyết", "Refused"),
}


class Timeliness(enum.StrEnum):
    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"
    PENDING = "pending"
    """Not resolved yet and not yet due."""
    OVERDUE = "overdue"
    """Not resolved and past its due time."""


@dataclass(frozen=True)
class Dossier:
    code: str
    procedure: str
    agency_id: str
    holder_name: str
    received_at: datetime
    due_at: datetime
    status: DossierStatus
    resolved_at: datetime | None = None
    returned_at: datetime | None = None

    def timeliness(self, now: datetime, timezone: tzinfo) -> Timeliness:
        """Resolved before the due day is early, on the due day on time, after it late.

        Days are the site's (``timezone``), not UTC's.
        """
        if self.resolved_at is None or not self.status.resolved:
            return Timeliness.OVERDUE if now > self.due_at else Timeliness.PENDING
        if self.resolved_at > self.due_at:
            return Timeliness.LATE
        if self.resolved_at.astimezone(timezone).date() < self.due_at.astimezone(timezone).date():
            return Timeliness.EARLY
        return Timeliness.ON_TIME


def _utc(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).isoformat(timespec="microseconds")


def dossier_key(code: str) -> str:
    """What the log calls a dossier: its code hashed (SHA-256, 32 hex digits), so that the
    stream every board reads, and the province, follow a dossier without its code."""
    return hashlib.sha256(code.encode()).hexdigest()[:32]


def changed_event(dossier: Dossier, at: datetime) -> Event:
    """``dossier.changed``: a dossier new or changed in an import, as the figures need it (its
    agency, received, due and resolved times, status) — no code, no holder's name."""
    return Event(
        EventType.DOSSIER_CHANGED,
        at,
        detail={
            "dossier": dossier_key(dossier.code),
            "agency": dossier.agency_id,
            "status": dossier.status.value,
            "received_at": _utc(dossier.received_at),
            "due_at": _utc(dossier.due_at),
            "resolved_at": _utc(dossier.resolved_at),
        },
    )


def normalise_code(text: str) -> str | None:
    """The code as printed on the receipt, upper-cased; None when it cannot be a code."""
    code = text.strip().upper()
    return code if CODE_PATTERN.match(code) else None


def mask_name(name: str) -> str:
    """``Nguyễn Văn An`` -> ``Nguyễn V*** A**``: the family name, then initials only.

    The number of stars is fixed, so the mask tells nothing of a name's length.
    """
    words = name.split()
    if not words:
        return ""
    if len(words) == 1:
        return words[0][0] + "**"
    middle = [w[0] + "***" for w in words[1:-1]]
    return " ".join([words[0], *middle, words[-1][0] + "**"])
