"""The notifier's thread: after each change in the event log it queues the texts the day's
requests are due (``domain.sms.texts_due``), then sends what is due at the site's pace through
the site's modem or gateway, trying a failed text again later; between texts it asks the modem
how it is, so a missing SIM is known before a citizen waits for a text."""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Protocol

from queue_core import clock
from queue_core.domain import TicketStatus
from queue_core.domain.remote import check_in_code
from queue_core.domain.sms import (
    SmsDriver,
    SmsKind,
    SmsSettings,
    SmsSubscription,
    mask_phone,
    texts_due,
)
from queue_core.notifier.answers import Issue, answer
from queue_core.notifier.wording import text_of
from queue_core.store import (
    Store,
    open_subscriptions,
    queue_text,
    text_failed,
    text_sent,
    texts_due_now,
    texts_of_day,
)
from sms import Alphabet, GatewayTemplate, GsmModem, HttpGateway, SmsError

log = logging.getLogger("luot.sms")

TICK_SECONDS = 0.25
"""How often the thread looks at the event log's last seq and the texts due (real seconds)."""
CHECK_SECONDS = 60.0
"""While nothing is sent: how often the modem is asked whether it could send (the core's
seconds, as the retries: a simulated day runs them faster)."""
IDLE_SECONDS = 5.0
"""While the site has no ``[sms]``."""
RECEIVE_SECONDS = 10.0
"""How often a modem is asked for the texts it received (the core's seconds)."""


class Driver(Protocol):
    def check(self) -> object: ...

    def send(self, phone: str, text: str) -> list[int]: ...


def driver_for(settings: SmsSettings) -> Driver:
    alphabet = Alphabet(settings.alphabet)
    if settings.driver is SmsDriver.MODEM:
        return GsmModem(settings.port, baudrate=settings.baudrate, alphabet=alphabet)
    template = GatewayTemplate(
        settings.body, settings.headers, settings.ok_field or None, settings.ok_value
    )
    return HttpGateway(settings.url, template, alphabet=alphabet)


@dataclass(frozen=True)
class NotifierState:
    """What the console shows of the texts and raises alerts from."""

    driver: str
    """``modem`` or ``gateway``."""
    where: str
    """The modem's port or the gateway's address."""
    failing: str | None = None
    """Why no text can leave now (a missing SIM, a gateway refusing), until one leaves."""
    failing_since: datetime | None = None
    last_error: str | None = None
    """The last failure, lasting or of one text."""
    last_sent: datetime | None = None
    signal: int | None = None
    """The modem's signal strength (0-31) at its last check."""
    today: tuple[tuple[str, int], ...] = ()
    """The day's counts: asked, queued, sent, failed."""


