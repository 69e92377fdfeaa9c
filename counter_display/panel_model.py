"""The clerk's panel as a view-model: sign-in, the counter's state, one request per press.

Widgets show a PanelViewModel and hand it intents (``trigger(Action.NEXT)``); it talks to
the core through the bridge. A press while a request is out, or the same press again
within ``repeat_guard_s`` of the last answer, does nothing: a bouncing call-pad key never
calls two numbers. The counter is followed through a LiveConnection (``ui_common.live``): after
a lost connection it is read again, and nothing is repeated. A message stays only while what it
says holds: each read of the counter begun after it was said checks it again
(``PanelViewModel.still_true``).

It is the one object the widgets talk to, and holds the state; what it delegates is plain:
the session's work and a refused sign-in (``panel_session``), each press's work and how its
answer leaves the counter (``panel_presses``), the messages and their rules
(``panel_messages``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from counter_display.live import CounterRead, counter_connection
from counter_display.panel_messages import (
    Message,
    MessageKind,
    in_place_of,
    refusal_message,
    taken_back,
)
from counter_display.panel_messages import still_true as message_holds
from counter_display.panel_presses import (
    answered,
    call_chosen_work,
    press_work,
    texts_work,
    too_soon,
    transfer_work,
)
from counter_display.panel_session import SignIn, refused_sign_in, sign_in_work, sign_out_work
from counter_display.state import Action, CounterSnapshot, enabled_actions, name_beyond_number
from queue_core.client import (
    AgencyInfo,
    ConnectionState,
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
    TextsAsked,
    TicketEvent,
    TicketInfo,
    TicketStatus,
    UnknownEvent,
)
from ui_common.bridge import CoreBridge, Work
from ui_common.live import LiveConnection
from ui_common.qt import QObject, QTimer, Signal
from ui_common.texts import Lang, tr

__all__ = ["Message", "MessageKind", "PanelViewModel", "SignIn"]

_AWAY = (ConnectionState.RECONNECTING, ConnectionState.NOT_TRUSTED)
"""The stream's states in which the panel says the core is away (or another answers)."""

