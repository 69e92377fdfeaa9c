"""The kiosk's window: header (centre, clock, language), the reconnect banner, the screens.

Its shape decides the layout: taller than wide lays every screen out for portrait
(1080×1920), else for landscape (1920×1080). The window never grows past the size its
screen gives it; that every screen's content fits both sizes is tested (``fit``).
"""

from __future__ import annotations

from kiosk.flow import KioskFlow, Screen
from kiosk.keypad import move_of, reading_order
from kiosk.widgets.booking import BookingEntryScreen, BookingScreen
from kiosk.widgets.dossier import DossierEntryScreen, DossierScreen
from kiosk.widgets.focus import FocusRing, choices
from kiosk.widgets.home import AgencyScreen, HomeScreen
from kiosk.widgets.look import restyle
from kiosk.widgets.parts import MIN_TOUCH, Tile, Tone, big_button, label
from kiosk.widgets.priority import PriorityScreen
from kiosk.widgets.screen import Screen as ScreenWidget
from kiosk.widgets.search import ProcedureScreen, SearchScreen
from kiosk.widgets.texting import TextsScreen
from kiosk.widgets.ticket import PrintingScreen, ProblemScreen, TicketScreen
from ui_common.qt import QObject, QtCore, QtGui, QtWidgets, Signal
from ui_common.texts import Lang, tr
from ui_common.theme import PALETTE, brand_bar
from ui_common.widgets import Clock, ReconnectBanner

__all__ = ["KioskWindow"]

_TOUCHES = (QtCore.QEvent.Type.MouseButtonPress, QtCore.QEvent.Type.TouchBegin)


class Header(QtWidgets.QFrame):
    """The centre's name, date and clock, and the Tiếng Việt / English switch."""

    def __init__(self, flow: KioskFlow) -> None:
        super().__init__()
        self.flow = flow
        brand_bar(self, "kioskHeader")
        row = QtWidgets.QHBoxLayout(self)
        row.setContentsMargins(32, 14, 32, 14)
        row.setSpacing(20)
        self.row = row
        names = QtWidgets.QVBoxLayout()
        self.centre = label("", 36, bold=True, color="white")
        self.clock = Clock()
        self.clock.setFont(label("", 28).font())
        self.clock.setWordWrap(True)  # in large text the date goes under the time
        names.addWidget(self.centre)
        names.addWidget(self.clock)
        row.addLayout(names, 1)
        self.langs: dict[Lang, QtWidgets.QPushButton] = {}
        for lang in Lang:
            button = big_button(tr(f"language_{lang.value}", lang), Tone.QUIET, 28)
            button.setObjectName(f"lang:{lang.value}")
            button.setMinimumWidth(220)
            button.clicked.connect(lambda _=False, lg=lang: flow.set_lang(lg))
            self.langs[lang] = button
            row.addWidget(button)

    def set_portrait(self, portrait: bool) -> None:
        """Landscape has little height to spare: a lower band, buttons as tall as a finger."""
        margin = 14 if portrait else 8
        self.row.setContentsMargins(32, margin, 32, margin)
        for button in self.langs.values():
            button.setMinimumHeight(MIN_TOUCH if portrait else 96)

    def refresh(self) -> None:
        flow = self.flow
        site = flow.live.catalogue.site
        self.centre.setText(site.title(flow.lang) or flow.live.site_name)
        self.clock.lang = flow.lang
        self.clock.refresh()
        for lang, button in self.langs.items():
            chosen = lang is flow.lang
            button.setStyleSheet(
                f"QPushButton {{ background: {PALETTE.highlight if chosen else 'white'};"
                f" color: {PALETTE.ink}; border: none; border-radius: 16px; padding: 10px 20px; }}"
            )


class PriorityStrip(QtWidgets.QFrame):
    """While a priority ticket is being taken: says so, with a way to drop it."""

    def __init__(self, flow: KioskFlow) -> None:
        super().__init__()
        self.flow = flow
        self.setObjectName("priorityStrip")
        self.setStyleSheet(f"#priorityStrip {{ background: {PALETTE.accent}; }}")
        row = QtWidgets.QHBoxLayout(self)
        row.setContentsMargins(32, 10, 32, 10)
        self.text = label("", 32, bold=True, color="white")
        self.drop = big_button("", Tone.QUIET, 28, on_click=flow.cancel_priority)
        self.drop.setMinimumHeight(96)
        row.addWidget(self.text, 1)
        row.addWidget(self.drop)

    def refresh(self) -> None:
        flow = self.flow
        shown = flow.priority is not None and flow.screen in (
            Screen.HOME,
            Screen.AGENCY,
            Screen.SEARCH,
            Screen.PROCEDURE,
        )
        self.setVisible(shown)
        if flow.priority is not None:
            kind = tr(f"kiosk_priority_{flow.priority.value}", flow.lang)
            self.text.setText(tr("kiosk_priority_mode", flow.lang, kind=kind))
            self.drop.setText(tr("kiosk_priority_drop", flow.lang))


