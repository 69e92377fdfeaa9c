"""The kiosk's screens, one class each: they draw KioskFlow's state and call its intents."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import ClassVar

import qrcode

from kiosk.catalogue import ServiceEntry, documents_for, fee_for, processing_time_for
from kiosk.flow import KioskFlow, SearchMode
from kiosk.taking import Outcome
from kiosk.widgets.keyboard import LetterKeyboard
from kiosk.widgets.parts import (
    BODY_PX,
    MIN_TOUCH,
    Tile,
    TileGrid,
    Tone,
    big_button,
    clear_layout,
    label,
)
from printers import Lang as PrinterLang
from printers import ahead_text, estimate_text
from queue_core.client import PriorityKind
from ui_common.qt import Qt, QtGui, QtWidgets
from ui_common.texts import Lang, in_lang, tr
from ui_common.theme import PALETTE
from ui_common.widgets import scroller

__all__ = [
    "AgencyScreen",
    "HomeScreen",
    "PrintingScreen",
    "PriorityScreen",
    "ProblemScreen",
    "ProcedureScreen",
    "SearchScreen",
    "TicketScreen",
]

PAGE_MARGIN = 32


class Screen(QtWidgets.QWidget):
    """A screen: ``refresh`` redraws from the flow; ``set_portrait`` re-lays for the screen."""

    def __init__(self, flow: KioskFlow) -> None:
        super().__init__()
        self.flow = flow
        self.portrait = True
        self.page = QtWidgets.QVBoxLayout(self)
        self.page.setContentsMargins(PAGE_MARGIN, 24, PAGE_MARGIN, PAGE_MARGIN)
        self.page.setSpacing(20)

    @property
    def lang(self) -> Lang:
        return self.flow.lang

    def _news(self, *key: object) -> bool:
        """True when what a screen draws from (``key``) changed since it last drew."""
        if getattr(self, "_drawn", None) == key:
            return False
        self._drawn = key
        return True

    def refresh(self) -> None:
        raise NotImplementedError

    def set_portrait(self, portrait: bool) -> None:
        self.portrait = portrait


def service_details(service: ServiceEntry, lang: Lang) -> list[str]:
    """The tile's line: how many wait, and the wait ("0 phút" reads wrong: "dưới 1 phút")."""
    if not service.available and service.closed is not None:
        return [tr(service.closed.text_key, lang)]
    minutes = service.estimate_minutes
    if minutes < 1:
        estimate = tr("kiosk_estimate_none", lang)
    else:
        estimate = tr("kiosk_estimate", lang, minutes=minutes)
    return [tr("kiosk_waiting", lang, n=service.waiting) + "  ·  " + estimate]


class ServiceRow(QtWidgets.QWidget):
    """A service's tile (tap: a ticket, or its procedure in lookup mode) and its lookup button."""

    def __init__(self, flow: KioskFlow, service: ServiceEntry, lookup: bool = False) -> None:
        super().__init__()
        lang = flow.lang
        row = QtWidgets.QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(16)
        self.tile = Tile(service.title(lang), service_details(service, lang), title_px=32)
        self.tile.setObjectName(f"service:{service.id}")
        self.tile.setEnabled(lookup or (service.available and flow.can_take))
        if lookup:
            self.tile.clicked.connect(lambda: flow.open_procedure(service.id))
        else:
            self.tile.clicked.connect(lambda: flow.choose_service(service.id))
        row.addWidget(self.tile, 1)
        if not lookup:
            self.info = big_button(tr("kiosk_procedure_button", lang), Tone.QUIET, 28)
            self.info.setFixedWidth(230)
            self.info.setMinimumHeight(170)
            self.info.setObjectName(f"procedure:{service.id}")
            self.info.clicked.connect(lambda: flow.open_procedure(service.id))
            row.addWidget(self.info)


