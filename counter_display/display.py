"""The counter-facing display (``luot-counter-display``): the number called here, the counter's
clerk and services, who is waiting, paused or closed; then the citizen's rating faces.

Thin widgets over a DisplayViewModel and its RatingViewModel.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from counter_display.display_model import DisplayViewModel
from counter_display.faces import FaceButton
from counter_display.rating import RatingPhase
from queue_core.domain import CounterState
from ui_common.demo import DemoOptions, add_demo_options
from ui_common.qt import Qt, QTimer, QtWidgets
from ui_common.texts import Lang, tr
from ui_common.theme import PALETTE, pixel_font
from ui_common.widgets import Clock

BOLD = pixel_font(1).Weight.Bold
FLASHES = 6
FLASH_MS = 350


def _label(size: int, bold: bool = False, colour: str = PALETTE.board_ink) -> QtWidgets.QLabel:
    label = QtWidgets.QLabel()
    label.setFont(pixel_font(size, BOLD if bold else pixel_font(1).Weight.Normal))
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {colour}; background: transparent;")
    return label


def _both(key: str, lang: Lang, **values: object) -> tuple[str, str]:
    """The text in the display's language and in the other one (shown smaller)."""
    other = Lang.EN if lang is Lang.VI else Lang.VI
    return tr(key, lang, **values), tr(key, other, **values)


class NumberPage(QtWidgets.QFrame):
    """The counter, the number called, the clerk, who waits; paused and closed said plainly."""

    def __init__(self, model: DisplayViewModel, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.setObjectName("numberPage")
        outer = QtWidgets.QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        header = QtWidgets.QFrame()
        header.setObjectName("header")
        header.setStyleSheet(f"#header {{ background: {PALETTE.primary}; }}")
        top = QtWidgets.QHBoxLayout(header)
        top.setContentsMargins(36, 18, 36, 18)
        self.counter = _label(96, bold=True)
        self.services = _label(26)
        self.services.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.counter)
        top.addWidget(self.services, 1)
        outer.addWidget(header)
        self.body = QtWidgets.QFrame()
        self.body.setObjectName("body")
        body = QtWidgets.QVBoxLayout(self.body)
        body.setContentsMargins(36, 20, 36, 20)
        body.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption = _label(44, bold=True)
        self.caption_en = _label(28)
        self.number = _label(280, bold=True, colour=PALETTE.board_number)
        self.service = _label(34)
        self.waiting = _label(36, bold=True)
        for widget in (self.caption, self.caption_en, self.number, self.service, self.waiting):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            body.addWidget(widget)
        outer.addWidget(self.body, 1)
        footer = QtWidgets.QFrame()
        footer.setObjectName("footer")
        footer.setStyleSheet("#footer { background: rgba(255,255,255,0.08); }")
        bottom = QtWidgets.QHBoxLayout(footer)
        bottom.setContentsMargins(36, 14, 36, 14)
        self.clerk = _label(32, bold=True)
        self.clock = Clock(model.lang)
        self.clock.setFont(pixel_font(26))
        self.clock.setStyleSheet(f"color: {PALETTE.board_ink}; background: transparent;")
        bottom.addWidget(self.clerk, 1)
        bottom.addWidget(self.clock)
        outer.addWidget(footer)
        self._flashes_left = 0
        self._flash_on = False
        self._flash_timer = QTimer(self)
        self._flash_timer.setInterval(FLASH_MS)
        self._flash_timer.timeout.connect(self._flash_step)
        self._paint_ground()

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
        self.services.setText(self._services_text())
        self.clock.lang = lang
        staff = snap.staff_name
        if staff and snap.state is not CounterState.CLOSED:
            title = f" — {snap.staff_title}" if snap.staff_title else ""
            self.clerk.setText(f"{tr('display_clerk_on_duty', lang)}: {staff}{title}")
        else:
            self.clerk.setText("")
        if snap.state is not CounterState.OPEN and snap.ticket is None:
            self._show_state(snap.state)
        elif snap.ticket is not None:
            self._show_ticket()
        else:
            self._show_between()

    def _services_text(self) -> str:
        lines: list[str] = []
        last_agency = None
        for agency, service in self.model.services():
            if agency != last_agency:
                lines.append(f"<b>{agency}</b>")
                last_agency = agency
            lines.append(service)
        return "<br>".join(lines)

    def _show_state(self, state: CounterState) -> None:
        key = "display_paused" if state is CounterState.PAUSED else "display_closed"
        main, other = _both(key, self.model.lang)
        detail = tr(f"{key}_detail", self.model.lang)
        self.caption.setText(main.upper())
        self.caption_en.setText(other)
        self.number.setText("")
        self.service.setText(detail)
        self.waiting.setText("")

    def _show_ticket(self) -> None:
        ticket = self.model.ticket
        assert ticket is not None
        main, other = _both("display_inviting", self.model.lang)
        self.caption.setText(main)
        self.caption_en.setText(other)
        self.number.setText(ticket.number)
        en = self.model.lang is Lang.EN
        self.service.setText((ticket.service.name_en if en else "") or ticket.service.name)
        self.waiting.setText(self._waiting_text())

    def _show_between(self) -> None:
        main, other = _both("display_welcome", self.model.lang)
        self.caption.setText(main)
        self.caption_en.setText(other)
        self.number.setText("")
        self.service.setText("")
        self.waiting.setText(self._waiting_text(big=True))

    def _waiting_text(self, big: bool = False) -> str:
        lang = self.model.lang
        waiting = self.model.snapshot.waiting
        if not waiting:
            return tr("display_nobody_waiting", lang) if big else ""
        numbers = "   ".join(t.number for t in waiting[: 8 if big else 4])
        return f"{tr('display_waiting', lang)}:  {numbers}"


