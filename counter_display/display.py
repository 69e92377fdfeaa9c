"""The counter-facing display (``luot-counter-display``): the number called here, the counter's
clerk and services, who is waiting, paused or closed; then the citizen's rating faces.

Thin widgets over a DisplayViewModel and its RatingViewModel.
"""

from __future__ import annotations

from counter_display.display_model import DisplayViewModel
from counter_display.faces import FaceButton
from counter_display.parts import BOLD, FitLabel, FitNumber, TwoLineClock
from counter_display.rating import RatingPhase
from queue_core.client import CounterState
from ui_common.qt import Qt, QTimer, QtWidgets
from ui_common.texts import Lang, in_lang, tr
from ui_common.theme import PALETTE, pixel_font
from ui_common.widgets import scroller

SIZE = (1280, 720)
"""The display's window: a 720p screen above the counter, or a 1080p TV full screen."""
FLASHES = 6
FLASH_MS = 350
NUMBER_LEAST_PX = 200
NUMBER_MOST_PX = 560
"""The called number's size: as large as the room the other lines leave, within these."""
CAPTION_PX, OTHER_PX, SERVICE_PX, WAITING_PX = 40, 26, 32, 32
"""The lines around a called number."""
CAPTION_BETWEEN_PX, WAITING_BETWEEN_PX = 56, 44
CAPTION_ALONE_PX, OTHER_ALONE_PX, DETAIL_ALONE_PX = 72, 34, 40
"""Paused or closed: no number, so the words take its place."""
REASON_HEIGHT = 96
REASON_ROWS_SHOWN = 3


def _label(
    px: int, bold: bool = False, colour: str = PALETTE.board_ink, lines: int = 1
) -> FitLabel:
    return FitLabel(px, bold, colour, lines, Qt.AlignmentFlag.AlignCenter)


def _both(key: str, lang: Lang, **values: object) -> tuple[str, str]:
    """The text in the display's language and in the other one (shown smaller)."""
    other = Lang.EN if lang is Lang.VI else Lang.VI
    return tr(key, lang, **values), tr(key, other, **values)