def title_bar(
    text: str, on_back: Callable[[], None], lang: Lang
) -> tuple[QtWidgets.QHBoxLayout, QtWidgets.QPushButton]:
    """A back button and the screen's title."""
    bar = QtWidgets.QHBoxLayout()
    bar.setSpacing(24)
    back = big_button("‹  " + tr("back", lang), Tone.QUIET, 30)
    back.setMinimumWidth(240)
    back.clicked.connect(on_back)
    bar.addWidget(back)
    bar.addWidget(label(text, 44, bold=True), 1)
    return bar, back


class HomeScreen(Screen):
    """Agencies as big tiles; search, procedure lookup, dossier lookup and priority below."""

    def __init__(self, flow: KioskFlow) -> None:
        super().__init__(flow)
        self.welcome = label("", 44, bold=True)
        self.page.addWidget(self.welcome)
        self.grid = TileGrid(2)
        self.page.addWidget(scroller(self.grid), 1)
        actions = QtWidgets.QGridLayout()
        actions.setSpacing(20)
        self.search = big_button("", Tone.PRIMARY, 32)
        self.search.clicked.connect(lambda: flow.open_search(SearchMode.TAKE))
        self.lookup = big_button("", Tone.QUIET, 32)
        self.lookup.clicked.connect(lambda: flow.open_search(SearchMode.LOOKUP))
        self.dossier = big_button("", Tone.QUIET, 32)
        self.dossier.setObjectName("dossier")
        self.dossier.clicked.connect(flow.open_dossier)
        self.priority = Tile("", [""], Tone.PRIORITY, title_px=40)
        self.priority.setObjectName("priority")
        self.priority.clicked.connect(flow.open_priority)
        self.action_grid = actions
        self.page.addLayout(actions)
        self._place_actions()

    def _place_actions(self) -> None:
        """Portrait: two buttons a row; landscape: the three lookups in one row."""
        for widget in (self.search, self.lookup, self.dossier, self.priority):
            self.action_grid.removeWidget(widget)
        if self.portrait:
            self.action_grid.addWidget(self.search, 0, 0)
            self.action_grid.addWidget(self.lookup, 0, 1)
            self.action_grid.addWidget(self.dossier, 1, 0, 1, 2)
            self.action_grid.addWidget(self.priority, 2, 0, 1, 2)
        else:
            self.action_grid.addWidget(self.search, 0, 0)
            self.action_grid.addWidget(self.lookup, 0, 1)
            self.action_grid.addWidget(self.dossier, 0, 2)
            self.action_grid.addWidget(self.priority, 1, 0, 1, 3)
        # In landscape the priority tile is one line high, so three rows of agencies show
        # without scrolling.
        self.priority.setMinimumHeight(170 if self.portrait else 100)
        margin = 20 if self.portrait else 10
        self.priority.set_margins(28, margin, 28, margin)
        self.action_grid.setSpacing(20 if self.portrait else 12)
        self.grid.grid.setSpacing(20 if self.portrait else 14)

    def refresh(self) -> None:
        lang = self.lang
        self.welcome.setText(tr("kiosk_welcome", lang))
        self.search.setText(tr("kiosk_search_button", lang))
        self.lookup.setText(tr("kiosk_lookup_button", lang))
        self.dossier.setText(tr("kiosk_dossier_button", lang))
        self.priority.title.setText("♿  " + tr("kiosk_priority_button", lang))
        self.priority.details[0].setText(tr("kiosk_priority_who", lang))
        self.priority.setVisible(self.flow.priority is None)
        catalogue = self.flow.live.catalogue
        if not self._news(lang, self.flow.can_take, catalogue.agencies):
            return
        tiles = []
        for agency in self.flow.live.catalogue.agencies:
            line = (
                tr("kiosk_waiting", lang, n=agency.waiting)
                if agency.available
                else tr("kiosk_agency_closed", lang)
            )
            tile = Tile(agency.title(lang), [line], title_px=34)
            tile.setObjectName(f"agency:{agency.id}")
            tile.setEnabled(agency.available and self.flow.can_take)
            tile.clicked.connect(lambda _=False, a=agency.id: self.flow.open_agency(a))
            tiles.append(tile)
        self.grid.set_widgets(tiles)

    def set_portrait(self, portrait: bool) -> None:
        super().set_portrait(portrait)
        self.grid.set_columns(2 if portrait else 4)
        self._place_actions()