class FacesPage(QtWidgets.QWidget):
    """The question and one big face per level of the site."""

    def __init__(self, model: DisplayViewModel, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(40, 40, 40, 40)
        layout.setSpacing(20)
        self.number = _label(34, bold=True, colour=PALETTE.muted)
        self.question = _label(46, bold=True, colour=PALETTE.ink)
        self.hint = _label(28, colour=PALETTE.muted)
        for label in (self.number, self.question, self.hint):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)
        self.row = QtWidgets.QHBoxLayout()
        self.row.setSpacing(24)
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


class ReasonPage(QtWidgets.QWidget):
    """The site's reasons as big buttons, and "skip"."""

    def __init__(self, model: DisplayViewModel, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.layout_ = QtWidgets.QVBoxLayout(self)
        self.layout_.setContentsMargins(80, 40, 80, 40)
        self.layout_.setSpacing(16)
        self.question = _label(44, bold=True, colour=PALETTE.ink)
        self.question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.layout_.addWidget(self.question)
        self.buttons: list[QtWidgets.QPushButton] = []
        self.skip = QtWidgets.QPushButton()
        self.skip.setMinimumHeight(80)
        self.skip.setStyleSheet(f"background: {PALETTE.muted};")
        self.skip.clicked.connect(lambda: self.model.rating.choose_reason(None))
        self._built_for: tuple[str, ...] | None = None

    def refresh(self) -> None:
        lang = self.model.lang
        reasons = tuple(self.model.rating.reasons)
        if self._built_for != reasons:
            for button in self.buttons:
                self.layout_.removeWidget(button)
                button.deleteLater()
            self.buttons = []
            for reason in reasons:
                button = QtWidgets.QPushButton(reason)
                button.setMinimumHeight(88)
                button.setFont(pixel_font(32, BOLD))
                button.clicked.connect(lambda _=False, r=reason: self.model.rating.choose_reason(r))
                self.layout_.addWidget(button)
                self.buttons.append(button)
            self.layout_.removeWidget(self.skip)
            self.layout_.addWidget(self.skip)
            self._built_for = reasons
        self.question.setText(tr("rating_reason_question", lang))
        self.skip.setText(tr("rating_skip", lang))


class ThanksPage(QtWidgets.QWidget):
    def __init__(self, model: DisplayViewModel, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        layout = QtWidgets.QVBoxLayout(self)
        layout.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.face = FaceButton(1.0, "", face_size=260)
        self.face.setEnabled(False)
        self.face.setFixedSize(320, 320)
        self.title = _label(72, bold=True, colour=PALETTE.ok)
        self.other = _label(36, colour=PALETTE.muted)
        self.detail = _label(32, colour=PALETTE.ink)
        layout.addWidget(self.face, alignment=Qt.AlignmentFlag.AlignCenter)
        for label in (self.title, self.other, self.detail):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
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
        self.resize(1280, 720)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.stack = QtWidgets.QStackedWidget()
        self.number_page = NumberPage(model)
        self.faces_page = FacesPage(model)
        self.reason_page = ReasonPage(model)
        self.thanks_page = ThanksPage(model)
        self.pages: dict[RatingPhase, QtWidgets.QWidget] = {
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
        page.refresh()  # type: ignore[attr-defined]
        self.stack.setCurrentWidget(page)


def main(argv: Sequence[str] | None = None) -> int:
    """``luot-counter-display --counter N [--core URL] [--lang en] [--led URL] [--windowed]``."""
    from counter_display.app import run_display

    parser = argparse.ArgumentParser(prog="luot-counter-display", description=main.__doc__)
    parser.add_argument("--counter", type=int, required=True, help="the counter it faces")
    parser.add_argument("--core", help="the core's URL (default: found on the LAN, or settings)")
    parser.add_argument("--lang", choices=[lang.value for lang in Lang], default=Lang.VI.value)
    parser.add_argument("--led", help="an LED line display, e.g. serial:///dev/ttyUSB1?framing=stx")
    parser.add_argument("--windowed", action="store_true", help="not full screen")
    add_demo_options(parser, pairs=True)
    args = parser.parse_args(argv)
    return run_display(
        args.counter, args.core, Lang(args.lang), args.led, args.windowed, DemoOptions.of(args)
    )


if __name__ == "__main__":
    sys.exit(main())
