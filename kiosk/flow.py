"""The kiosk's navigation: which screen shows, what the citizen chose, and the timeouts.

home → agency → service → (printing) → ticket shown → home; the priority button first
asks for confirmation; search and procedure lookup lead to the same ticket. Tra cứu hồ
sơ: a code typed on the code pad, or scanned on any screen, opens the dossier's answer;
a ready dossier's button takes a ticket for the result-return service. Tôi có lịch hẹn: a
booking's code typed, or its QR scanned on any screen, checks its holder in (printed like any
ticket), or says when to come back, or why a walk-in's ticket instead. A ticket shown may
lead to the phone pad (texts near the turn, where the centre sends them) and back. Any screen
goes home after ``idle_ms`` without a touch; a shown ticket after ``ticket_ms``.
Widgets call the intents (methods) and redraw on ``changed``; they hold no logic. The tactile
keypad's keys come in as ``press`` (the focus among a screen's choices: ``kiosk.keypad``); large
text, high contrast and voice guidance hold for one citizen, until the kiosk is idle.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.booking import booking_code, is_booking_code
from kiosk.catalogue import AgencyEntry, Closed, ServiceEntry
from kiosk.dossier import MAX_CODE, DossierLookup, clean_code
from kiosk.keypad import Focus, Move
from kiosk.live import LiveCatalogue
from kiosk.taking import Outcome, TakeResult, TicketRequest, TicketTaker
from kiosk.texting import TextsRequest, TextsState
from queue_core.client import CheckInAnswer, DossierInfo, PriorityKind
from ui_common.qt import QObject, QTimer, Signal
from ui_common.texts import Lang

__all__ = ["KioskFlow", "Screen", "SearchMode", "Timeouts"]

MAX_QUERY = 40


class Screen(enum.StrEnum):
    HOME = "home"
    AGENCY = "agency"
    SEARCH = "search"
    PROCEDURE = "procedure"
    PRIORITY = "priority"
    PRINTING = "printing"
    TICKET = "ticket"
    PROBLEM = "problem"
    DOSSIER_ENTRY = "dossier_entry"
    """Tra cứu hồ sơ: the code pad."""
    DOSSIER = "dossier"
    """The dossier's answer (or that it is being asked, or unknown)."""
    TEXTS = "texts"
    """Nhắn tin khi sắp đến lượt: the phone pad and the consent sentence."""
    BOOKING_ENTRY = "booking_entry"
    """Tôi có lịch hẹn: the code pad (or a scan of the booking's QR on any screen)."""
    BOOKING = "booking"
    """A booked holder too early (when to come back) or too late (why a walk-in's ticket)."""


class SearchMode(enum.StrEnum):
    TAKE = "take"
    """A tap on a result takes a ticket."""
    LOOKUP = "lookup"
    """A tap on a result opens its procedure (tra cứu thủ tục)."""


@dataclass(frozen=True)
class Timeouts:
    idle_ms: int = 60_000
    ticket_ms: int = 10_000
    paperless_ms: int = 30_000
    """A ticket shown instead of printed stays longer: it is to be photographed."""


