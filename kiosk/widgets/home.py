"""Choosing a service: the home screen, one agency's services, and the service row.

Home shows the agencies as tiles, with search, procedure lookup, dossier lookup, "Tôi có lịch
hẹn" and priority below them; a service row (the service's tile and its procedure button) is
listed by the agency's screen and by the search."""

from __future__ import annotations

from kiosk.catalogue import ServiceEntry
from kiosk.flow import KioskFlow, SearchMode
from kiosk.widgets.parts import BODY_PX, Tile, TileGrid, Tone, big_button, clear_layout, label
from kiosk.widgets.screen import Screen, title_bar
from queue_core.client import SHORT_WAIT
from ui_common.qt import QtWidgets
from ui_common.texts import Lang, tr
from ui_common.widgets import scroller

__all__ = ["AgencyScreen", "HomeScreen", "ServiceRow", "service_details"]


def service_details(service: ServiceEntry, lang: Lang) -> list[str]:
    """The tile's line: how many wait, and the wait as the ticket will say it (a range, "dưới 5
    phút" when short; from a core without ranges, "dưới 1 phút" rather than "0 phút")."""
    if not service.available and service.closed is not None:
        return [tr(service.closed.text_key, lang)]
    minutes, wait = service.estimate_minutes, service.estimate_range
    if wait is not None and wait.short:
        estimate = tr("kiosk_estimate_short", lang, m=SHORT_WAIT)
    elif wait is not None:
        estimate = tr("kiosk_estimate_range", lang, low=wait.low, high=wait.high)
    elif minutes < 1:
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
            self.info.setMinimumWidth(230)  # wider for its words in large text
            self.info.setSizePolicy(
                QtWidgets.QSizePolicy.Policy.Fixed, QtWidgets.QSizePolicy.Policy.Preferred
            )
            self.info.setMinimumHeight(170)
            self.info.setObjectName(f"procedure:{service.id}")
            self.info.clicked.connect(lambda: flow.open_procedure(service.id))
            row.addWidget(self.info)


class HomeScreen(Screen):
    """Agencies as big tiles; search, procedure lookup, dossier lookup, the booked holders'
    check-in and priority below."""

    def __init__(self, flow: KioskFlow) -> None:
        super().__init__(flow)
        self.welcome = label("", 44, bold=True)
        self.page.addWidget(self.welcome)
        self.grid = TileGrid(2)
        self.page.addWidget(scroller(self.grid), 1)
        actions = QtWidgets.QGridLayout()
        actions.setSpacing(20)
        self.search = big_button(
            "", Tone.PRIMARY, 32, name="search", on_click=lambda: flow.open_search(SearchMode.TAKE)
        )
        self.lookup = big_button(
            "", Tone.QUIET, 32, name="lookup", on_click=lambda: flow.open_search(SearchMode.LOOKUP)
        )
        self.dossier = big_button("", Tone.QUIET, 32, name="dossier", on_click=flow.open_dossier)
        self.booking = big_button("", Tone.PRIMARY, 32, name="booking", on_click=flow.open_booking)
        self.voice = big_button("", Tone.PRIMARY, 32, name="voice", on_click=flow.toggle_voice)
        self.large = big_button(
            "", Tone.QUIET, 32, name="large_text", on_click=flow.toggle_large_text
        )
        self.contrast = big_button(
            "", Tone.QUIET, 32, name="high_contrast", on_click=flow.toggle_high_contrast
        )
        self.priority = Tile("", [""], Tone.PRIORITY, title_px=40)
        self.priority.setObjectName("priority")
        self.priority.clicked.connect(flow.open_priority)
        self.action_grid = actions
        self.page.addLayout(actions)
        self._place_actions()

    def _place_actions(self) -> None:
        """Portrait: two buttons a row; landscape: the three lookups in one row."""
        looks = (self.voice, self.large, self.contrast)
        for widget in (self.search, self.lookup, self.dossier, self.booking, self.priority, *looks):
            self.action_grid.removeWidget(widget)
        if self.portrait:
            self.action_grid.addWidget(self.search, 0, 0)
            self.action_grid.addWidget(self.lookup, 0, 1)
            self.action_grid.addWidget(self.dossier, 1, 0)
            self.action_grid.addWidget(self.booking, 1, 1)
            self.action_grid.addWidget(self.voice, 2, 0, 1, 2)
            self.action_grid.addWidget(self.large, 3, 0)
            self.action_grid.addWidget(self.contrast, 3, 1)
            self.action_grid.addWidget(self.priority, 4, 0, 1, 2)
        else:
            self.action_grid.addWidget(self.search, 0, 0)
            self.action_grid.addWidget(self.lookup, 0, 1)
            self.action_grid.addWidget(self.dossier, 0, 2)
            self.action_grid.addWidget(self.booking, 0, 3)
            self.action_grid.addWidget(self.priority, 1, 0, 2, 2)
            self.action_grid.addWidget(self.voice, 1, 2, 1, 2)
            self.action_grid.addWidget(self.large, 2, 2)
            self.action_grid.addWidget(self.contrast, 2, 3)
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
        self.booking.setText(tr("kiosk_booking_button", lang))
        self.booking.setEnabled(self.flow.can_take)
        on = "✓ "
        self.voice.setText((on if self.flow.voice else "") + tr("kiosk_voice_button", lang))
        self.large.setText((on if self.flow.large_text else "") + tr("kiosk_large_text", lang))
        self.contrast.setText(
            (on if self.flow.high_contrast else "") + tr("kiosk_high_contrast", lang)
        )
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
