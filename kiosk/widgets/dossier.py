"""The dossier lookup's screens: the code pad, and the answer in big plain words."""

from __future__ import annotations

from datetime import datetime

from kiosk.dossier import LookupState
from kiosk.flow import KioskFlow
from kiosk.widgets.codepad import DOSSIER_ALPHABET, CodePad
from kiosk.widgets.parts import (
    BODY_PX,
    Tone,
    big_button,
    clear_layout,
    field_style,
    label,
)
from kiosk.widgets.screen import Screen, title_bar
from queue_core.client import DossierStatus
from ui_common.qt import Qt, QtWidgets
from ui_common.texts import Lang, in_lang, tr
from ui_common.theme import PALETTE
from ui_common.widgets import scroller

__all__ = ["DossierEntryScreen", "DossierScreen", "breakable"]

_STATUS_INK = {
    DossierStatus.READY: PALETTE.ok,
    DossierStatus.RETURNED: PALETTE.ok,
    DossierStatus.NEEDS_SUPPLEMENT: PALETTE.accent,
    DossierStatus.REJECTED: PALETTE.accent,
}


def breakable(code: str) -> str:
    """A long code that may wrap after its dots and dashes (a zero-width space there)."""
    return code.replace(".", ".\u200b").replace("-", "-\u200b")


def when(moment: datetime | None) -> str:
    return "" if moment is None else f"{moment:%d/%m/%Y %H:%M}"


class DossierEntryScreen(Screen):
    """Tra cứu hồ sơ: what to do, the code typed so far, and the code pad."""

    TEXTS = (
        "kiosk_dossier_title", "kiosk_dossier_prompt", "kiosk_dossier_code_empty",
        "kiosk_dossier_look_up",
    )  # fmt: skip
    """Its title, what to do, the empty field's words and the submit key's (another pad
    gives its own)."""
    ALPHABET = DOSSIER_ALPHABET
    """What its pad offers."""

    def __init__(self, flow: KioskFlow) -> None:
        super().__init__(flow)
        self.header = QtWidgets.QVBoxLayout()
        self.page.addLayout(self.header)
        self.body = QtWidgets.QBoxLayout(QtWidgets.QBoxLayout.Direction.TopToBottom)
        self.body.setSpacing(28)
        left = QtWidgets.QVBoxLayout()
        left.setSpacing(20)
        self.prompt = label("", BODY_PX + 2)
        self.code = label("", 48, bold=True)
        self.code.setObjectName("dossier_code")
        self.code.setMinimumHeight(130)
        self.code.setStyleSheet(field_style(typed=False))
        left.addWidget(self.prompt)
        left.addWidget(self.code)
        left.addStretch(1)
        self.pad = CodePad(self.ALPHABET)
        self.pad.typed.connect(flow.type_code)
        self.pad.erase.connect(flow.erase_code)
        self.pad.clear.connect(flow.clear_code)
        self.pad.submit.connect(self.submit)
        self.body.addLayout(left, 1)
        self.body.addWidget(self.pad, 0, Qt.AlignmentFlag.AlignBottom)
        self.page.addLayout(self.body, 1)

    def submit(self) -> None:
        self.flow.submit_code()

    def refresh(self) -> None:
        flow, lang = self.flow, self.lang
        title, prompt, empty, submit = self.TEXTS
        if self._news(lang):
            clear_layout(self.header)
            bar, _ = title_bar(tr(title, lang), flow.home, lang)
            self.header.addLayout(bar)
            self.prompt.setText(tr(prompt, lang))
            self.pad.set_lang(lang, submit)
        if flow.code:
            self.code.setText(breakable(flow.code) + "▏")
        else:
            self.code.setText(tr(empty, lang))
        self.code.setStyleSheet(field_style(typed=bool(flow.code)))
        self.pad.keys["submit"].setEnabled(bool(flow.code))

    def set_portrait(self, portrait: bool) -> None:
        super().set_portrait(portrait)
        direction = QtWidgets.QBoxLayout.Direction
        self.body.setDirection(direction.TopToBottom if portrait else direction.LeftToRight)


