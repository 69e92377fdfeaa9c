"""The clerk's panel as a view-model: sign-in, the counter's state, one request per press.

Widgets show a PanelViewModel and hand it intents (``trigger(Action.NEXT)``); it talks to
the core through the bridge. A press while a request is out, or the same press again
within ``repeat_guard_s`` of the last answer, does nothing: a bouncing call-pad key never
calls two numbers. The counter is followed through a LiveConnection (``ui_common.live``): after
a lost connection it is read again, and nothing is repeated. A message stays only while what it
says holds: each read of the counter begun after it was said checks it again
(``PanelViewModel.still_true``).
"""

from __future__ import annotations

import enum
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from counter_display.live import CounterRead, counter_connection
from counter_display.state import (
    Action,
    CounterSnapshot,
    enabled_actions,
    name_beyond_number,
)
from queue_core.client import (
    AgencyInfo,
    ConnectionState,
    CoreClient,
    CoreError,
    CoreEvent,
    CoreRefused,
    CoreUnavailable,
    CounterInfo,
    CounterState,
    EventType,
    Position,
    ServiceStatus,
    Session,
    Staff,
    TicketEvent,
    TicketInfo,
    TicketStatus,
    UnknownEvent,
)
from ui_common.bridge import CoreBridge
from ui_common.live import LiveConnection
from ui_common.qt import QObject, QTimer, Signal
from ui_common.texts import Lang, tr

log = logging.getLogger(__name__)


class SignIn(enum.StrEnum):
    SIGNED_OUT = "signed_out"
    SIGNING_IN = "signing_in"
    SIGNED_IN = "signed_in"


class MessageKind(enum.StrEnum):
    INFO = "info"
    ERROR = "error"


@dataclass(frozen=True)
class Message:
    """A line for the clerk: a catalogue key and the values to fill in."""

    kind: MessageKind
    key: str
    values: Mapping[str, object] = field(default_factory=dict)
    ticket: int | None = None
    """The ticket it speaks of, when it speaks of one (a chosen number the core refused)."""


_REFUSALS = {
    "ticket_in_progress": "refused_ticket_in_progress",
    "recall_first": "refused_recall_first",
    "counter_not_open": "refused_counter_not_open",
    "no_current_ticket": "refused_no_current_ticket",
    "not_callable_here": "refused_not_callable_here",
}
_SESSION_CODES = {"token_required", "unknown_token", "session_ended", "not_allowed"}