class AgencyScreen(Screen):
    """One agency's services: a tap takes a ticket; "Xem thủ tục" opens the procedure."""

    def __init__(self, flow: KioskFlow) -> None:
        super().__init__(flow)
        self.header = QtWidgets.QVBoxLayout()
        self.page.addLayout(self.header)
        self.grid = TileGrid(1)
        self.page.addWidget(scroller(self.grid), 1)

    def refresh(self) -> None:
        agency = self.flow.agency
        if not self._news(self.lang, self.flow.can_take, agency):
            return
        clear_layout(self.header)
        bar, _ = title_bar(agency.title(self.lang) if agency else "", self.flow.back, self.lang)
        self.header.addLayout(bar)
        self.header.addWidget(label(tr("kiosk_choose_service", self.lang), BODY_PX + 2))
        services = agency.services if agency else ()
        self.grid.set_widgets([ServiceRow(self.flow, s) for s in services])

    def set_portrait(self, portrait: bool) -> None:
        super().set_portrait(portrait)
        self.grid.set_columns(1 if portrait else 2)


class SearchScreen(Screen):
    """What was typed, the services it finds, and the keyboard."""

    def __init__(self, flow: KioskFlow) -> None:
        super().__init__(flow)
        self.header = QtWidgets.QVBoxLayout()
        self.query = label("", 44, bold=True)
        self.query.setMinimumHeight(MIN_TOUCH)
        self.query.setStyleSheet(
            f"background: {PALETTE.surface}; color: {PALETTE.ink};"
            f" border: 4px solid {PALETTE.primary}; border-radius: 14px; padding: 8px 20px;"
        )
        self.hint = label("", BODY_PX)
        self.results = TileGrid(1)
        self.keyboard = LetterKeyboard()
        self.keyboard.typed.connect(flow.type_text)
        self.keyboard.erase.connect(flow.erase)
        self.keyboard.clear.connect(flow.clear_query)
        self.body = QtWidgets.QBoxLayout(QtWidgets.QBoxLayout.Direction.TopToBottom)
        self.body.setSpacing(24)
        left = QtWidgets.QVBoxLayout()
        left.setSpacing(16)
        left.addLayout(self.header)
        left.addWidget(self.query)
        left.addWidget(self.hint)
        left.addWidget(scroller(self.results), 1)
        self.body.addLayout(left, 1)
        self.body.addWidget(self.keyboard, 0, Qt.AlignmentFlag.AlignBottom)
        self.page.addLayout(self.body, 1)

    def refresh(self) -> None:
        flow, lang = self.flow, self.lang
        lookup = flow.search_mode is SearchMode.LOOKUP
        found = flow.results
        if not self._news(lang, flow.can_take, flow.query, lookup, tuple(found)):
            return
        clear_layout(self.header)
        title = tr("kiosk_lookup_title" if lookup else "kiosk_search_title", lang)
        bar, _ = title_bar(title, flow.back, lang)
        self.header.addLayout(bar)
        self.keyboard.set_lang(lang)
        self.query.setText((flow.query or " ") + "▏")
        if not flow.query.strip():
            self.hint.setText(tr("kiosk_search_hint", lang))
        elif not found:
            self.hint.setText(tr("kiosk_search_none", lang, query=flow.query.strip()))
        else:
            self.hint.setText(tr("kiosk_search_count", lang, n=len(found)))
        self.results.set_widgets([ServiceRow(flow, s, lookup) for s in found])

    def set_portrait(self, portrait: bool) -> None:
        super().set_portrait(portrait)
        direction = QtWidgets.QBoxLayout.Direction
        self.body.setDirection(direction.TopToBottom if portrait else direction.LeftToRight)


