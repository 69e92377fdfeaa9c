"""Pinning the core's certificate: the certificates a device trusts its core by, the TLS context
that trusts exactly those, the first contact that learns one, and a rotation's next one.

Why the whole certificate and not just its fingerprint: Python's ``ssl`` has no hook to check
a peer's certificate during the handshake, and checking it after (httpx hands the socket over
only with the answer) would have sent the request, token and all, to whoever answered. A
context whose only trust anchors are the pinned certificates (``cadata``, hostname check off:
the core is reached by whatever address the LAN gives it) makes OpenSSL refuse any other
certificate in the handshake, before a byte of the request leaves, for httpx and websockets
alike. The certificates are self-signed and not authorities (``queue_core.tls``), so nothing
else chains to them; the fingerprints (SHA-256 of the DER) name them in the pairing answer,
the zeroconf record and the logs.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import ssl
from dataclasses import dataclass
from functools import cached_property

import httpx

from queue_core.client.errors import CoreError, CoreNotTrusted, CoreUnavailable
from queue_core.client.models import CoreCertificates

__all__ = ["Trust", "answers_as", "first_contact", "is_tls", "pem_sha256", "short"]


def pem_sha256(pem: str) -> str:
    """A certificate's fingerprint: SHA-256 of its DER bytes, 64 lowercase hex digits."""
    return hashlib.sha256(ssl.PEM_cert_to_DER_cert(pem)).hexdigest()


def short(sha256: str) -> str:
    """The first 16 hex digits of a fingerprint, in fours, for a log line or a person."""
    return " ".join(sha256[i : i + 4] for i in range(0, 16, 4))


def is_tls(url: str) -> bool:
    return url.startswith(("https://", "wss://"))


@dataclass(frozen=True)
class Trust:
    """The certificates (PEM) a device trusts its core by: the one it learned at first contact
    and, during a rotation, the next one the core announced over the pinned channel."""

    certificates: tuple[str, ...] = ()

    @cached_property
    def fingerprints(self) -> tuple[str, ...]:
        return tuple(pem_sha256(pem) for pem in self.certificates)

    def __bool__(self) -> bool:
        return bool(self.certificates)

    def context(self) -> ssl.SSLContext:
        """A client context that accepts exactly these certificates (see the module)."""
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.check_hostname = False  # the pinned certificate is the identity, not a name
        context.verify_mode = ssl.CERT_REQUIRED
        context.load_verify_locations(cadata="".join(self.certificates))
        return context

    def refusal(self, url: str) -> CoreNotTrusted:
        """What a core at ``url`` whose certificate is none of these is told."""
        held = ", ".join(short(f) for f in self.fingerprints)
        return CoreNotTrusted(
            f"the core at {url} shows a certificate that is not the one this device paired with "
            f"(it trusts sha256 {held}): another machine may be posing as the core; if the "
            "core's certificate was replaced, pair this device again"
        )

    def learned(self, told: CoreCertificates) -> Trust:
        """This trust after what the core said over the pinned channel: its next certificate
        added (checked against its fingerprint), and any that is neither the core's nor the
        next one dropped once the core serves one this device holds (a rotation finished)."""
        held = dict(zip(self.fingerprints, self.certificates, strict=True))
        upcoming = told.next_certificate
        if upcoming is not None and told.next_sha256 not in held:
            if pem_sha256(upcoming) != told.next_sha256:
                raise CoreNotTrusted(
                    "the core announced a next certificate whose fingerprint is not the one it "
                    "named; it is not taken"
                )
            held[told.next_sha256] = upcoming
        if told.cert_sha256 in held:
            keep = {told.cert_sha256, told.next_sha256}
            held = {f: pem for f, pem in held.items() if f in keep}
        return Trust(tuple(held.values()))


async def first_contact(url: str, expected: str | None = None, timeout: float = 10.0) -> Trust:
    """Trust on first use: the certificate the core at ``url`` shows, learned without checking
    it, the one moment a device takes a certificate on its word; nothing is sent but the TLS
    handshake. ``expected`` (the fingerprint the zeroconf record carried) must match, so a
    substituted core is told apart before anything is sent to it."""
    parsed = httpx.URL(url)
    if parsed.scheme != "https" or not parsed.host:
        raise CoreError(f"{url} is not an https:// URL: there is no certificate to learn")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # learned here, checked from the next connection on
    try:
        async with asyncio.timeout(timeout):
            _reader, writer = await asyncio.open_connection(
                parsed.host, parsed.port or 443, ssl=context
            )
    except (OSError, TimeoutError) as exc:
        raise CoreUnavailable(f"the core at {url} cannot be reached: {exc}") from exc
    try:
        tls: ssl.SSLObject = writer.get_extra_info("ssl_object")
        der = tls.getpeercert(binary_form=True)
    finally:
        writer.close()
        with contextlib.suppress(OSError, ssl.SSLError):
            await writer.wait_closed()
    if not der:
        raise CoreNotTrusted(f"the core at {url} showed no certificate")
    pem = ssl.DER_cert_to_PEM_cert(der)
    if expected is not None and pem_sha256(pem) != expected:
        raise CoreNotTrusted(
            f"the core at {url} shows certificate sha256 {short(pem_sha256(pem))}, not the "
            f"{short(expected)} its zeroconf record names: another machine may be posing as it"
        )
    return Trust((pem,))


async def answers_as(url: str, trust: Trust, timeout: float = 5.0) -> bool:
    """Whether the machine at ``url`` shows one of ``trust``'s certificates in a TLS handshake;
    nothing but the handshake is sent (a machine posing as the core learns nothing). False
    too when it cannot be reached: it is not the core this device can work with now."""
    parsed = httpx.URL(url)
    if parsed.scheme != "https" or not parsed.host:
        return False
    try:
        async with asyncio.timeout(timeout):
            _reader, writer = await asyncio.open_connection(
                parsed.host, parsed.port or 443, ssl=trust.context()
            )
    except (OSError, TimeoutError):  # ssl.SSLCertVerificationError is an OSError
        return False
    writer.close()
    with contextlib.suppress(OSError, ssl.SSLError):
        await writer.wait_closed()
    return True