class NumberPage(QtWidgets.QFrame):
    """The counter, the number called, the clerk, who waits; paused and closed said plainly.

    Read from across the hall: the number takes all the room the lines around it leave; the
    counter's services in the header take at most three lines (its agencies, then as many
    services as two lines hold and "+N more").
    """

    def __init__(self, model: DisplayViewModel, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.setObjectName("numberPage")
        outer = QtWidgets.QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self._header())
        self.body = QtWidgets.QFrame()
        self.body.setObjectName("body")
        body = QtWidgets.QVBoxLayout(self.body)
        body.setContentsMargins(32, 12, 32, 10)
        body.setSpacing(4)
        self.caption = _label(40, bold=True)
        self.caption_en = _label(26)
        self.number = FitNumber(NUMBER_LEAST_PX, NUMBER_MOST_PX)
        self.number.setObjectName("calledNumber")
        self.service = _label(32)
        self.waiting = _label(32, bold=True, lines=2)
        body.addStretch(0)
        for widget in (self.caption, self.caption_en):
            body.addWidget(widget)
        body.addWidget(self.number, 1)
        body.addWidget(self.service)
        body.addWidget(self.waiting)
        body.addStretch(0)
        outer.addWidget(self.body, 1)
        outer.addWidget(self._footer())
        self._flashes_left = 0
        self._flash_on = False
        self._flash_timer = QTimer(self)
        self._flash_timer.setInterval(FLASH_MS)
        self._flash_timer.timeout.connect(self._flash_step)
        self._paint_ground()

    def _header(self) -> QtWidgets.QFrame:
        header = QtWidgets.QFrame()
        header.setObjectName("header")
        header.setStyleSheet(f"#header {{ background: {PALETTE.primary}; }}")
        top = QtWidgets.QHBoxLayout(header)
        top.setContentsMargins(32, 8, 32, 8)
        top.setSpacing(32)
        self.counter = QtWidgets.QLabel()  # never cut: the counter's number is what is read
        self.counter.setFont(pixel_font(80, BOLD))
        self.counter.setStyleSheet(f"color: {PALETTE.board_ink}; background: transparent;")
        right = Qt.AlignmentFlag.AlignRight
        self.agencies = FitLabel(24, True, PALETTE.board_ink, 1, right)
        self.services = FitLabel(24, False, PALETTE.board_ink, 2, right)
        block = QtWidgets.QVBoxLayout()
        block.setSpacing(0)
        block.addStretch(1)
        block.addWidget(self.agencies)
        block.addWidget(self.services)
        block.addStretch(1)
        top.addWidget(self.counter)
        top.addLayout(block, 1)
        return header

    def _footer(self) -> QtWidgets.QFrame:
        footer = QtWidgets.QFrame()
        footer.setObjectName("footer")
        footer.setStyleSheet("#footer { background: rgba(255,255,255,0.08); }")
        bottom = QtWidgets.QHBoxLayout(footer)
        bottom.setContentsMargins(32, 8, 32, 8)
        bottom.setSpacing(32)
        self.clerk = FitLabel(30, True, PALETTE.board_ink)
        self.clerk_title = FitLabel(22, False, PALETTE.board_ink)
        who = QtWidgets.QVBoxLayout()
        who.setSpacing(0)
        who.addWidget(self.clerk)
        who.addWidget(self.clerk_title)
        self.clock = TwoLineClock(30, 22, self.model.lang)
        self.clock.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.clock.setStyleSheet(f"color: {PALETTE.board_ink}; background: transparent;")
        bottom.addLayout(who, 1)
        bottom.addWidget(self.clock)
        return footer

    # --- the flash on each call and recall --------------------------------------------------

    def start_flash(self) -> None:
        self._flashes_left = FLASHES
        self._flash_on = True
        self._paint_ground()
        self._flash_timer.start()

    @property
    def flashing(self) -> bool:
        return self._flash_on

    def _flash_step(self) -> None:
        self._flashes_left -= 1
        self._flash_on = self._flashes_left > 0 and not self._flash_on
        if self._flashes_left <= 0:
            self._flash_timer.stop()
            self._flash_on = False
        self._paint_ground()

    def _paint_ground(self) -> None:
        ground = PALETTE.highlight if self._flash_on else PALETTE.board_ground
        number = PALETTE.board_ground if self._flash_on else PALETTE.board_number
        self.setStyleSheet(f"#numberPage, #body {{ background: {ground}; }}")
        self.number.setStyleSheet(f"color: {number}; background: transparent;")

    # --- what it shows ----------------------------------------------------------------------

    def refresh(self) -> None:
        m, lang = self.model, self.model.lang
        snap = m.snapshot
        self.counter.setText(tr("display_counter", lang, n=m.counter))
        self._show_services()
        self.clock.lang = lang
        self.clock.refresh()
        staff = snap.staff_name if snap.state is not CounterState.CLOSED else None
        self.clerk.setText(f"{tr('display_clerk_on_duty', lang)}: {staff}" if staff else "")
        self.clerk_title.setText(snap.staff_title if staff else "")
        self.clerk_title.setVisible(bool(staff and snap.staff_title))
        if snap.state is not CounterState.OPEN and snap.ticket is None:
            self._show_state(snap.state)
        elif snap.ticket is not None:
            self._show_ticket()
        else:
            self._show_between()
        for label in (self.service, self.waiting):
            label.setVisible(bool(label.text()))
        self.number.setVisible(bool(self.number.text()))

    def _show_services(self) -> None:
        pairs = self.model.services()
        agencies = list(dict.fromkeys(agency for agency, _ in pairs))
        lang = self.model.lang
        self.agencies.set_items(agencies, lambda n: tr("counter_more_n", lang, n=n), " · ")
        self.services.set_items(
            [service for _, service in pairs],
            lambda n: tr("display_more_services", lang, n=n),
            " · ",
        )

    def _show_state(self, state: CounterState) -> None:
        key = "display_paused" if state is CounterState.PAUSED else "display_closed"
        main, other = _both(key, self.model.lang)
        self._type(CAPTION_ALONE_PX, OTHER_ALONE_PX, DETAIL_ALONE_PX)
        self.caption.setText(main.upper())
        self.caption_en.setText(other)
        self.number.setText("")
        self.service.setText(tr(f"{key}_detail", self.model.lang))
        self.waiting.setText("")

    def _show_ticket(self) -> None:
        ticket = self.model.ticket
        assert ticket is not None
        main, other = _both("display_inviting", self.model.lang)
        self._type(CAPTION_PX, OTHER_PX, SERVICE_PX)
        self.caption.setText(main)
        self.caption_en.setText(other)
        self.number.setText(ticket.number)
        service = in_lang(self.model.lang, ticket.service.name, ticket.service.name_en)
        if ticket.appointment_at is not None:  # a booked holder: their slot, as on their slip
            slot = tr("counter_appointment", self.model.lang, time=f"{ticket.appointment_at:%H:%M}")
            service = f"{slot} · {service}"
        self.service.setText(service)
        self._show_waiting(WAITING_PX, lines=1)

    def _show_between(self) -> None:
        main, other = _both("display_welcome", self.model.lang)
        self._type(CAPTION_BETWEEN_PX, OTHER_ALONE_PX, SERVICE_PX)
        self.caption.setText(main)
        self.caption_en.setText(other)
        self.number.setText("")
        self.service.setText("")
        self._show_waiting(WAITING_BETWEEN_PX, lines=2)

    def _type(self, caption: int, other: int, detail: int) -> None:
        """Sizes for the lines around the number: larger when there is no number."""
        self.caption.setFont(pixel_font(caption, BOLD))
        self.caption_en.setFont(pixel_font(other))
        self.service.setFont(pixel_font(detail))

    def _show_waiting(self, px: int, lines: int) -> None:
        """Who waits, as many numbers as ``lines`` hold, then "+N"; between tickets, larger."""
        lang = self.model.lang
        self.waiting.setFont(pixel_font(px, BOLD))
        self.waiting.set_lines(lines)
        numbers = [t.number for t in self.model.snapshot.waiting]
        if not numbers:
            between = lines > 1
            self.waiting.setText(tr("display_nobody_waiting", lang) if between else "")
            return
        self.waiting.set_items(
            numbers,
            lambda n: tr("counter_more_n", lang, n=n),
            "   ",
            f"{tr('display_waiting', lang)}:  ",
        )