class KioskFlow(QObject):
    changed = Signal()
    focus_moved = Signal()
    chosen = Signal(str)
    """The keypad's 5 on the focused choice (its key): the window taps it."""

    def __init__(
        self,
        live: LiveCatalogue,
        taker: TicketTaker,
        timeouts: Timeouts | None = None,
        parent: QObject | None = None,
        lookup: DossierLookup | None = None,
    ) -> None:
        super().__init__(parent)
        self.live, self.taker = live, taker
        self.lookup = lookup if lookup is not None else DossierLookup(live.bridge, self)
        self.texts = TextsRequest(live.bridge, self)
        self.code = ""
        self.timeouts = timeouts or Timeouts()
        self.screen = Screen.HOME
        self.lang = Lang.VI
        self.agency_id: str | None = None
        self.service_id: str | None = None
        self.priority: PriorityKind | None = None
        self.query = ""
        self.search_mode = SearchMode.TAKE
        self.result: TakeResult | None = None
        self._procedure_from = Screen.HOME
        self.focus = Focus()
        self.large_text = False
        self.high_contrast = False
        self.voice = False
        """Voice guidance (kiosk.guide), for this citizen until the ticket or idle."""
        self._idle = self._timer(self._idle_out)
        self._shown = self._timer(self._idle_out)
        taker.finished.connect(self._taken)
        live.changed.connect(self.changed)
        self.lookup.changed.connect(self.changed)
        self.texts.changed.connect(self._texts_changed)

    def _timer(self, slot: Callable[[], None]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.timeout.connect(slot)
        return timer

    # --- what the screens show -----------------------------------------------------------

    @property
    def can_take(self) -> bool:
        return self.live.online and not self.taker.busy

    @property
    def agency(self) -> AgencyEntry | None:
        return self.live.catalogue.agency(self.agency_id)

    @property
    def service(self) -> ServiceEntry | None:
        return self.live.catalogue.service(self.service_id)

    @property
    def results(self) -> list[ServiceEntry]:
        return self.live.catalogue.search(self.query)

    @property
    def dossier(self) -> DossierInfo | None:
        return self.lookup.answer

    @property
    def result_service(self) -> ServiceEntry | None:
        """The result-return service of a ready dossier, when this kiosk's catalogue has it."""
        answer = self.lookup.answer
        if answer is None or not answer.ready or answer.result is None:
            return None
        if not answer.result.service:
            return None
        return self.live.catalogue.service(answer.result.service)

    @property
    def ticket_url(self) -> str:
        """The phone page of the ticket just taken (its QR code): the site's public URL, else
        the core's."""
        ticket = self.result.ticket if self.result is not None else None
        if ticket is None or ticket.public_token is None:
            return ""
        base = self.live.catalogue.site.public_url or self.live.bridge.base_url
        return f"{base.rstrip('/')}/t/{ticket.public_token}"

    @property
    def offers_texts(self) -> bool:
        """Whether the ticket screen offers texts: the centre sends them, a ticket was taken,
        and none was asked for it yet."""
        ticket = self.result.ticket if self.result is not None else None
        return (
            self.live.catalogue.site.sms
            and ticket is not None
            and self.texts.state is not TextsState.DONE
        )

    @property
    def check_in(self) -> CheckInAnswer | None:
        """The last check-in's answer (a booked holder's), when the last tap was one."""
        return self.result.check_in if self.result is not None else None

    @property
    def refusal_key(self) -> str:
        """The text key saying why the core refused the ticket."""
        code = self.result.refusal if self.result is not None else None
        if code == "too_many_tickets":  # this kiosk took tickets faster than a person does
            return "kiosk_problem_too_fast"
        if code in ("unknown_booking", "booking_closed"):
            return f"kiosk_problem_{code}"
        closed = Closed.of(code)
        return closed.text_key if closed is not Closed.OTHER else "kiosk_problem_refused"

    # --- intents ---------------------------------------------------------------------------

    def touched(self) -> None:
        """Any touch anywhere: the idle countdown starts again."""
        if self._idle.isActive():
            self._idle.start(self.timeouts.idle_ms)

    def press(self, move: Move) -> None:
        """A key of the tactile keypad: the first shows where the focus is; then moves go
        through the screen's choices, 5 chooses the focused one, back goes back."""
        self.touched()
        if move is Move.VOICE:
            self.focus.shown = True
            self.toggle_voice()
        elif not self.focus.shown:
            self.focus.shown = True
        elif move is Move.BACK:
            self.back()
            return
        elif move is Move.CHOOSE:
            if self.focus.key is not None:
                self.chosen.emit(self.focus.key)
            return
        else:
            self.focus.move(move)
        self.focus_moved.emit()

    def toggle_voice(self) -> None:
        """The home screen's "Hướng dẫn bằng giọng nói" (or + on the keypad)."""
        self.voice = not self.voice
        self.focus.shown = self.focus.shown or self.voice
        self.changed.emit()

    def toggle_large_text(self) -> None:
        """The home screen's "Chữ lớn": larger text on every screen, for this citizen."""
        self.large_text = not self.large_text
        self.changed.emit()

    def toggle_high_contrast(self) -> None:
        """The home screen's "Tương phản cao": the high-contrast colours, for this citizen."""
        self.high_contrast = not self.high_contrast
        self.changed.emit()

    def set_lang(self, lang: Lang) -> None:
        self.lang = lang
        self.changed.emit()

    def open_agency(self, agency_id: str) -> None:
        if self.live.catalogue.agency(agency_id) is not None:
            self.agency_id = agency_id
            self._go(Screen.AGENCY)

    def open_search(self, mode: SearchMode = SearchMode.TAKE) -> None:
        self.search_mode = mode
        self.query = ""
        self._go(Screen.SEARCH)

    def type_text(self, text: str) -> None:
        if len(self.query) + len(text) <= MAX_QUERY:
            self.query += text
            self.changed.emit()

    def erase(self) -> None:
        self.query = self.query[:-1]
        self.changed.emit()

    def clear_query(self) -> None:
        self.query = ""
        self.changed.emit()

    def open_dossier(self) -> None:
        """Tra cứu hồ sơ: the code pad, empty."""
        self.code = ""
        self._go(Screen.DOSSIER_ENTRY)

    def type_code(self, text: str) -> None:
        if len(self.code) + len(text) <= MAX_CODE:
            self.code += text
            self.changed.emit()

    def erase_code(self) -> None:
        self.code = self.code[:-1]
        self.changed.emit()

    def clear_code(self) -> None:
        self.code = ""
        self.changed.emit()

    def submit_code(self) -> None:
        """The code pad's "Tra cứu": ask about the code typed."""
        self.look_up_dossier(self.code)

    def scanned(self, text: str) -> None:
        """The scanner read a code on any screen: a booking's QR checks its holder in, any
        other code is looked up as a dossier's."""
        if is_booking_code(text):
            self.check_in_booking(text)
        else:
            self.look_up_dossier(text)

    def open_booking(self) -> None:
        """Tôi có lịch hẹn: the code pad, empty."""
        self.code = ""
        self._go(Screen.BOOKING_ENTRY)

    def submit_booking(self) -> None:
        self.check_in_booking(self.code)

    def check_in_booking(self, text: str) -> None:
        """A booking's code typed or scanned: the printer first, then the core checks the
        holder in (a ticket at their slot), or says they are too early or too late."""
        code = booking_code(text)
        if not code or not self.can_take or self.screen is Screen.PRINTING:
            return
        self.code = code
        request = TicketRequest("", None, self.lang, booking=code)
        if self.taker.take(request, self.live.catalogue.site):
            self._go(Screen.PRINTING)

    def walk_in_instead(self) -> None:
        """Too early or too late for the booking: an ordinary ticket for its service now."""
        answer = self.check_in
        if answer is not None and answer.booking is not None:
            self.choose_service(answer.booking.service.id)

    def look_up_dossier(self, text: str) -> None:
        """A code typed or scanned (on any screen): ask the core and show its answer.

        Not while a ticket is being printed; a shown ticket gives way (it is on paper)."""
        if self.screen is Screen.PRINTING or not clean_code(text):
            return
        self.code = clean_code(text)
        self.lookup.look_up(self.code)
        self._go(Screen.DOSSIER)

    def take_for_result(self) -> None:
        """A ready dossier's button: a ticket for the result-return service."""
        service = self.result_service
        if service is not None:
            self.choose_service(service.id)

    def open_texts(self) -> None:
        """The ticket screen's "Nhắn tin khi sắp đến lượt": the phone pad."""
        if self.offers_texts:
            self._go(Screen.TEXTS)

    def type_phone(self, digit: str) -> None:
        self.texts.type_digit(digit)

    def erase_phone(self) -> None:
        self.texts.erase()

    def send_texts(self) -> None:
        """ "Gửi" under the consent sentence: the number goes to the core for this ticket."""
        ticket = self.result.ticket if self.result is not None else None
        if self.screen is Screen.TEXTS and ticket is not None:
            self.texts.send(ticket.id, self.lang.value)

    def open_priority(self) -> None:
        self._go(Screen.PRIORITY)

    def confirm_priority(self, kind: PriorityKind) -> None:
        """The citizen confirmed who they are: the next ticket is a priority one."""
        self.priority = kind
        self._go(Screen.HOME)

    def cancel_priority(self) -> None:
        self.priority = None
        self._go(Screen.HOME)

    def open_procedure(self, service_id: str) -> None:
        if self.live.catalogue.service(service_id) is None:
            return
        self.service_id = service_id
        if self.screen is not Screen.PROCEDURE:
            self._procedure_from = self.screen
        self._go(Screen.PROCEDURE)

    def choose_service(self, service_id: str) -> None:
        """The tap on a service: take a ticket for it (if it takes tickets now)."""
        service = self.live.catalogue.service(service_id)
        if service is None or not service.available or not self.can_take:
            return
        self.service_id = service_id
        request = TicketRequest(service_id, self.priority, self.lang)
        if self.taker.take(request, self.live.catalogue.site):
            self._go(Screen.PRINTING)

    def retry(self) -> None:
        """After a problem: try the same service again."""
        if self.service_id is not None:
            self.choose_service(self.service_id)

    def take_from_procedure(self) -> None:
        if self.service_id is not None:
            self.choose_service(self.service_id)

    def back(self) -> None:
        if self.screen is Screen.PROCEDURE:
            self._go(self._procedure_from)
        elif self.screen is Screen.DOSSIER:
            self.open_dossier()
        elif self.screen is Screen.BOOKING:
            self.open_booking()
        elif self.screen is Screen.TEXTS:
            self._show_ticket()
        elif self.screen is not Screen.PRINTING:
            self.home()

    def home(self) -> None:
        """Back to the start, forgetting the citizen's choices (not the language); voice
        guidance ends with the ticket."""
        if self.screen is Screen.TICKET:
            self.voice = False
        self.agency_id = self.service_id = None
        self.priority = None
        self.query = self.code = ""
        self.result = None
        self.lookup.forget()
        self.texts.forget()
        self._go(Screen.HOME)

    # --- what happens by itself ------------------------------------------------------------

    def _go(self, screen: Screen) -> None:
        if screen is not self.screen:
            self.focus.reset()
        self.screen = screen
        self._shown.stop()
        if screen is Screen.HOME:
            self._idle.stop()
        else:
            self._idle.start(self.timeouts.idle_ms)
        self.changed.emit()

    def _taken(self, result: TakeResult) -> None:
        self.result = result
        self.texts.forget()
        if result.outcome.has_ticket:
            self._show_ticket()
        elif result.outcome is Outcome.NOT_NOW:
            self._go(Screen.BOOKING)
        else:
            self._go(Screen.PROBLEM)

    def _show_ticket(self) -> None:
        """The ticket screen, for its own time (longer when it is the only copy)."""
        self._go(Screen.TICKET)
        paperless = self.result is not None and self.result.outcome is not Outcome.PRINTED
        ms = self.timeouts.paperless_ms if paperless else self.timeouts.ticket_ms
        self._idle.stop()
        self._shown.start(ms)

    def _texts_changed(self) -> None:
        if self.screen is Screen.TEXTS and self.texts.state is TextsState.DONE:
            self._show_ticket()  # back to the ticket, which says where the texts will go
        else:
            self.changed.emit()

    def _idle_out(self) -> None:
        if self.screen is Screen.PRINTING:
            self._idle.start(self.timeouts.idle_ms)  # the printer decides within seconds
            return
        self.voice = False  # before home: the next citizen hears nothing
        self.home()
        self.lang = Lang.VI
        self.focus.shown = False
        self.large_text = self.high_contrast = False
        self.changed.emit()
