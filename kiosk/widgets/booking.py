"""Tôi có lịch hẹn: the code pad for a booking's code, and the answer when the holder is too
early (when to come back, or a walk-in's ticket now) or too late (why a walk-in's ticket)."""

from __future__ import annotations

from kiosk.flow import KioskFlow
from kiosk.widgets.dossier import DossierEntryScreen
from kiosk.widgets.parts import Tone, big_button, label
from kiosk.widgets.screen import Screen
from queue_core.client import BOOKING_CODE_ALPHABET, Arrival
from ui_common.qt import Qt, QtWidgets
from ui_common.texts import in_lang, tr
from ui_common.theme import PALETTE

__all__ = ["BookingEntryScreen", "BookingScreen"]


class BookingEntryScreen(DossierEntryScreen):
    """The code pad, for a booking's six-character code (its QR scans on any screen): only the
    code's letters and digits, so no 0/O or 1/I is there to be mistaken."""

    TEXTS = (
        "kiosk_booking_title", "kiosk_booking_prompt", "kiosk_booking_code_empty",
        "kiosk_booking_submit",
    )  # fmt: skip
    ALPHABET = BOOKING_CODE_ALPHABET

    def submit(self) -> None:
        self.flow.submit_booking()


class BookingScreen(Screen):
    """Too early: the slot, when to come back, or a walk-in's ticket now. Too late: the slot
    has passed its grace, and a walk-in's ticket is the way in."""

    def __init__(self, flow: KioskFlow) -> None:
        super().__init__(flow)
        self.page.addStretch(1)
        self.title = label("", 56, bold=True, color=PALETTE.primary)
        self.title.setObjectName("booking_title")
        self.detail = label("", 36)
        self.detail.setObjectName("booking_detail")
        for widget in (self.title, self.detail):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.page.addWidget(widget)
        self.page.addStretch(1)
        buttons = QtWidgets.QHBoxLayout()
        buttons.setSpacing(20)
        self.walk_in = big_button(
            "", Tone.PRIMARY, 34, name="booking_walk_in", on_click=flow.walk_in_instead
        )
        self.home = big_button("", Tone.QUIET, 34, name="booking_home", on_click=flow.home)
        buttons.addWidget(self.walk_in)
        buttons.addWidget(self.home)
        self.page.addLayout(buttons)

    def refresh(self) -> None:
        answer, lang = self.flow.check_in, self.lang
        if answer is None or answer.booking is None:
            return
        booking = answer.booking
        slot = f"{booking.slot_at:%H:%M %d/%m/%Y}"
        service = in_lang(lang, booking.service.name, booking.service.name_en)
        if answer.arrival is Arrival.TOO_EARLY:
            back = "" if answer.come_back_at is None else f"{answer.come_back_at:%H:%M}"
            self.title.setText(tr("kiosk_booking_early", lang))
            self.detail.setText(
                tr("kiosk_booking_early_detail", lang, slot=slot, service=service, back=back)
            )
            self.home.setText(tr("kiosk_booking_later", lang))
        else:
            self.title.setText(tr("kiosk_booking_late", lang))
            self.detail.setText(tr("kiosk_booking_late_detail", lang, slot=slot))
            self.home.setText(tr("home", lang))
        self.walk_in.setText(tr("kiosk_booking_walk_in", lang))
        self.walk_in.setEnabled(self.flow.can_take)