class ProcedureScreen(Screen):
    """Tra cứu thủ tục: documents, processing time, fee, and "Lấy số cho thủ tục này"."""

    def __init__(self, flow: KioskFlow) -> None:
        super().__init__(flow)
        self.header = QtWidgets.QVBoxLayout()
        self.page.addLayout(self.header)
        self.content = QtWidgets.QWidget()
        self.body = QtWidgets.QVBoxLayout(self.content)
        self.body.setSpacing(14)
        self.page.addWidget(scroller(self.content), 1)
        self.take = big_button("", Tone.OK, 38)
        self.take.setObjectName("take_for_procedure")
        self.take.setMinimumHeight(150)
        self.take.clicked.connect(flow.take_from_procedure)
        self.page.addWidget(self.take)

    def refresh(self) -> None:
        flow, lang = self.flow, self.lang
        service = flow.service
        if not self._news(lang, flow.can_take, service):
            return
        clear_layout(self.header)
        clear_layout(self.body)
        bar, _ = title_bar(tr("kiosk_lookup_title", lang), flow.back, lang)
        self.header.addLayout(bar)
        if service is None:
            return
        agency = flow.live.catalogue.agency(service.agency_id)
        self.body.addWidget(label(service.title(lang), 40, bold=True, color=PALETTE.primary))
        if agency is not None:
            self.body.addWidget(label(agency.title(lang), BODY_PX, color=PALETTE.muted))
        self._sections(service, lang)
        self.body.addStretch(1)
        self.take.setText(tr("kiosk_take_for_procedure", lang))
        self.take.setEnabled(service.available and flow.can_take)
        if not service.available and service.closed is not None:
            self.take.setText(
                tr("kiosk_take_for_procedure", lang) + " — " + tr(service.closed.text_key, lang)
            )

    def _sections(self, service: ServiceEntry, lang: Lang) -> None:
        procedure = service.procedure
        if not procedure.known:
            self.body.addWidget(label(tr("kiosk_procedure_missing", lang), 32))
            return
        documents = documents_for(procedure, lang)
        if documents:
            self._heading(tr("kiosk_procedure_documents", lang))
            for number, document in enumerate(documents, 1):
                self.body.addWidget(label(f"{number}.  {document}", 32))
        for key, value in (
            ("kiosk_procedure_time", processing_time_for(procedure, lang)),
            ("kiosk_procedure_fee", fee_for(procedure, lang)),
        ):
            if value:
                self._heading(tr(key, lang))
                self.body.addWidget(label(value, 32))

    def _heading(self, text: str) -> None:
        heading = label(text, 34, bold=True, color=PALETTE.primary)
        heading.setContentsMargins(0, 18, 0, 0)
        self.body.addWidget(heading)


PRIORITY_ORDER = (
    PriorityKind.ELDERLY,
    PriorityKind.DISABLED,
    PriorityKind.PREGNANT,
    PriorityKind.MERIT,
)


class PriorityScreen(Screen):
    """The confirmation: who the priority ticket is for; or back to a normal ticket."""

    def __init__(self, flow: KioskFlow) -> None:
        super().__init__(flow)
        self.title = label("", 52, bold=True, color=PALETTE.accent)
        self.prompt = label("", 34)
        self.page.addWidget(self.title)
        self.page.addWidget(self.prompt)
        self.page.addSpacing(12)
        self.kinds: dict[PriorityKind, QtWidgets.QPushButton] = {}
        for kind in PRIORITY_ORDER:
            button = big_button("", Tone.PRIORITY, 40)
            button.setMinimumHeight(190)
            button.setObjectName(f"priority:{kind.value}")
            button.clicked.connect(lambda _=False, k=kind: flow.confirm_priority(k))
            self.kinds[kind] = button
        self.grid = TileGrid(1)
        self.grid.set_widgets(list(self.kinds.values()))
        self.page.addWidget(self.grid, 1)
        self.no = big_button("", Tone.QUIET, 34)
        self.no.clicked.connect(flow.cancel_priority)
        self.page.addWidget(self.no)

    def refresh(self) -> None:
        lang = self.lang
        self.title.setText(tr("kiosk_priority_title", lang))
        self.prompt.setText(tr("kiosk_priority_prompt", lang))
        for kind, button in self.kinds.items():
            button.setText(tr(f"kiosk_priority_{kind.value}", lang))
        self.no.setText(tr("kiosk_priority_no", lang))

    def set_portrait(self, portrait: bool) -> None:
        super().set_portrait(portrait)
        self.grid.set_columns(1 if portrait else 2)


