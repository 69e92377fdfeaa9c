"""Taking a ticket and how it went: printing, the ticket with its QR code, or the problem.

The problem screen says in plain words why no ticket could be taken, and that no number was
spent."""

from __future__ import annotations

import io
from typing import ClassVar

import qrcode

from kiosk.flow import KioskFlow
from kiosk.taking import Outcome
from kiosk.widgets.parts import BODY_PX, Tone, big_button, label
from kiosk.widgets.screen import Screen
from printers import Lang as PrinterLang
from printers import ahead_text, estimate_text
from ui_common.qt import Qt, QtGui, QtWidgets
from ui_common.texts import in_lang, tr
from ui_common.theme import PALETTE

__all__ = ["PrintingScreen", "ProblemScreen", "TicketScreen", "qr_pixmap"]


class PrintingScreen(Screen):
    """While the ticket prints: that it is coming, and to wait for it."""

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
        self.badge.setObjectName("ticket_badge")
        self.badge.setWordWrap(False)  # one short line, centred: wrapping would squeeze it
        self.service = label("", 38, bold=True)
        self.agency = label("", BODY_PX, color=PALETTE.muted)
        self.ahead = label("", 40, bold=True)
        self.ahead.setObjectName("ticket_ahead")
        self.estimate = label("", 36)
        self.estimate.setObjectName("ticket_estimate")
        self.qr = QtWidgets.QLabel()
        self.qr_caption = label("", 28)
        self.texts = big_button("", Tone.PRIMARY, 30)
        self.texts.setObjectName("ticket:texts")
        self.texts.clicked.connect(flow.open_texts)
        self.texts_done = label("", 28, bold=True, color=PALETTE.ok)
        self.texts_done.setAlignment(Qt.AlignmentFlag.AlignCenter)
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
        code.addWidget(self.texts)
        code.addWidget(self.texts_done)
        code.addStretch(1)
        self.done = big_button("", Tone.OK, 36, on_click=flow.home)
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
        ground = PALETTE.accent
        if ticket.appointment_at is not None:  # a booked holder's: their slot, as printed
            slot = f"{ticket.appointment_at:%H:%M}"
            self.badge.setText(tr("kiosk_booking_slot", lang, time=slot))
            ground = PALETTE.primary
        else:
            self.badge.setText(tr("kiosk_ticket_priority", lang))
        self.badge.setStyleSheet(
            f"color: white; background: {ground}; border-radius: 12px; padding: 6px 24px;"
        )
        self.badge.setVisible(ticket.priority or ticket.appointment_at is not None)
        self.service.setText(in_lang(lang, ticket.service.name, ticket.service.name_en))
        self.agency.setText(in_lang(lang, ticket.agency.name, ticket.agency.name_en))
        # word for word as on the slip in the citizen's hand
        self.ahead.setText(ahead_text(ticket.ahead, PrinterLang(lang.value)))
        wait = ticket.estimate_range
        self.estimate.setText(
            estimate_text(
                ticket.estimate_minutes,
                PrinterLang(lang.value),
                None if wait is None else (wait.low, wait.high),
            )
        )
        self.qr.setPixmap(qr_pixmap(self.flow.ticket_url, self.QR_PX[self.portrait]))
        self.qr_caption.setText(tr("kiosk_ticket_qr", lang))
        self.done.setText(tr("kiosk_done", lang))
        self.texts.setText(tr("kiosk_texts_offer", lang))
        self.texts.setVisible(self.flow.offers_texts)
        shown = self.flow.texts.shown
        self.texts_done.setText(tr("kiosk_texts_done", lang, phone=shown) if shown else "")
        self.texts_done.setVisible(bool(shown))
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
        self.retry = big_button("", Tone.PRIMARY, 34, on_click=flow.retry)
        self.home = big_button("", Tone.QUIET, 34, on_click=flow.home)
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
