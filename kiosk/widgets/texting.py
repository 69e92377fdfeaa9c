"""Nhắn tin khi sắp đến lượt: the phone pad, the number typed so far, the consent sentence,
and what the core said."""

from __future__ import annotations

from kiosk.flow import KioskFlow
from kiosk.texting import TextsState, grouped_phone
from kiosk.widgets.parts import BODY_PX, Tone, big_button, clear_layout, field_style, label
from kiosk.widgets.screen import Screen, title_bar
from ui_common.qt import Qt, QtWidgets
from ui_common.texts import tr
from ui_common.theme import PALETTE
from ui_common.widgets import Keypad

__all__ = ["TextsScreen"]

_SAID = {
    TextsState.SENDING: ("kiosk_texts_sending", PALETTE.ink),
    TextsState.INVALID: ("kiosk_texts_invalid", PALETTE.accent),
    TextsState.AWAY: ("kiosk_texts_away", PALETTE.accent),
    TextsState.REFUSED: ("kiosk_texts_refused", PALETTE.accent),
}


class TextsScreen(Screen):
    def __init__(self, flow: KioskFlow) -> None:
        super().__init__(flow)
        self.header = QtWidgets.QVBoxLayout()
        self.page.addLayout(self.header)
        self.body = QtWidgets.QBoxLayout(QtWidgets.QBoxLayout.Direction.TopToBottom)
        self.body.setSpacing(28)
        left = QtWidgets.QVBoxLayout()
        left.setSpacing(20)
        self.prompt = label("", BODY_PX + 2)
        self.number = label("", 56, bold=True)
        self.number.setObjectName("texts_number")
        self.number.setMinimumHeight(120)
        self.consent = label("", BODY_PX)
        self.said = label("", BODY_PX, bold=True)
        self.said.setObjectName("texts_said")
        self.send = big_button("", Tone.OK, 36)
        self.send.setObjectName("texts:send")
        self.send.clicked.connect(flow.send_texts)
        for widget in (self.prompt, self.number, self.consent, self.said):
            left.addWidget(widget)
        left.addWidget(self.send)
        left.addStretch(1)
        self.pad = Keypad(132)
        self.pad.digit.connect(flow.type_phone)
        self.pad.erase.connect(flow.erase_phone)
        self.pad.confirm.connect(flow.send_texts)
        self.body.addLayout(left, 1)
        bottom = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom
        self.body.addWidget(self.pad, 0, bottom)
        self.page.addLayout(self.body, 1)

    def refresh(self) -> None:
        flow, lang, texts = self.flow, self.lang, self.flow.texts
        if self._news(lang):
            clear_layout(self.header)
            bar, _ = title_bar(tr("kiosk_texts_title", lang), flow.back, lang)
            self.header.addLayout(bar)
            self.prompt.setText(tr("kiosk_texts_prompt", lang))
            self.consent.setText(tr("kiosk_texts_consent", lang))
            self.send.setText(tr("kiosk_texts_send", lang))
        typed = bool(texts.digits)
        self.number.setText(grouped_phone(texts.digits) if typed else tr("kiosk_texts_empty", lang))
        self.number.setStyleSheet(field_style(typed))
        key, color = _SAID.get(texts.state, ("", PALETTE.ink))
        self.said.setText(tr(key, lang) if key else "")
        self.said.setStyleSheet(f"color: {color};")
        self.send.setEnabled(typed and texts.state is not TextsState.SENDING)

    def set_portrait(self, portrait: bool) -> None:
        super().set_portrait(portrait)
        direction = QtWidgets.QBoxLayout.Direction
        self.body.setDirection(direction.TopToBottom if portrait else direction.LeftToRight)
