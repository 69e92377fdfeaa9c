"""The certificate the running core serves, as the API tells it: the fingerprint in the pairing
answer, the next certificate announced at `GET /api/v1/tls`, and which paired devices have
fetched it."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from starlette.responses import JSONResponse

from queue_core import clock
from queue_core.api.access import Bearer, api_router, bearer, json, runtime_of
from queue_core.errors import AuthError, TlsError
from queue_core.store import Store, authenticate
from queue_core.tls import CertFolder, CoreCertificate

__all__ = ["ServedTls", "router", "served_sha256"]

log = logging.getLogger("luot.api.tls")
router = api_router()


@dataclass
class ServedTls:
    """What the core serves over TLS and what it announces; ``folder`` None when it serves
    plain HTTP. ``refresh`` reads the folder again (a rotation, finished or begun, by the CLI)."""

    folder: CertFolder | None = None
    current: CoreCertificate | None = None
    next: CoreCertificate | None = None

    def __post_init__(self) -> None:
        self._told: set[int] = set()
        if self.folder is not None and self.current is None:
            self.refresh()

    def refresh(self) -> bool:
        """Read the folder again (blocking: a few small files); whether the certificate to
        serve is another one now. A damaged file is logged and the last good one kept."""
        if self.folder is None:
            return False
        try:
            current, upcoming = self.folder.current(), self.folder.next()
        except TlsError as exc:  # a file damaged by hand must not stop the core
            log.warning("%s; serving the certificate read before", exc)
            return False
        if upcoming is None or self.next is None or upcoming.sha256 != self.next.sha256:
            self._told = set()
        self.next = upcoming
        if current is None or (self.current and current.sha256 == self.current.sha256):
            return False
        self.current = current
        return True

    def answer(self) -> dict[str, Any]:
        upcoming = self.next
        return {
            "cert_sha256": None if self.current is None else self.current.sha256,
            "next_sha256": None if upcoming is None else upcoming.sha256,
            "next_certificate": None if upcoming is None else upcoming.pem,
        }

    async def note_fetched(self, device_id: int) -> None:
        """A paired device has fetched the next certificate: recorded once, off the loop."""
        upcoming, folder = self.next, self.folder
        if upcoming is None or folder is None or device_id in self._told:
            return
        self._told.add(device_id)
        await asyncio.to_thread(folder.note_learned, upcoming.sha256, [device_id])


def served_tls(request: Request) -> ServedTls:
    served: ServedTls = request.app.state.tls
    return served


def served_sha256(request: Request) -> str | None:
    """The fingerprint of the certificate the core serves; None when it serves plain HTTP."""
    current = served_tls(request).current
    return None if current is None else current.sha256


@router.get("/tls", summary="the core's certificate, and the next one a rotation announces")
async def certificates(request: Request, authorization: Bearer = None) -> JSONResponse:
    served = served_tls(request)
    token = bearer(authorization)
    if token is not None and served.next is not None:
        # A device asks over the channel it pinned; with its token, it is counted as having
        # learned the next certificate, so that `cert rotate --finish` waits for it.
        def who(store: Store) -> int | None:
            try:
                return authenticate(store.conn, token, clock.now()).device_id
            except AuthError:
                return None

        device_id = await runtime_of(request).reader.read(who)
        if device_id is not None:
            await served.note_fetched(device_id)
    return json(served.answer())