class PanelViewModel(QObject):
    """Everything the clerk's panel shows, and the only way it acts on the core."""

    changed = Signal()
    tick = Signal()
    dialog_requested = Signal(str)
    """``Action.TRANSFER`` or ``Action.CALL_CHOSEN``: the widget opens that dialog."""

    def __init__(
        self,
        bridge: CoreBridge,
        counter: int,
        lang: Lang = Lang.VI,
        *,
        repeat_guard_s: float = 0.6,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = lambda: datetime.now().astimezone(),
        live: LiveConnection[CounterRead] | None = None,
        parent: QObject | None = None,
    ) -> None:
        """``live``: a connection to share with the counter's display on this bridge; one
        of its own by default."""
        super().__init__(parent)
        self.bridge, self.counter, self.lang = bridge, counter, lang
        self.repeat_guard_s, self._clock, self.now = repeat_guard_s, clock, now
        self.sign_in = SignIn.SIGNED_OUT
        self.staff: Staff | None = None
        self.snapshot: CounterSnapshot | None = None
        self.agencies: list[AgencyInfo] = []
        self.counters: list[CounterInfo] = []
        self.recalls_before_no_show = 0
        self.busy: Action | None = None
        self._message: Message | None = None
        # how many reads of the counter had begun when the message was said: a read begun
        # before the message cannot take it back
        self._said_after = 0
        self.login_message: Message | None = None
        self.stream_state = ConnectionState.CONNECTING
        self.http_ok = True
        self.requests_sent = 0
        self._last_done: tuple[Action, float] | None = None
        self._chosen: int | None = None
        self._own_live = live is None
        self.live = live or counter_connection(bridge, self)
        self.live.snapshot_taken.connect(self._reloaded)
        self.live.refreshed.connect(self._reloaded)
        self.live.read_failed.connect(self._reload_failed)
        self.live.event_received.connect(self.on_event)
        self.live.state_changed.connect(self.on_connection)
        self._ticker = QTimer(self)
        self._ticker.timeout.connect(self.tick.emit)
        self._ticker.start(1000)

    @property
    def idle(self) -> bool:
        """No request of this panel is out (for an orderly shutdown)."""
        return self.busy is None and not self.live.reading and self.sign_in is not SignIn.SIGNING_IN

    def stop(self) -> None:
        """Stop the ticker and the panel's own connection to the core (before the bridge
        closes); a shared one is stopped by whoever made it."""
        self._ticker.stop()
        if self._own_live:
            self.live.stop()

    # --- what the widgets read ------------------------------------------------------------

    @property
    def message(self) -> Message | None:
        """The line for what just happened; None once it no longer holds."""
        return self._message

    @message.setter
    def message(self, message: Message | None) -> None:
        self._message, self._said_after = message, self.live.reads

    @property
    def connected(self) -> bool:
        return self.http_ok and self.stream_state is not ConnectionState.RECONNECTING

    @property
    def ticket(self) -> TicketInfo | None:
        return None if self.snapshot is None else self.snapshot.ticket

    @property
    def enabled(self) -> frozenset[Action]:
        if self.sign_in is not SignIn.SIGNED_IN:
            return frozenset()
        return enabled_actions(
            self.snapshot,
            connected=self.connected,
            busy=self.busy is not None,
            recalls_before_no_show=self.recalls_before_no_show,
        )

    @property
    def can_sign_out(self) -> bool:
        return (
            self.sign_in is SignIn.SIGNED_IN
            and self.busy is None
            and self.connected
            and self.ticket is None
        )

    def pause_opens(self) -> bool:
        """F8 opens the counter (paused or closed) rather than pausing it."""
        return self.snapshot is None or self.snapshot.state is not CounterState.OPEN

    def counter_name(self) -> str:
        """The counter's name beyond its number, which the panel shows already ("Tư pháp" for
        "Quầy 2 – Tư pháp"); "" when the name says nothing more."""
        name = self.snapshot.name if self.snapshot else ""
        labels = [tr("counter_n", lang, n=self.counter) for lang in Lang]
        return name_beyond_number(self.counter, name, labels)

    def counter_services(self) -> list[ServiceStatus]:
        mine = self.snapshot.services if self.snapshot else ()
        by_id = {s.id: s for a in self.agencies for s in a.services}
        return [by_id[s] for s in mine if s in by_id]

    def timing(self) -> tuple[str, datetime | None]:
        """The catalogue key and moment for the current ticket's timer."""
        ticket = self.ticket
        if ticket is None:
            return "", None
        if ticket.status is TicketStatus.SERVING:
            return "counter_started_ago", ticket.started_at
        return "counter_called_ago", ticket.called_at

    def set_lang(self, lang: Lang) -> None:
        self.lang = lang
        self.changed.emit()

    # --- signing in and out ---------------------------------------------------------------

    def login(self, username: str, pin: str) -> None:
        if self.sign_in is not SignIn.SIGNED_OUT:
            return
        if not username.strip() or not pin:
            self.login_message = Message(MessageKind.ERROR, "counter_login_needed")
            self.changed.emit()
            return
        self.sign_in = SignIn.SIGNING_IN
        self.login_message = Message(MessageKind.INFO, "counter_signing_in")
        self.changed.emit()
        counter, bridge = self.counter, self.bridge

        async def work(core: CoreClient) -> Session:
            session = await core.login(username.strip(), pin, counter)
            core.token = bridge.token = session.token
            mine = [c for c in await core.counters() if c.number == counter]
            if mine and mine[0].state is CounterState.CLOSED:
                await core.open_counter(counter)  # signing in opens a closed counter
            return session

        self.requests_sent += 1
        self.bridge.call(work, self._signed_in, self._login_refused)

    def _signed_in(self, session: Session) -> None:
        self.sign_in = SignIn.SIGNED_IN
        self.staff = session.staff
        self.login_message = None
        self.message = None
        self.reload()

    def _login_refused(self, error: CoreError) -> None:
        self.sign_in = SignIn.SIGNED_OUT
        if isinstance(error, CoreRefused) and error.code == "account_locked":
            key = "counter_locked"
        elif isinstance(error, CoreRefused) and error.code == "wrong_pin":
            key = "counter_wrong_pin"
        elif isinstance(error, CoreRefused):
            self.login_message = Message(
                MessageKind.ERROR, "refused_other", {"message": error.message}
            )
            self.changed.emit()
            return
        else:
            self.login_message = Message(MessageKind.ERROR, "counter_offline")
            self._lost()  # read again until the core answers: then the message goes
            return
        self.login_message = Message(MessageKind.ERROR, key)
        self.changed.emit()

    def logout(self) -> None:
        if not self.can_sign_out:
            return
        counter, bridge = self.counter, self.bridge
        closable = self.snapshot is not None and self.snapshot.state is not CounterState.CLOSED
        self.busy = Action.CLOSE
        self.changed.emit()

        async def work(core: CoreClient) -> None:
            if closable:
                await core.close_counter(counter)
            await core.logout()
            core.token = bridge.token = None

        self.requests_sent += 1
        self.bridge.call(work, lambda _none: self._signed_out(), self._refused)

    def _signed_out(self) -> None:
        self.busy = None
        self.sign_in = SignIn.SIGNED_OUT
        self.staff = None
        self.message = None
        self.reload()

    # --- the clerk's presses ----------------------------------------------------------------

    def trigger(self, action: Action) -> bool:
        """A button or key press. Returns whether it did anything."""
        if action not in self.enabled or self._too_soon(action):
            return False
        if action in (Action.TRANSFER, Action.CALL_CHOSEN):
            self.dialog_requested.emit(action.value)
            return True
        self._send(action, self._work_for(action))
        return True

    def transfer(
        self,
        *,
        service: str | None = None,
        to_counter: int | None = None,
        position: Position = Position.BACK,
    ) -> bool:
        if Action.TRANSFER not in self.enabled:
            return False
        n = self.counter

        async def work(core: CoreClient) -> TicketInfo:
            return await core.transfer(n, service=service, to_counter=to_counter, position=position)

        self._send(Action.TRANSFER, work)
        return True

    def call_chosen(self, ticket_id: int, reason: str) -> bool:
        if Action.CALL_CHOSEN not in self.enabled or not reason.strip():
            return False
        n = self.counter

        async def work(core: CoreClient) -> TicketInfo:
            return await core.call_ticket(n, ticket_id, reason.strip())

        self._chosen = ticket_id
        self._send(Action.CALL_CHOSEN, work)
        return True

    def _too_soon(self, action: Action) -> bool:
        if self._last_done is None:
            return False
        last, at = self._last_done
        return last is action and self._clock() - at < self.repeat_guard_s

    def _work_for(self, action: Action) -> Callable[[CoreClient], Any]:
        n = self.counter
        opens = self.pause_opens()
        calls: dict[Action, Callable[[CoreClient], Any]] = {
            Action.NEXT: lambda core: core.call_next(n),
            Action.RECALL: lambda core: core.recall(n),
            Action.START: lambda core: core.start(n),
            Action.FINISH: lambda core: core.finish(n),
            Action.NO_SHOW: lambda core: core.no_show(n),
            Action.PAUSE: (
                (lambda core: core.open_counter(n))
                if opens
                else (lambda core: core.pause_counter(n))
            ),
            Action.CLOSE: lambda core: core.close_counter(n),
        }
        return calls[action]

    def _send(self, action: Action, work: Callable[[CoreClient], Any]) -> None:
        self.busy = action
        self.message = None
        self.changed.emit()
        self.requests_sent += 1
        self.bridge.call(work, lambda result: self._answered(action, result), self._refused)

    def _answered(self, action: Action, result: object) -> None:
        self.busy = None
        self._last_done = (action, self._clock())
        if self.snapshot is not None:
            self.snapshot = self._apply(self.snapshot, action, result)
        if action in (Action.NEXT, Action.CALL_CHOSEN) and result is None:
            self.message = Message(MessageKind.INFO, "counter_nobody_to_call")
        self.changed.emit()
        self.live.refresh_soon()  # figures and waiting lists follow

    @staticmethod
    def _apply(snapshot: CounterSnapshot, action: Action, result: object) -> CounterSnapshot:
        if isinstance(result, CounterInfo):
            return replace(snapshot, state=result.state, ticket=result.ticket)
        if action in (Action.FINISH, Action.NO_SHOW, Action.TRANSFER):
            return replace(snapshot, ticket=None)
        if action in (Action.NEXT, Action.CALL_CHOSEN):
            return replace(snapshot, ticket=result if isinstance(result, TicketInfo) else None)
        if isinstance(result, TicketInfo):
            return replace(snapshot, ticket=result)
        return snapshot

    def _refused(self, error: CoreError) -> None:
        self.busy = None
        if isinstance(error, CoreUnavailable):
            self._lost()
            return
        if isinstance(error, CoreRefused):
            self.message = self._refusal_message(error)
            if error.status == 401:
                self.sign_in = SignIn.SIGNED_OUT
                self.login_message = self.message
        else:
            log.error("the core broke the contract: %s", error)
            self.message = Message(MessageKind.ERROR, "refused_other", {"message": str(error)})
        self.changed.emit()
        self.reload()  # the core knows better than this panel what the counter holds now

    def _refusal_message(self, error: CoreRefused) -> Message:
        if error.status == 401 or (error.code in _SESSION_CODES and error.status == 403):
            return Message(MessageKind.ERROR, "refused_session")
        key = _REFUSALS.get(error.code)
        if key is None:
            return Message(MessageKind.ERROR, "refused_other", {"message": error.message})
        about = self._chosen if key == "refused_not_callable_here" else None
        return Message(MessageKind.ERROR, key, {"n": self.recalls_before_no_show}, about)

    def still_true(self, message: Message) -> bool:
        """Whether what ``message`` says still holds for the counter as last read.

        Each message is held to the state it describes: nobody to call to an empty waiting
        list, offline to the connection, each refusal whose cause is known to that cause. The
        rest tell what one press or one reconnection came to, and stay until the next press.
        """
        snapshot, ticket = self.snapshot, self.ticket
        called = ticket is not None and ticket.status is TicketStatus.CALLED
        match message.key:
            case "counter_offline":
                return not self.connected
            case "counter_nobody_to_call":
                return snapshot is None or not snapshot.waiting
            case "refused_ticket_in_progress":
                return called
            case "refused_recall_first":
                recalls = ticket.recalls if ticket is not None else 0
                return called and recalls < self.recalls_before_no_show
            case "refused_counter_not_open":
                return snapshot is None or snapshot.state is not CounterState.OPEN
            case "refused_no_current_ticket":
                return ticket is None
            case "refused_not_callable_here":
                waiting = snapshot.waiting if snapshot else ()
                return all(t.id != message.ticket for t in waiting)
        return True

    # --- keeping up with the core ------------------------------------------------------------

    def reload(self) -> None:
        """Read the counter, the services and the site's rules again (coalesced); the first
        read opens the event stream."""
        self.live.refresh()

    def _reloaded(self, answer: CounterRead) -> None:
        board, agencies = answer
        self.http_ok = True
        self.agencies = agencies
        self.counters = list(board.counters)
        self.recalls_before_no_show = board.site.recalls_before_no_show
        mine = [c for c in board.counters if c.number == self.counter]
        self.snapshot = (
            CounterSnapshot.from_info(mine[0]) if mine else CounterSnapshot.closed(self.counter)
        )
        self.drop_untrue(fresh=self.live.answering > self._said_after)
        self.changed.emit()

    def drop_untrue(self, *, fresh: bool = True) -> None:
        """Take back the messages that no longer hold, once the counter has been read. Only a
        read begun after the message was said (``fresh``) may speak for the counter: one begun
        before may show a ticket that has gone since. The connection is known now, whichever
        read this is."""
        message = self.message
        offline = message is not None and message.key == "counter_offline"
        if message is not None and (fresh or offline) and not self.still_true(message):
            self.message = Message(MessageKind.INFO, "counter_reloaded") if offline else None
        login = self.login_message
        if login is not None and login.key == "counter_offline" and not self.still_true(login):
            self.login_message = None

    def _reload_failed(self, error: CoreError) -> None:
        """A read failed (the connection reads again by itself)."""
        if isinstance(error, CoreUnavailable):
            self._offline()

    def _lost(self) -> None:
        """A request of the clerk's found the core away: read again until it answers."""
        self._offline()
        self.live.retry()

    def _offline(self) -> None:
        self.http_ok = False
        self.message = Message(MessageKind.ERROR, "counter_offline")
        self.changed.emit()

    def on_connection(self, state: ConnectionState) -> None:
        """The stream's state; once back after a drop, the connection reads the counter again."""
        self.stream_state = state
        if state is ConnectionState.RECONNECTING:
            self.message = Message(MessageKind.ERROR, "counter_offline")
        self.changed.emit()

    def on_event(self, event: CoreEvent) -> None:
        """Any event may change what waits for this counter or its figures: read again soon."""
        rated = isinstance(event, TicketEvent) and event.kind is EventType.TICKET_RATED
        if not rated and not isinstance(event, UnknownEvent):
            self.live.refresh_soon()