class PrintingScreen(Screen):
    def __init__(self, flow: KioskFlow) -> None:
        super().__init__(flow)
        self.page.addStretch(1)
        self.title = label("", 64, bold=True, color=PALETTE.primary)
        self.detail = label("", 36)
        for widget in (self.title, self.detail):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.page.addWidget(widget)
        self.page.addStretch(1)

    def refresh(self) -> None:
        self.title.setText(tr("kiosk_printing", self.lang))
        self.detail.setText(tr("kiosk_printing_detail", self.lang))


def qr_pixmap(url: str, size: int) -> QtGui.QPixmap:
    code = qrcode.QRCode(border=2, box_size=10)
    code.add_data(url)
    buffer = io.BytesIO()
    code.make_image().save(buffer, "PNG")
    pixmap = QtGui.QPixmap()
    pixmap.loadFromData(buffer.getvalue(), "PNG")
    return pixmap.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio)


class TicketScreen(Screen):
    """The ticket, large: number, service, people ahead, estimate, QR; then home by itself.

    Portrait: all in one column. Landscape: the number and its facts on the left; the
    notice, the QR code and "Xong" on the right."""

    NUMBER_PX: ClassVar[dict[bool, int]] = {True: 240, False: 200}
    QR_PX: ClassVar[dict[bool, int]] = {True: 320, False: 290}

    def __init__(self, flow: KioskFlow) -> None:
        super().__init__(flow)
        self.notice = label("", 34, bold=True, color="white")
        self.notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption = label("", 40, bold=True)
        self.number = label("", self.NUMBER_PX[True], bold=True, color=PALETTE.primary)
        self.number.setObjectName("ticket_number")
        self.badge = label("", 40, bold=True, color="white")
        self.badge.setStyleSheet(
            f"color: white; background: {PALETTE.accent}; border-radius: 12px; padding: 6px 24px;"
        )
        self.service = label("", 38, bold=True)
        self.agency = label("", BODY_PX, color=PALETTE.muted)
        self.ahead = label("", 40, bold=True)
        self.ahead.setObjectName("ticket_ahead")
        self.estimate = label("", 36)
        self.estimate.setObjectName("ticket_estimate")
        self.qr = QtWidgets.QLabel()
        self.qr_caption = label("", 28)
        for widget in (
            self.caption,
            self.number,
            self.service,
            self.agency,
            self.ahead,
            self.estimate,
            self.qr,
            self.qr_caption,
        ):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.facts = QtWidgets.QWidget()
        facts = QtWidgets.QVBoxLayout(self.facts)
        facts.setContentsMargins(0, 0, 0, 0)
        facts.setSpacing(10)
        facts.addStretch(1)
        for widget in (self.caption, self.number):
            facts.addWidget(widget)
        facts.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignHCenter)
        for widget in (self.service, self.agency, self.ahead, self.estimate):
            facts.addWidget(widget)
        facts.addStretch(1)
        self.code = QtWidgets.QWidget()
        code = QtWidgets.QVBoxLayout(self.code)
        code.setContentsMargins(0, 0, 0, 0)
        code.addStretch(1)
        code.addWidget(self.qr)
        code.addWidget(self.qr_caption)
        code.addStretch(1)
        self.done = big_button("", Tone.OK, 36)
        self.done.clicked.connect(flow.home)
        self.body = QtWidgets.QGridLayout()
        self.body.setSpacing(20)
        self.page.addLayout(self.body, 1)
        self._place()

    def _place(self) -> None:
        body = self.body
        for widget in (self.notice, self.facts, self.code, self.done):
            body.removeWidget(widget)
        for row in range(4):
            body.setRowStretch(row, 0)
        if self.portrait:
            body.addWidget(self.notice, 0, 0)
            body.addWidget(self.facts, 1, 0)
            body.addWidget(self.code, 2, 0)
            body.addWidget(self.done, 3, 0)
            body.setRowStretch(1, 1)
            body.setColumnStretch(1, 0)
        else:
            body.addWidget(self.facts, 0, 0, 3, 1)
            body.addWidget(self.notice, 0, 1)
            body.addWidget(self.code, 1, 1)
            body.addWidget(self.done, 2, 1)
            body.setRowStretch(1, 1)
            body.setColumnStretch(0, 3)
            body.setColumnStretch(1, 2)
        self.number.setFont(label("", self.NUMBER_PX[self.portrait], bold=True).font())

    def refresh(self) -> None:
        result, lang = self.flow.result, self.lang
        if result is None or result.ticket is None:
            return
        ticket = result.ticket
        self.caption.setText(tr("kiosk_your_number", lang))
        self.number.setText(ticket.number)
        self.badge.setText(tr("kiosk_ticket_priority", lang))
        self.badge.setVisible(ticket.priority)
        self.service.setText(in_lang(lang, ticket.service.name, ticket.service.name_en))
        self.agency.setText(in_lang(lang, ticket.agency.name, ticket.agency.name_en))
        # word for word as on the slip in the citizen's hand
        self.ahead.setText(ahead_text(ticket.ahead, PrinterLang(lang.value)))
        self.estimate.setText(estimate_text(ticket.estimate_minutes, PrinterLang(lang.value)))
        self.qr.setPixmap(qr_pixmap(self.flow.ticket_url, self.QR_PX[self.portrait]))
        self.qr_caption.setText(tr("kiosk_ticket_qr", lang))
        self.done.setText(tr("kiosk_done", lang))
        self._notice(result.outcome, result.problem_text(lang))

    def _notice(self, outcome: Outcome, problem: str) -> None:
        lang = self.lang
        if outcome is Outcome.PRINTED:
            text, ground = tr("kiosk_ticket_take", lang), PALETTE.ok
        else:
            parts = [tr("kiosk_paperless_title", lang), problem, tr("kiosk_paperless", lang)]
            text, ground = "\n".join(p for p in parts if p), PALETTE.warning_ground
        self.notice.setText(text)
        self.notice.setStyleSheet(
            f"color: white; background: {ground}; border-radius: 14px; padding: 16px;"
        )

    def set_portrait(self, portrait: bool) -> None:
        super().set_portrait(portrait)
        self._place()
        self.refresh()


