"""The core's certificate as a device keeps it: learned at the first contact with a TLS core (and
checked against its zeroconf record), then kept up to date through a rotation, over the pinned
channel only."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace

from queue_core.client import (
    CoreCertificates,
    CoreClient,
    CoreError,
    CoreNotTrusted,
    Discovered,
    first_contact,
    is_tls,
)
from ui_common.bridge import CoreBridge
from ui_common.device import DeviceSettings, load_settings, save_settings
from ui_common.qt import QObject, QTimer, Signal
from ui_common.timings import TIMINGS, Timings

__all__ = ["TrustKeeper", "trusted_at_start"]

log = logging.getLogger(__name__)


def trusted_at_start(app: str, settings: DeviceSettings, found: Discovered) -> DeviceSettings:
    """Blocking, at an app's start: the settings with the certificates of an https core. A
    device that holds none (first start, or paired before the core spoke TLS) learns the one
    the core shows now, which must be the one its zeroconf record names, and keeps it; from
    then on it trusts no other. CoreError when the core cannot be reached or is not the one
    advertised: the app cannot talk to it, and its service is started again later."""
    if not is_tls(found.url) or settings.certificates:
        return settings
    trust = asyncio.run(first_contact(found.url, found.cert_sha256))
    settings = replace(settings, certificates=trust.certificates)
    save_settings(app, settings)
    how = "as its zeroconf record names" if found.cert_sha256 else "on first contact"
    log.info(
        "trusting the core's certificate sha256 %s (%s) from now on",
        trust.fingerprints[0],
        how,
    )
    return settings


class TrustKeeper(QObject):
    """Asks the core for its certificates now and every few minutes, over the pinned channel:
    a next certificate a rotation announces is kept (on disk and in the bridge) before the core
    switches to it, and the old one is let go once it has. With the device's token, the core
    counts this device as having learned it."""

    learned = Signal(object)
    """The Trust after a change, once it is saved."""

    def __init__(
        self,
        bridge: CoreBridge,
        app: str,
        timings: Timings = TIMINGS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.bridge, self.app = bridge, app
        self._timer = QTimer(self)
        self._timer.setInterval(timings.trust_check_ms)
        self._timer.timeout.connect(self.check)

    def start(self) -> None:
        self.check()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def check(self) -> None:
        token = self.bridge.token  # the device's own, even while a clerk's session acts

        async def ask(core: CoreClient) -> CoreCertificates:
            return await core.certificates(token=token)

        self.bridge.call(ask, self._told, self._unanswered)

    def _told(self, told: CoreCertificates) -> None:
        before = self.bridge.trust
        try:
            trust = before.learned(told)
        except CoreNotTrusted as refused:
            log.warning("%s", refused)
            return
        if trust == before:
            return
        settings = replace(load_settings(self.app), certificates=trust.certificates)
        save_settings(self.app, settings)
        self.bridge.set_trust(trust)
        log.info(
            "the core's certificates this device trusts are now %s",
            ", ".join(f[:16] for f in trust.fingerprints),
        )
        self.learned.emit(trust)

    def _unanswered(self, error: CoreError) -> None:
        log.info("could not ask the core for its certificates: %s", error)