class FacesPage(QtWidgets.QWidget):
    """The question and one big face per level of the site."""

    def __init__(self, model: DisplayViewModel, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 28)
        layout.setSpacing(10)
        self.number = _label(34, bold=True, colour=PALETTE.muted)
        self.question = _label(42, bold=True, colour=PALETTE.ink, lines=2)
        self.hint = _label(26, colour=PALETTE.muted, lines=2)
        for label in (self.number, self.question, self.hint):
            layout.addWidget(label)
        self.row = QtWidgets.QHBoxLayout()
        self.row.setSpacing(20)
        layout.addLayout(self.row, 1)
        self.faces: list[FaceButton] = []
        self._built_for: tuple[tuple[str, ...], Lang] | None = None

    def refresh(self) -> None:
        m, lang = self.model, self.model.lang
        levels = m.rating.levels
        if self._built_for != (levels.names, lang):
            self._build(lang)
        ticket = m.rating.ticket
        self.number.setText(ticket.number if ticket else "")
        question, other = _both("rating_question", lang)
        self.question.setText(question)
        self.hint.setText(f"{tr('rating_touch', lang)} · {other}")

    def _build(self, lang: Lang) -> None:
        for face in self.faces:
            self.row.removeWidget(face)
            face.deleteLater()
        levels = self.model.rating.levels
        self.faces = []
        for index in range(len(levels)):
            face = FaceButton(levels.mood(index), levels.name(index, lang))
            face.clicked.connect(lambda _=False, i=index: self.model.rating.choose(i))
            self.row.addWidget(face)
            self.faces.append(face)
        self._built_for = (levels.names, lang)


