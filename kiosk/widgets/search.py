"""Finding a service and its procedure: the search with its keyboard, and the procedure.

The search finds services to take a ticket for, or to look their procedure up; the procedure
shows its documents, processing time and fee, and takes a ticket for it."""

from __future__ import annotations

from kiosk.catalogue import ServiceEntry, documents_for, fee_for, processing_time_for
from kiosk.flow import KioskFlow, SearchMode
from kiosk.widgets.home import ServiceRow
from kiosk.widgets.keyboard import LetterKeyboard
from kiosk.widgets.parts import (
    BODY_PX,
    MIN_TOUCH,
    TileGrid,
    Tone,
    big_button,
    clear_layout,
    field_style,
    label,
)
from kiosk.widgets.screen import Screen, title_bar
from ui_common.qt import Qt, QtWidgets
from ui_common.texts import Lang, tr
from ui_common.theme import PALETTE
from ui_common.widgets import scroller

__all__ = ["ProcedureScreen", "SearchScreen"]


class SearchScreen(Screen):
    """What was typed, the services it finds, and the keyboard."""

    def __init__(self, flow: KioskFlow) -> None:
        super().__init__(flow)
        self.header = QtWidgets.QVBoxLayout()
        self.query = label("", 44, bold=True)
        self.query.setMinimumHeight(MIN_TOUCH)
        self.query.setStyleSheet(field_style())
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