class KioskWindow(QtWidgets.QWidget):
    """Shows KioskFlow; every touch anywhere restarts its idle countdown; the tactile
    keypad's keys reach the flow, and the ring shows its focus."""

    focus_shown = Signal()
    """The focus was placed on the screen's choices (voice guidance reads it)."""

    def __init__(self, flow: KioskFlow) -> None:
        super().__init__()
        self.flow = flow
        self.setWindowTitle(tr("app_name"))
        self.header = Header(flow)
        self.banner = ReconnectBanner()
        self.strip = PriorityStrip(flow)
        self.strip.hide()
        self.stack = QtWidgets.QStackedWidget()
        self.screens: dict[Screen, ScreenWidget] = {
            Screen.HOME: HomeScreen(flow),
            Screen.AGENCY: AgencyScreen(flow),
            Screen.SEARCH: SearchScreen(flow),
            Screen.PROCEDURE: ProcedureScreen(flow),
            Screen.PRIORITY: PriorityScreen(flow),
            Screen.PRINTING: PrintingScreen(flow),
            Screen.TICKET: TicketScreen(flow),
            Screen.PROBLEM: ProblemScreen(flow),
            Screen.DOSSIER_ENTRY: DossierEntryScreen(flow),
            Screen.DOSSIER: DossierScreen(flow),
            Screen.TEXTS: TextsScreen(flow),
            Screen.BOOKING_ENTRY: BookingEntryScreen(flow),
            Screen.BOOKING: BookingScreen(flow),
        }
        for screen in self.screens.values():
            self.stack.addWidget(screen)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        # The screen sets the size; a layout between orientations must not grow the window.
        layout.setSizeConstraint(QtWidgets.QLayout.SizeConstraint.SetNoConstraint)
        for part in (self.header, self.banner, self.strip):
            layout.addWidget(part)
        layout.addWidget(self.stack, 1)
        self.portrait: bool | None = None
        self._size_by(self.current)
        self.set_portrait(True)
        self.ring = FocusRing(self)
        self.ring.hide()
        self._look = (False, False)
        flow.changed.connect(self.refresh)
        flow.focus_moved.connect(self.show_focus)
        flow.chosen.connect(self._choose)
        app = QtWidgets.QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.refresh()

    @property
    def current(self) -> ScreenWidget:
        return self.screens[self.flow.screen]

    def refresh(self) -> None:
        flow = self.flow
        self.header.refresh()
        self.banner.set_lang(flow.lang)
        self.banner.show_state(flow.live.state)
        self.strip.refresh()
        screen = self.current
        screen.refresh()
        if self.stack.currentWidget() is not screen:
            self._size_by(screen)
            self.stack.setCurrentWidget(screen)
        look = (flow.large_text, flow.high_contrast)
        if any(look) or look != self._look:
            restyle(self, *look)
            self._look = look
        QtCore.QTimer.singleShot(0, self.show_focus)  # once the screen is laid out

    def show_focus(self) -> None:
        """Tell the flow's focus the choices on screen now, and ring the focused one."""
        found = choices(self)
        focus = self.flow.focus
        spots = [spot for spot, _ in found.values()]
        first = next(
            (
                spot.key
                for spot in reading_order(spots)
                if self.current.isAncestorOf(button := found[spot.key][1])
                and button.isEnabled()
                and button.objectName() != "back"
            ),
            None,
        )
        focus.place(spots, first)
        shown = focus.shown and focus.key in found
        self.ring.ring(found[focus.key][1] if shown and focus.key else None)
        self.focus_shown.emit()

    def describe(self, key: str) -> str:
        """The words of the choice ``key`` (a tile's lines), and that it is greyed."""
        found = choices(self).get(key)
        if found is None:
            return ""
        button = found[1]
        lines = button.text_lines() if isinstance(button, Tile) else [button.text()]
        words = ". ".join(line for line in lines if line)
        return (
            words if button.isEnabled() else f"{words}. {tr('kiosk_voice_greyed', self.flow.lang)}"
        )

    def _choose(self, key: str) -> None:
        found = choices(self).get(key)
        if found is not None and found[1].isEnabled():
            found[1].click()

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        keypad = bool(event.modifiers() & QtCore.Qt.KeyboardModifier.KeypadModifier)
        move = move_of(event.key(), keypad)
        if move is None:
            super().keyPressEvent(event)
            return
        self.show_focus()
        self.flow.press(move)

    def _size_by(self, shown: ScreenWidget) -> None:
        """The stack's minimum size is the shown screen's alone (not the largest screen's)."""
        policy = QtWidgets.QSizePolicy.Policy
        for screen in self.screens.values():
            kind = policy.Preferred if screen is shown else policy.Ignored
            screen.setSizePolicy(kind, kind)
            screen.updateGeometry()

    def set_portrait(self, portrait: bool) -> None:
        if portrait == self.portrait:
            return
        self.portrait = portrait
        self.header.set_portrait(portrait)
        for screen in self.screens.values():
            screen.set_portrait(portrait)
        # Screens not shown keep the sizes of their old layout cached until told.
        for widget in self.findChildren(QtWidgets.QWidget):
            widget.updateGeometry()
        for layout in self.findChildren(QtWidgets.QLayout):
            layout.invalidate()

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        portrait = self.height() >= self.width()
        if portrait != self.portrait:
            self.set_portrait(portrait)
            if any(self._look):  # the screens drew anew for the new shape
                restyle(self, *self._look)

    def eventFilter(self, watched: QObject, event: QtCore.QEvent) -> bool:
        if event.type() in _TOUCHES:
            self.flow.touched()
        return False

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        app = QtWidgets.QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        super().closeEvent(event)