class ReasonButton(QtWidgets.QPushButton):
    """A reason as a big button whose words wrap to two lines (then "…")."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason
        self.setMinimumHeight(REASON_HEIGHT)
        self.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Expanding, QtWidgets.QSizePolicy.Policy.Preferred
        )
        self.words = _label(30, bold=True, colour=PALETTE.on_primary, lines=2)
        self.words.setText(reason)
        self.words.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(20, 8, 20, 8)
        layout.addWidget(self.words)


class ReasonPage(QtWidgets.QWidget):
    """The site's reasons as big buttons (two columns past three), and "skip"."""

    def __init__(self, model: DisplayViewModel, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(48, 28, 48, 28)
        layout.setSpacing(16)
        self.question = _label(40, bold=True, colour=PALETTE.ink, lines=2)
        layout.addWidget(self.question)
        layout.addStretch(1)
        holder = QtWidgets.QWidget()
        self.grid = QtWidgets.QGridLayout(holder)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(16)
        self.reasons_scroll = scroller(holder, "reasonScroll", see_through=True)
        layout.addWidget(self.reasons_scroll, 100)
        layout.addStretch(1)
        self.buttons: list[ReasonButton] = []
        self.skip = QtWidgets.QPushButton()
        self.skip.setMinimumHeight(80)
        self.skip.setFont(pixel_font(30, BOLD))
        self.skip.setStyleSheet(f"background: {PALETTE.muted};")
        self.skip.clicked.connect(lambda: self.model.rating.choose_reason(None))
        layout.addWidget(self.skip)
        self._built_for: tuple[str, ...] | None = None

    def refresh(self) -> None:
        lang = self.model.lang
        reasons = tuple(self.model.rating.reasons)
        if self._built_for != reasons:
            self._build(reasons)
        self.question.setText(tr("rating_reason_question", lang))
        self.skip.setText(tr("rating_skip", lang))

    def _build(self, reasons: tuple[str, ...]) -> None:
        for button in self.buttons:
            self.grid.removeWidget(button)
            button.deleteLater()
        columns = 1 if len(reasons) <= 3 else 2
        self.buttons = []
        for index, reason in enumerate(reasons):
            button = ReasonButton(reason)
            button.clicked.connect(lambda _=False, r=reason: self.model.rating.choose_reason(r))
            self.grid.addWidget(button, index // columns, index % columns)
            self.buttons.append(button)
        rows = -(-len(reasons) // columns)
        shown = min(rows, REASON_ROWS_SHOWN)  # more than these scroll
        self.reasons_scroll.setMinimumHeight(max(0, shown * (REASON_HEIGHT + 16) - 16))
        self.reasons_scroll.setMaximumHeight(max(0, rows * (REASON_HEIGHT + 46) - 16))
        self._built_for = reasons


class ThanksPage(QtWidgets.QWidget):
    def __init__(self, model: DisplayViewModel, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        layout = QtWidgets.QVBoxLayout(self)
        layout.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.setContentsMargins(32, 24, 32, 24)
        self.face = FaceButton(1.0, "", face_size=240)
        self.face.setEnabled(False)
        self.face.setFixedSize(300, 300)
        self.title = _label(72, bold=True, colour=PALETTE.ok)
        self.other = _label(36, colour=PALETTE.muted)
        self.detail = _label(32, colour=PALETTE.ink, lines=2)
        layout.addWidget(self.face, alignment=Qt.AlignmentFlag.AlignCenter)
        for label in (self.title, self.other, self.detail):
            layout.addWidget(label)

    def refresh(self) -> None:
        title, other = _both("rating_thanks", self.model.lang)
        self.title.setText(title)
        self.other.setText(other)
        self.detail.setText(tr("rating_thanks_detail", self.model.lang))


class DisplayWindow(QtWidgets.QWidget):
    """The whole display: the number page, or a rating page while a rating is asked."""

    def __init__(self, model: DisplayViewModel, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.resize(*SIZE)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.stack = QtWidgets.QStackedWidget()
        self.number_page = NumberPage(model)
        self.faces_page = FacesPage(model)
        self.reason_page = ReasonPage(model)
        self.thanks_page = ThanksPage(model)
        self.pages: dict[RatingPhase, NumberPage | FacesPage | ReasonPage | ThanksPage] = {
            RatingPhase.IDLE: self.number_page,
            RatingPhase.FACES: self.faces_page,
            RatingPhase.REASON: self.reason_page,
            RatingPhase.THANKS: self.thanks_page,
        }
        for page in self.pages.values():
            self.stack.addWidget(page)
        layout.addWidget(self.stack)
        model.changed.connect(self.refresh)
        model.flash.connect(self.number_page.start_flash)
        self.refresh()

    def refresh(self) -> None:
        self.setWindowTitle(f"Lượt · {tr('counter_n', self.model.lang, n=self.model.counter)}")
        page = self.pages[self.model.rating.phase]
        page.refresh()
        self.stack.setCurrentWidget(page)