class Notifier:
    """Started and stopped with the API, when the site has ``[sms]`` (``for_site``)."""

    def __init__(
        self, db_path: Path, issue: Issue, now: Callable[[], datetime] = clock.now
    ) -> None:
        """``issue``: runs a queue command through the core's writer (a ticket taken by text),
        so that its events go out at once."""
        self._path, self._issue, self._now = db_path, issue, now
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._run, name="luot-sms", daemon=True)
        self._lock = threading.Lock()
        self._state: NotifierState | None = None
        self._store: Store | None = None
        self._driver: Driver | None = None
        self._settings: SmsSettings | None = None
        self._seen: tuple[int, int] = (-1, -1)
        """The last event's seq and the count of requests ``_queue_due`` last looked at."""
        self._asks = 0
        self._sent_times: deque[float] = deque()
        self._checked_at: datetime | None = None
        self._received_at: datetime | None = None

    @classmethod
    def for_site(cls, db_path: Path, extra: dict[str, object], issue: Issue) -> Notifier | None:
        return cls(db_path, issue) if isinstance(extra.get("sms"), SmsSettings) else None

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)

    def asked(self) -> None:
        """A holder asked for texts: look at what is due at once. Asking raises no event, so
        without this a request made after the day's last event would wait for the next one."""
        with self._lock:
            self._asks += 1
        self._wake.set()

    def state(self) -> NotifierState | None:
        with self._lock:
            return self._state

    # --- the thread ---------------------------------------------------------------------------

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                # cleared before the look, so that a request made during it wakes the next
                self._wake.clear()
                try:
                    delay = self.step()
                except Exception:  # a bug here must not end the texts, nor the core
                    log.exception("the notifier crashed; going on")
                    delay = IDLE_SECONDS
                self._wake.wait(delay)
        finally:
            if self._store is not None:
                self._store.close()

    def step(self) -> float:
        """One look: queue what is due, send what may go now; the seconds until the next."""
        if self._store is None:
            self._store = Store.open(self._path)
        store = self._store
        settings = store.site.extra.get("sms")
        if not isinstance(settings, SmsSettings):
            self._set(None)
            return IDLE_SECONDS
        if settings != self._settings:
            self._settings, self._driver = settings, driver_for(settings)
            where = settings.port if settings.driver is SmsDriver.MODEM else settings.url
            self._set(NotifierState(settings.driver.value, where))
            self._checked_at = None
        now = self._now()
        with self._lock:
            asks = self._asks
        seen = (store.last_seq(), asks)
        if seen != self._seen:
            self._queue_due(store, settings, now)
            self._seen = seen
        self._receive(store, settings, now)
        sent_any = self._send_due(store, settings, now)
        checked = self._checked_at
        if not sent_any and (checked is None or (now - checked).total_seconds() > CHECK_SECONDS):
            self._check(now)
        self._count(store, now)
        return TICK_SECONDS

    def _queue_due(self, store: Store, settings: SmsSettings, now: datetime) -> None:
        day = store.site.business_day(now)
        due: list[tuple[SmsSubscription, SmsKind, str]] = []
        for subscription in open_subscriptions(store.conn, day):
            ticket = store.ticket(subscription.ticket_id)
            if ticket is None:
                continue
            ahead = None
            if ticket.status is TicketStatus.WAITING:
                ahead, _minutes = store.live_figures(ticket)
            unchecked = ticket.awaiting_check_in
            for kind in texts_due(
                subscription, ticket.status.value, ahead, settings.near, unchecked
            ):
                code = check_in_code(ticket.public_token) if ticket.awaiting_check_in else ""
                words = text_of(
                    kind, subscription.lang, ticket.number, ahead or 0, ticket.counter, code
                )
                due.append((subscription, kind, words))
        if due:  # the write lock only when there is something to write
            with store.transaction() as conn:
                for subscription, kind, words in due:
                    queue_text(conn, subscription, kind, words, day, now)

    def _receive(self, store: Store, settings: SmsSettings, now: datetime) -> None:
        """Answer what citizens texted the modem, every RECEIVE_SECONDS."""
        driver = self._driver
        last = self._received_at
        if not isinstance(driver, GsmModem) or (
            last is not None and (now - last).total_seconds() < RECEIVE_SECONDS
        ):
            return
        self._received_at = now
        try:
            received = driver.received()
        except SmsError as error:
            self._failed(error)
            return
        for message in received:
            answer(store, settings, message, now, self._issue)

    def _send_due(self, store: Store, settings: SmsSettings, now: datetime) -> bool:
        room = self._room(settings.per_minute)
        if room <= 0:
            return False
        due = texts_due_now(store.conn, now, room)
        driver = self._driver
        assert driver is not None
        for text in due:
            if self._stop.is_set():
                return True
            self._sent_times.append(time.monotonic())
            try:
                driver.send(text.phone, text.text)
            except SmsError as error:
                with store.transaction() as conn:
                    given_up = text_failed(conn, text, self._now(), str(error), settings.attempts)
                log.warning("a text to %s failed%s: %s", mask_phone(text.phone),
                            " for good" if given_up else "; tried again later", error)  # fmt: skip
                self._failed(error)
                if error.kind.lasting:
                    return True  # the rest would fail the same way: wait for the next look
                continue
            with store.transaction() as conn:
                text_sent(conn, text.id, self._now())
            self._worked(self._now())
        return bool(due)

    def _room(self, per_minute: int) -> int:
        """How many texts may leave now without passing ``per_minute`` in any 60 s."""
        horizon = time.monotonic() - 60
        while self._sent_times and self._sent_times[0] < horizon:
            self._sent_times.popleft()
        return per_minute - len(self._sent_times)

    def _check(self, now: datetime) -> None:
        self._checked_at = now
        driver = self._driver
        assert driver is not None
        try:
            found = driver.check()
        except SmsError as error:
            self._failed(error)
            return
        signal = getattr(found, "signal", None)
        self._update(failing=None, failing_since=None, signal=signal)

    def _failed(self, error: SmsError) -> None:
        state = self.state()
        if state is None:
            return
        if error.kind.lasting:
            since = state.failing_since or self._now()
            self._update(failing=str(error), failing_since=since, last_error=str(error))
        else:
            self._update(last_error=str(error))

    def _worked(self, now: datetime) -> None:
        self._update(failing=None, failing_since=None, last_sent=now)

    def _count(self, store: Store, now: datetime) -> None:
        counts = texts_of_day(store.conn, store.site.business_day(now))
        self._update(today=tuple(counts.items()))

    def _set(self, state: NotifierState | None) -> None:
        with self._lock:
            self._state = state

    def _update(self, **changes: object) -> None:
        with self._lock:
            if self._state is not None:
                self._state = replace(self._state, **changes)  # type: ignore[arg-type]