class DossierScreen(Screen):
    """The answer: status in big words, the dossier's facts, and for a ready one where to
    collect it, what to bring, and the button that takes a ticket for it."""

    def __init__(self, flow: KioskFlow) -> None:
        super().__init__(flow)
        self.header = QtWidgets.QVBoxLayout()
        self.page.addLayout(self.header)
        self.body = QtWidgets.QBoxLayout(QtWidgets.QBoxLayout.Direction.TopToBottom)
        self.body.setSpacing(28)
        self.content = QtWidgets.QWidget()
        self.facts = QtWidgets.QVBoxLayout(self.content)
        self.facts.setContentsMargins(0, 0, 12, 0)
        self.facts.setSpacing(12)
        self.body.addWidget(scroller(self.content), 3)
        self.side = QtWidgets.QFrame()
        self.side.setObjectName("dossierResult")
        self.side.setStyleSheet(
            f"#dossierResult {{ background: {PALETTE.surface}; border: 4px solid {PALETTE.ok};"
            f" border-radius: 18px; }}"
        )
        self.result = QtWidgets.QVBoxLayout(self.side)
        self.result.setContentsMargins(28, 24, 28, 24)
        self.result.setSpacing(14)
        self.ready = label("", 40, bold=True, color=PALETTE.ok)
        self.counters = label("", 36, bold=True)
        self.bring = label("", BODY_PX)
        for widget in (self.ready, self.counters, self.bring):
            self.result.addWidget(widget)
        self.result.addStretch(1)
        self.take = big_button("", Tone.OK, 38)
        self.take.setObjectName("take_for_result")
        self.take.setMinimumHeight(150)
        self.take.clicked.connect(flow.take_for_result)
        self.result.addWidget(self.take)
        self.body.addWidget(self.side, 2)
        self.page.addLayout(self.body, 1)
        buttons = QtWidgets.QHBoxLayout()
        buttons.setSpacing(20)
        self.again = big_button(
            "", Tone.PRIMARY, 34, name="dossier_again", on_click=flow.open_dossier
        )
        self.home = big_button("", Tone.QUIET, 34, on_click=flow.home)
        buttons.addWidget(self.again)
        buttons.addWidget(self.home)
        self.page.addLayout(buttons)

    def refresh(self) -> None:
        flow, lang = self.flow, self.lang
        lookup = flow.lookup
        service = flow.result_service
        key = (lang, lookup.state, lookup.code, lookup.answer, flow.can_take, service)
        if not self._news(*key):
            return
        clear_layout(self.header)
        bar, _ = title_bar(tr("kiosk_dossier_title", lang), flow.back, lang)
        self.header.addLayout(bar)
        clear_layout(self.facts)
        self.again.setText(tr("kiosk_dossier_again", lang))
        self.home.setText(tr("home", lang))
        code = label(
            tr("kiosk_dossier_code", lang, code=breakable(lookup.code)), 32, color=PALETTE.muted
        )
        code.setObjectName("dossier_answer_code")
        self.facts.addWidget(code)
        answer = lookup.answer
        self.side.setVisible(lookup.state is LookupState.FOUND and bool(answer and answer.ready))
        if lookup.state is LookupState.FOUND and answer is not None:
            self._answer(lang)
        else:
            self._plain(lookup.state, lang)
        self.facts.addStretch(1)

    def _plain(self, state: LookupState, lang: Lang) -> None:
        """Asking, unknown, too many lookups or core away: one big sentence, and why."""
        words = {
            LookupState.ASKING: ("kiosk_dossier_asking", None, PALETTE.primary),
            LookupState.IDLE: ("kiosk_dossier_asking", None, PALETTE.primary),
            LookupState.UNKNOWN: (
                "kiosk_dossier_unknown",
                "kiosk_dossier_unknown_detail",
                PALETTE.accent,
            ),
            LookupState.BUSY: ("kiosk_dossier_busy", None, PALETTE.accent),
            LookupState.AWAY: ("reconnecting", "kiosk_dossier_away", PALETTE.accent),
        }
        title, detail, ink = words[state]
        status = label(tr(title, lang), 56, bold=True, color=ink)
        status.setObjectName("dossier_status")
        self.facts.addWidget(status)
        if detail is not None:
            self.facts.addWidget(label(tr(detail, lang), 36))

    def _answer(self, lang: Lang) -> None:
        flow = self.flow
        answer = flow.dossier
        assert answer is not None
        status = label(
            in_lang(lang, answer.status_text, answer.status_text_en),
            56,
            bold=True,
            color=_STATUS_INK.get(answer.status, PALETTE.primary),
        )
        status.setObjectName("dossier_status")
        self.facts.addWidget(status)
        if answer.timeliness:
            self.facts.addWidget(label(tr(f"kiosk_dossier_{answer.timeliness}", lang), 34))
        grid = QtWidgets.QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(10)
        rows = (
            ("kiosk_dossier_procedure", answer.procedure),
            ("kiosk_dossier_agency", in_lang(lang, answer.agency.name, answer.agency.name_en)),
            ("kiosk_dossier_holder", answer.holder),
            ("kiosk_dossier_received", when(answer.received_at)),
            ("kiosk_dossier_due", when(answer.due_at)),
            ("kiosk_dossier_resolved", when(answer.resolved_at)),
        )
        row = 0
        for key, value in rows:
            if not value:
                continue
            name = label(tr(key, lang), BODY_PX, color=PALETTE.muted)
            name.setMinimumWidth(260)
            name.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            grid.addWidget(name, row, 0)
            grid.addWidget(label(value, 32, bold=True), row, 1)
            row += 1
        grid.setColumnStretch(1, 1)
        self.facts.addSpacing(8)
        self.facts.addLayout(grid)
        if answer.ready:
            self._ready(lang)

    def _ready(self, lang: Lang) -> None:
        flow = self.flow
        answer = flow.dossier
        assert answer is not None
        self.ready.setText(tr("kiosk_dossier_ready", lang))
        result = answer.result
        numbers = result.counters if result else ()
        counters = ", ".join(tr("kiosk_dossier_counter", lang, n=n) for n in numbers)
        self.counters.setText(tr("kiosk_dossier_counters", lang, counters=counters))
        self.counters.setVisible(bool(counters))
        bring = in_lang(lang, result.bring, result.bring_en) if result else ""
        self.bring.setText(tr("kiosk_dossier_bring", lang, bring=bring))
        self.bring.setVisible(bool(bring))
        service = flow.result_service
        self.take.setVisible(service is not None)
        if service is None:
            self.ready.setText(
                tr("kiosk_dossier_ready", lang) + " " + tr("kiosk_dossier_no_result_service", lang)
            )
            return
        self.take.setText(tr("kiosk_dossier_take", lang))
        self.take.setEnabled(service.available and flow.can_take)
        if not service.available and service.closed is not None:
            closed = tr(service.closed.text_key, lang)
            self.take.setText(tr("kiosk_dossier_take", lang) + "\n" + closed)

    def set_portrait(self, portrait: bool) -> None:
        super().set_portrait(portrait)
        direction = QtWidgets.QBoxLayout.Direction
        self.body.setDirection(direction.TopToBottom if portrait else direction.LeftToRight)