class ProblemScreen(Screen):
    """Why no ticket could be taken, in plain words; that no number was spent."""

    def __init__(self, flow: KioskFlow) -> None:
        super().__init__(flow)
        self.page.addStretch(1)
        self.title = label("", 56, bold=True, color=PALETTE.accent)
        self.reason = label("", 40, bold=True)
        self.detail = label("", 34)
        for widget in (self.title, self.reason, self.detail):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.page.addWidget(widget)
        self.page.addStretch(1)
        buttons = QtWidgets.QHBoxLayout()
        buttons.setSpacing(20)
        self.retry = big_button("", Tone.PRIMARY, 34)
        self.retry.clicked.connect(flow.retry)
        self.home = big_button("", Tone.QUIET, 34)
        self.home.clicked.connect(flow.home)
        buttons.addWidget(self.retry)
        buttons.addWidget(self.home)
        self.page.addLayout(buttons)

    def refresh(self) -> None:
        result, lang = self.flow.result, self.lang
        if result is None:
            return
        self.title.setText(tr("kiosk_problem_title", lang))
        if result.outcome is Outcome.PRINTER_REFUSED:
            reason, detail = result.problem_text(lang), tr("kiosk_problem_no_number", lang)
        elif result.outcome is Outcome.CORE_AWAY:
            reason, detail = tr("reconnecting", lang), tr("kiosk_problem_core_away", lang)
        else:
            reason = tr(self.flow.refusal_key, lang)
            detail = tr("kiosk_problem_no_number", lang)
        self.reason.setText(reason)
        self.detail.setText(detail)
        self.retry.setText(tr("kiosk_try_again", lang))
        self.retry.setEnabled(self.flow.can_take)
        self.home.setText(tr("home", lang))
