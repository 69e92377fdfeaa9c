"""First start of a device: the 6-digit pairing code typed on a keypad (or given by a
launcher), exchanged for a token."""

from __future__ import annotations

from collections.abc import Callable

from queue_core.client import CoreClient, CoreError, CoreRefused, Pairing
from ui_common.bridge import CoreBridge
from ui_common.device import DeviceSettings, save_settings
from ui_common.qt import QObject, Qt, QtWidgets, Signal
from ui_common.texts import Lang, tr
from ui_common.theme import PALETTE, pixel_font
from ui_common.widgets import Keypad

CODE_LENGTH = 6


class PairingViewModel(QObject):
    """The code being typed, the exchange with the core, and the token kept on disk."""

    changed = Signal()
    paired = Signal(str)
    refused = Signal()

    def __init__(
        self,
        bridge: CoreBridge,
        app: str,
        settings: DeviceSettings,
        device_name: str,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.bridge, self.app, self.settings, self.device_name = bridge, app, settings, device_name
        self.code = ""
        self.error_key: str | None = None
        self.busy = False

    def type_digit(self, digit: str) -> None:
        if len(self.code) < CODE_LENGTH and not self.busy:
            self.code += digit
            self.error_key = None
            self.changed.emit()

    def erase(self) -> None:
        self.code = self.code[:-1]
        self.changed.emit()

    def submit_code(self, code: str) -> None:
        """A whole code at once (a launcher's), exchanged as if typed and confirmed."""
        if self.busy:
            return
        if not (code.isdigit() and len(code) == CODE_LENGTH):
            self._failed("pair_wrong")
            return
        self.code = code
        self.submit()

    def submit(self) -> None:
        if len(self.code) != CODE_LENGTH or self.busy:
            return
        self.busy = True
        self.changed.emit()
        code = self.code

        async def pair(core: CoreClient) -> Pairing:
            return await core.pair(code, self.device_name)

        self.bridge.call(pair, self._paired, self._refused)

    def _paired(self, pairing: Pairing) -> None:
        self.settings = self.settings.with_pairing(pairing.token, pairing.device_id)
        save_settings(self.app, self.settings)
        self.bridge.set_endpoint(self.bridge.base_url, pairing.token)
        self.busy = False
        self.changed.emit()
        self.paired.emit(pairing.token)

    def _refused(self, error: CoreError) -> None:
        self._failed("pair_wrong" if isinstance(error, CoreRefused) else "reconnecting")

    def _failed(self, error_key: str) -> None:
        self.busy = False
        self.code = ""
        self.error_key = error_key
        self.changed.emit()
        self.refused.emit()


def start_pairing(
    model: PairingViewModel, show_keypad: Callable[[], None], code: str | None = None
) -> None:
    """The keypad; or, given ``code`` (``--pair-code``, the demo hall's), that code exchanged
    at once, and the keypad shown (with the error) only if the core refuses it."""
    if not code:
        show_keypad()
        return
    model.refused.connect(show_keypad)
    model.submit_code(code)


class PairingScreen(QtWidgets.QWidget):
    """Shows a PairingViewModel: the prompt, six big boxes, the keypad, the error if any.

    ``compact`` is for a 1280×720 landscape screen (the counter's display): the words on
    the left, a smaller keypad on the right, all within 720 px of height.
    """

    def __init__(
        self,
        model: PairingViewModel,
        lang: Lang = Lang.VI,
        parent: QtWidgets.QWidget | None = None,
        compact: bool = False,
    ) -> None:
        super().__init__(parent)
        self.model, self.lang = model, lang
        sizes = (40, 24, 64, 24, 100) if compact else (56, 30, 80, 30, 120)
        title_px, text_px, boxes_px, error_px, key_px = sizes
        title = QtWidgets.QLabel(tr("pair_title", lang))
        title.setFont(pixel_font(title_px, pixel_font(1).Weight.Bold))
        prompt = QtWidgets.QLabel(tr("pair_prompt", lang))
        prompt.setFont(pixel_font(text_px))
        prompt.setWordWrap(True)
        prompt.setMinimumWidth(640 if compact else 960)
        self.boxes = QtWidgets.QLabel()
        self.boxes.setFont(pixel_font(boxes_px, pixel_font(1).Weight.Bold))
        self.error = QtWidgets.QLabel()
        self.error.setFont(pixel_font(error_px, pixel_font(1).Weight.Bold))
        self.error.setStyleSheet(f"color: {PALETTE.accent};")
        self.error.setWordWrap(True)
        self.keypad = Keypad(key_px)
        words = QtWidgets.QVBoxLayout()
        words.setAlignment(Qt.AlignmentFlag.AlignCenter)
        words.setSpacing(16 if compact else 24)
        for widget in (title, prompt, self.boxes, self.error):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            words.addWidget(widget)
        layout: QtWidgets.QBoxLayout = (
            QtWidgets.QHBoxLayout(self) if compact else QtWidgets.QVBoxLayout(self)
        )
        layout.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.setSpacing(48 if compact else 24)
        layout.addLayout(words)
        layout.addWidget(self.keypad, alignment=Qt.AlignmentFlag.AlignCenter)
        self.keypad.digit.connect(model.type_digit)
        self.keypad.erase.connect(model.erase)
        self.keypad.confirm.connect(model.submit)
        model.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        typed = self.model.code.ljust(CODE_LENGTH, "_")
        self.boxes.setText(" ".join(typed))
        self.error.setText(tr(self.model.error_key, self.lang) if self.model.error_key else "")
        self.keypad.setEnabled(not self.model.busy)
