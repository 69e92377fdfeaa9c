"""The clerk's login page: username and PIN on a card, and what the sign-in came to."""

from __future__ import annotations

from counter_display.panel_look import BUTTON_HEIGHT
from counter_display.panel_model import MessageKind, PanelViewModel, SignIn
from counter_display.parts import BOLD
from ui_common.qt import Qt, QtGui, QtWidgets
from ui_common.texts import tr
from ui_common.theme import PALETTE, pixel_font

__all__ = ["LoginPage"]


def _label(size: int, bold: bool = False, colour: str | None = None) -> QtWidgets.QLabel:
    label = QtWidgets.QLabel()
    label.setFont(pixel_font(size, BOLD if bold else QtGui.QFont.Weight.Normal))
    label.setWordWrap(True)
    if colour:
        label.setStyleSheet(f"color: {colour}; background: transparent;")
    return label


def _card() -> QtWidgets.QFrame:
    frame = QtWidgets.QFrame()
    frame.setObjectName("card")
    frame.setStyleSheet(
        f"#card {{ background: {PALETTE.surface}; border-radius: 18px; }}"
        "#card QLabel { background: transparent; }"
    )
    return frame


class LoginPage(QtWidgets.QWidget):
    """Username and PIN; Enter signs in."""

    def __init__(self, model: PanelViewModel, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        card = _card()
        card.setFixedWidth(620)
        layout = QtWidgets.QVBoxLayout(card)
        layout.setContentsMargins(40, 36, 40, 36)
        layout.setSpacing(14)
        self.title = _label(40, bold=True)
        self.username_label, self.pin_label = _label(24), _label(24)
        self.username = QtWidgets.QLineEdit()
        self.pin = QtWidgets.QLineEdit()
        self.pin.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        self.pin.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.submit = QtWidgets.QPushButton()
        self.submit.setMinimumHeight(BUTTON_HEIGHT)
        self.error = _label(24, bold=True)
        for widget in (
            self.title,
            self.username_label,
            self.username,
            self.pin_label,
            self.pin,
            self.submit,
            self.error,
        ):
            layout.addWidget(widget)
        across = QtWidgets.QHBoxLayout()
        across.addStretch(1)
        across.addWidget(card)
        across.addStretch(1)
        outer = QtWidgets.QVBoxLayout(self)  # stretches, not alignment: wrapped lines get room
        outer.addStretch(1)
        outer.addLayout(across)
        outer.addStretch(1)
        self.submit.clicked.connect(self._submit)
        self.username.returnPressed.connect(self.pin.setFocus)
        self.pin.returnPressed.connect(self._submit)

    def _submit(self) -> None:
        self.model.login(self.username.text(), self.pin.text())

    def refresh(self) -> None:
        m, lang = self.model, self.model.lang
        self.title.setText(
            f"{tr('counter_login_title', lang)} · {tr('counter_n', lang, n=m.counter)}"
        )
        self.username_label.setText(tr("counter_username", lang))
        self.pin_label.setText(tr("counter_pin", lang))
        self.submit.setText(tr("counter_login", lang))
        self.submit.setEnabled(m.sign_in is SignIn.SIGNED_OUT)
        message = m.login_message
        self.error.setText(tr(message.key, lang, **message.values) if message else "")
        colour = PALETTE.accent if message and message.kind is MessageKind.ERROR else PALETTE.ink
        self.error.setStyleSheet(f"color: {colour}; background: transparent;")
        if message and message.kind is MessageKind.ERROR:
            self.pin.clear()
