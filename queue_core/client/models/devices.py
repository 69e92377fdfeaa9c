"""The core's health, and what devices and staff get from it: pairing, heartbeat, a session."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from queue_core.client.models.reading import Reader
from queue_core.domain import Role

__all__ = [
    "CoreCertificates",
    "DossierPull",
    "Health",
    "Heartbeat",
    "Pairing",
    "Session",
    "Staff",
]


@dataclass(frozen=True)
class DossierPull:
    """How the core's pulls from the province's e-system went."""

    last_pull: datetime | None = None
    """The last pull that worked; None when none has."""
    last_error: str | None = None
    """What the last failed pull said (with its time); None after a pull that worked."""

    @classmethod
    def from_json(cls, data: object, what: str = "dossiers") -> DossierPull:
        r = Reader(data, what)
        return cls(r.opt_moment("last_pull"), r.opt_text("last_error"))


@dataclass(frozen=True)
class Health:
    """The core is up: its site, its version and the ``seq`` of its last event."""

    status: str
    site_id: str
    site_name: str
    version: str
    seq: int
    dossiers: DossierPull = field(default_factory=DossierPull)

    @classmethod
    def from_json(cls, data: object, what: str = "health") -> Health:
        r = Reader(data, what)
        site = r.obj("site")
        return cls(
            r.text("status"),
            site.text("id"),
            site.text("name"),
            r.text("version"),
            r.integer("seq"),
            r.one("dossiers", DossierPull.from_json),
        )


@dataclass(frozen=True)
class Pairing:
    """What a newly paired device keeps: its token, its role, its id and its name."""

    token: str
    role: str
    """``kiosk``, ``counter`` or ``board``."""
    device_id: str
    name: str = ""
    cert_sha256: str | None = None
    """The fingerprint of the certificate the core serves (the one to pin); None over plain
    HTTP."""

    @classmethod
    def from_json(cls, data: object, what: str = "pairing") -> Pairing:
        r = Reader(data, what)
        device_id = r.get("device_id", (str, int))
        name, cert_sha256 = r.text("name"), r.opt_text("cert_sha256")
        return cls(r.text("token"), r.text("role"), str(device_id), name, cert_sha256)


@dataclass(frozen=True)
class CoreCertificates:
    """The core's certificate and, during a rotation, the next one it will serve (PEM), as
    ``GET /api/v1/tls`` tells them; all None over plain HTTP."""

    cert_sha256: str | None = None
    next_sha256: str | None = None
    next_certificate: str | None = None

    @classmethod
    def from_json(cls, data: object, what: str = "tls") -> CoreCertificates:
        r = Reader(data, what)
        told = cls(
            r.opt_text("cert_sha256"), r.opt_text("next_sha256"), r.opt_text("next_certificate")
        )
        if (told.next_sha256 is None) != (told.next_certificate is None):
            raise r.fault("next_certificate", "comes without its fingerprint, or the other way")
        return told


@dataclass(frozen=True)
class Staff:
    """A staff member as a session shows them."""

    username: str
    name: str
    role: Role
    title: str = ""

    @classmethod
    def from_json(cls, data: object, what: str = "staff") -> Staff:
        r = Reader(data, what)
        return cls(r.text("username"), r.text("name"), r.enum("role", Role), r.text("title"))


@dataclass(frozen=True)
class Session:
    """A staff session: a clerk's at one counter, or a supervisor's."""

    token: str
    staff: Staff
    counter: int | None
    """None for a supervisor's session, which is at no counter."""

    @classmethod
    def from_json(cls, data: object, what: str = "session") -> Session:
        r = Reader(data, what)
        return cls(r.text("token"), r.one("staff", Staff.from_json), r.opt_int("counter"))


@dataclass(frozen=True)
class Heartbeat:
    """The core's answer to a device's heartbeat: the device, and when it was last seen."""

    device_id: str
    last_seen: datetime

    @classmethod
    def from_json(cls, data: object, what: str = "heartbeat") -> Heartbeat:
        r = Reader(data, what)
        return cls(str(r.get("device_id", (str, int))), r.moment("last_seen"))