log = logging.getLogger(__name__)


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
        # how many reads had begun when the last press was answered: a read begun before the
        # answer may show the ticket the press has just sent away, so it does not replace it
        self._acted_after = 0
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
        return self.http_ok and self.stream_state not in _AWAY

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
        work = sign_in_work(self.bridge, self.counter, username.strip(), pin)
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
        if not isinstance(error, CoreRefused):
            self.login_message = Message(MessageKind.ERROR, "counter_offline")
            self._lost()  # read again until the core answers: then the message goes
            return
        self.login_message = refused_sign_in(error, self.counter)
        self.changed.emit()

    def logout(self) -> None:
        if not self.can_sign_out:
            return
        closable = self.snapshot is not None and self.snapshot.state is not CounterState.CLOSED
        self.busy = Action.CLOSE
        self.changed.emit()
        work = sign_out_work(self.bridge, self.counter, closable=closable)
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
        self._send(action, press_work(action, self.counter, opens=self.pause_opens()))
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
        work = transfer_work(
            self.counter, service=service, to_counter=to_counter, position=position
        )
        self._send(Action.TRANSFER, work)
        return True

    def call_chosen(self, ticket_id: int, reason: str) -> bool:
        if Action.CALL_CHOSEN not in self.enabled or not reason.strip():
            return False
        work = call_chosen_work(self.counter, ticket_id, reason.strip())
        self._chosen = ticket_id
        self._send(Action.CALL_CHOSEN, work)
        return True

    @property
    def offers_texts(self) -> bool:
        """A ticket is at the counter and the centre texts citizens: the clerk may add one's
        number (``ask_texts``)."""
        texting = any(a.site is not None and a.site.sms for a in self.agencies)
        return texting and self.ticket is not None

    def ask_texts(self, phone: str) -> bool:
        """The citizen agreed, and the clerk typed their number: the core texts them near their
        turn and when called (once each); the line says where, or why not."""
        ticket = self.ticket
        if ticket is None or not self.offers_texts:
            return False
        self.bridge.call(
            texts_work(ticket.id, phone, self.lang.value), self._texts_asked, self._texts_refused
        )
        return True

    def _texts_asked(self, asked: TextsAsked) -> None:
        self.message = Message(MessageKind.INFO, "texts_done", {"phone": asked.phone})
        self.changed.emit()

    def _texts_refused(self, error: CoreError) -> None:
        if isinstance(error, CoreRefused) and error.code == "invalid_phone":
            self.message = Message(MessageKind.ERROR, "texts_invalid")
        else:
            self.message = Message(MessageKind.ERROR, "refused_other", {"message": str(error)})
        self.changed.emit()

    def _too_soon(self, action: Action) -> bool:
        return too_soon(self._last_done, action, self._clock, self.repeat_guard_s)

    def _send(self, action: Action, work: Work[Any]) -> None:
        self.busy = action
        self.message = None
        self.changed.emit()
        self.requests_sent += 1
        self.bridge.call(work, lambda result: self._answered(action, result), self._refused)

    def _answered(self, action: Action, result: object) -> None:
        self.busy = None
        self._last_done = (action, self._clock())
        self._acted_after = self.live.reads
        if self.snapshot is not None:
            self.snapshot = answered(self.snapshot, action, result)
        if action in (Action.NEXT, Action.CALL_CHOSEN) and result is None:
            self.message = Message(MessageKind.INFO, "counter_nobody_to_call")
        self.changed.emit()
        self.live.refresh_soon()  # figures and waiting lists follow

    def _refused(self, error: CoreError) -> None:
        self.busy = None
        if isinstance(error, CoreUnavailable):
            self._lost()
            return
        if isinstance(error, CoreRefused):
            self.message = refusal_message(
                error, recalls_before_no_show=self.recalls_before_no_show, chosen=self._chosen
            )
            if error.status == 401:
                self.sign_in = SignIn.SIGNED_OUT
                self.login_message = self.message
        else:
            log.error("the core broke the contract: %s", error)
            self.message = Message(MessageKind.ERROR, "refused_other", {"message": str(error)})
        self.changed.emit()
        self.reload()  # the core knows better than this panel what the counter holds now

    def still_true(self, message: Message) -> bool:
        """Whether what ``message`` says still holds for the counter as last read (the rules:
        ``panel_messages.still_true``)."""
        return message_holds(
            message,
            self.snapshot,
            connected=self.connected,
            recalls_before_no_show=self.recalls_before_no_show,
        )

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
        if self.snapshot is None or self.live.answering > self._acted_after:
            self.snapshot = (
                CounterSnapshot.from_info(mine[0]) if mine else CounterSnapshot.closed(self.counter)
            )
        self.drop_untrue(fresh=self.live.answering > self._said_after)
        self.changed.emit()

    def drop_untrue(self, *, fresh: bool = True) -> None:
        """Take back the messages that no longer hold, once the counter has been read. Only a
        read begun after the message was said (``fresh``) may speak for the counter: one begun
        before may show a ticket that has gone since. The connection is known now, whichever
        read this is (the rules: ``panel_messages.taken_back``)."""
        message = self.message
        if message is not None and taken_back(message, self.still_true, fresh=fresh):
            self.message = in_place_of(message)
        login = self.login_message
        # a sign-in's answer stays, but for the offline one, which speaks of the connection
        if login is not None and taken_back(login, self.still_true, fresh=False):
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
        if state in _AWAY:
            self.message = Message(MessageKind.ERROR, "counter_offline")
        self.changed.emit()

    def on_event(self, event: CoreEvent) -> None:
        """Any event may change what waits for this counter or its figures: read again soon."""
        rated = isinstance(event, TicketEvent) and event.kind is EventType.TICKET_RATED
        if not rated and not isinstance(event, UnknownEvent):
            self.live.refresh_soon()
