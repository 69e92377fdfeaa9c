"""The core's own TLS key and certificate, beside its database: made, read, rotated to a next one,
and which paired devices have learned that next one.

The folder ``tls/`` beside the database holds at most three files:

- ``core.pem``: the certificate the core serves and its private key, in one file, so that a
  rotation swaps the two in one rename and a running core never reads a key without its
  certificate;
- ``next.pem``: the next certificate and key, made by ``luot-core cert rotate``, which the
  serving core announces (``GET /api/v1/tls``) until ``cert rotate --finish`` makes it
  ``core.pem``;
- ``next-learned.json``: the paired devices that have fetched the next certificate with their
  token, so that the switch waits for every one of them.

A device trusts the core by its certificate (pinned at pairing), never by a name or a
certificate authority: the names and dates in the certificate are there for people and
browsers, not for the devices.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import os
import secrets
import socket
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import ifaddr
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from queue_core.errors import TlsError

__all__ = [
    "FOLDER",
    "ROTATION_GRACE",
    "CertFolder",
    "CoreCertificate",
    "grouped",
    "is_loopback",
]

FOLDER = "tls"
CURRENT = "core.pem"
NEXT = "next.pem"
LEARNED = "next-learned.json"

ROTATION_GRACE = timedelta(minutes=15)
"""How old a next certificate must be before the switch, for the apps that hold no device token
(the hall board, the clerk's panel) and so cannot be counted: each asks every 5 minutes
(ui_common's ``Timings.trust_check_ms``), so 15 minutes is three chances."""

# A pinned certificate is checked by what it is, not by its dates: a kiosk whose clock battery
# died (it wakes up in 2000) or a core left running for decades must still agree. RFC 5280
# (4.1.2.5) names 99991231235959Z as "no well-defined expiration date".
NOT_BEFORE = datetime(2000, 1, 1, tzinfo=UTC)
NOT_AFTER = datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)


def grouped(sha256: str, groups: int = 8) -> str:
    """The first ``groups`` fours of a fingerprint, for a person to compare: ``ab12 cd34 …``."""
    return " ".join(sha256[i : i + 4] for i in range(0, 4 * groups, 4))


def is_loopback(host: str) -> bool:
    """Whether an address to listen on is this machine only (``127.0.0.1``, ``::1``,
    ``localhost``); a name or ``0.0.0.0`` is not."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class CoreCertificate:
    """One of the core's certificates, read from its file."""

    path: Path
    """The file holding the certificate and its key."""
    pem: str
    """The certificate alone, PEM (what a device may keep and trust)."""
    sha256: str
    """Its fingerprint: SHA-256 of its DER bytes, 64 lowercase hex digits."""
    made_at: datetime
    """When its file was written (its modification time)."""


class CertFolder:
    """The ``tls/`` folder of one core (see the module's docstring)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._lock = threading.Lock()

    @classmethod
    def beside(cls, db_path: Path) -> CertFolder:
        return cls(Path(db_path).parent / FOLDER)

    # --- reading -------------------------------------------------------------------------

    def current(self) -> CoreCertificate | None:
        """The certificate the core serves; None when none was made yet."""
        return self._read(self.folder / CURRENT)

    def next(self) -> CoreCertificate | None:
        """The next certificate a rotation made; None when none waits."""
        return self._read(self.folder / NEXT)

    def _read(self, path: Path) -> CoreCertificate | None:
        try:
            data = path.read_bytes()
            stat = path.stat()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise TlsError("tls_unreadable", f"{path}: cannot be read: {exc.strerror}") from None
        try:
            cert = x509.load_pem_x509_certificate(data)
            key = serialization.load_pem_private_key(data, password=None)
        except ValueError:
            raise TlsError(
                "tls_unreadable",
                f"{path}: not a certificate and its key; move it away and run `luot-core "
                "cert` to make a new one (paired devices must then pair again)",
            ) from None
        if key.public_key() != cert.public_key():
            raise TlsError("tls_unreadable", f"{path}: the key is not the certificate's")
        return CoreCertificate(
            path,
            cert.public_bytes(serialization.Encoding.PEM).decode("ascii"),
            cert.fingerprint(hashes.SHA256()).hex(),
            datetime.fromtimestamp(stat.st_mtime, UTC),
        )

    # --- making --------------------------------------------------------------------------

    def ensure(self, site_id: str) -> tuple[CoreCertificate, bool]:
        """The core's certificate, made now when there is none: (it, whether it was made)."""
        found = self.current()
        if found is not None:
            return found, False
        self._write(self.folder / CURRENT, make_certificate(site_id))
        made = self.current()
        assert made is not None
        return made, True

    def rotate(self, site_id: str) -> CoreCertificate:
        """Make the next certificate; the serving core announces it from now on."""
        if self.current() is None:
            raise TlsError(
                "no_certificate", f"{self.folder}: the core has no certificate yet to rotate"
            )
        waiting = self.next()
        if waiting is not None:
            raise TlsError(
                "next_certificate_waits",
                f"a next certificate waits already (sha256 {grouped(waiting.sha256)}, made "
                f"{waiting.made_at:%Y-%m-%d %H:%M} UTC): finish it with "
                "`luot-core cert rotate --finish`",
            )
        (self.folder / LEARNED).unlink(missing_ok=True)
        self._write(self.folder / NEXT, make_certificate(site_id))
        made = self.next()
        assert made is not None
        return made

    def finish(
        self, now: datetime, paired: Mapping[int, str], force: bool = False
    ) -> CoreCertificate:
        """The next certificate becomes the core's and the old one is deleted; refused while a
        paired device (``paired``: id → name, those not revoked) has not learned it, or it is
        younger than ROTATION_GRACE, unless ``force``."""
        waiting = self.next()
        if waiting is None:
            raise TlsError(
                "no_next_certificate",
                "no next certificate waits: `luot-core cert rotate` makes one",
            )
        if not force:
            missing = sorted(set(paired) - self.learned(waiting.sha256))
            if missing:
                names = ", ".join(f"{paired[i]!r} ({i})" for i in missing[:5])
                more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
                raise TlsError(
                    "next_not_learned",
                    f"{len(missing)} paired device(s) have not learned the next certificate: "
                    f"{names}{more}; leave them running until they ask (every 5 minutes), "
                    "revoke those that are gone, or --force (they must then pair again)",
                )
            ready = waiting.made_at + ROTATION_GRACE
            if now < ready:
                raise TlsError(
                    "rotation_too_soon",
                    f"the next certificate was made at {waiting.made_at:%H:%M} UTC; the apps "
                    f"without a device token (boards, clerks' panels) learn it within "
                    f"{ROTATION_GRACE.seconds // 60} minutes: finish after {ready:%H:%M} UTC, "
                    "or --force",
                )
        os.replace(self.folder / NEXT, self.folder / CURRENT)
        (self.folder / LEARNED).unlink(missing_ok=True)
        made = self.current()
        assert made is not None
        return made

    def _write(self, path: Path, data: bytes) -> None:
        """Written whole or not at all, readable by its owner only (it holds a key)."""
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError as exc:
            problem = f"{self.folder}: cannot write: {exc.strerror}"
            raise TlsError("tls_unwritable", problem) from None
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            _same_owner_as_folder(tmp, self.folder)
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    # --- who has learned the next one ----------------------------------------------------

    def learned(self, sha256: str) -> set[int]:
        """The paired devices that have fetched the next certificate ``sha256``."""
        try:
            data = json.loads((self.folder / LEARNED).read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return set()
        if not isinstance(data, dict) or data.get("sha256") != sha256:
            return set()  # a record from an earlier rotation
        return {i for i in data.get("devices", ()) if isinstance(i, int)}

    def note_learned(self, sha256: str, devices: Iterable[int]) -> None:
        """Record that these devices have fetched the next certificate ``sha256``."""
        with self._lock:
            known = self.learned(sha256) | set(devices)
            record = {"sha256": sha256, "devices": sorted(known)}
            self._write(self.folder / LEARNED, json.dumps(record).encode())


def _same_owner_as_folder(path: Path, folder: Path) -> None:
    """A file written by root (``luot-core cert rotate`` run with sudo) takes the owner of its
    folder, the core's user, which could not otherwise read its own key."""
    if os.geteuid() != 0:
        return
    owner = folder.stat()
    if (owner.st_uid, owner.st_gid) != (0, 0):
        os.chown(path, owner.st_uid, owner.st_gid)


def _names() -> tuple[list[str], list[str]]:
    """This machine's names and addresses, for the certificate's subject alternative names."""
    host = socket.gethostname()
    names = sorted({host, f"{host.split('.')[0]}.local", "localhost"} - {""})
    addresses = {"127.0.0.1", "::1"}
    with contextlib.suppress(OSError):
        for adapter in ifaddr.get_adapters():
            for ip in adapter.ips:
                if ip.is_IPv4:
                    addresses.add(str(ip.ip))
    return names, sorted(addresses)


def make_certificate(site_id: str) -> bytes:
    """A new key (EC P-256) and its self-signed certificate, as one PEM: the certificate, then
    the key. Not a certificate authority: nothing can be signed by it."""
    key = ec.generate_private_key(ec.SECP256R1())
    public = key.public_key()
    # A name of its own for each certificate: a device that trusts the current and the next
    # one during a rotation holds two self-signed certificates, told apart by their subject.
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Lượt"),
            x509.NameAttribute(NameOID.COMMON_NAME, f"{site_id[:40]} core {secrets.token_hex(4)}"),
        ]
    )
    names, addresses = _names()
    alternatives: list[x509.GeneralName] = [x509.DNSName(n) for n in names]
    alternatives += [x509.IPAddress(ipaddress.ip_address(a)) for a in addresses]
    usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOT_BEFORE)
        .not_valid_after(NOT_AFTER)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectAlternativeName(alternatives), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return cert.public_bytes(serialization.Encoding.PEM) + key_pem
