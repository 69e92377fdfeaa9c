"""The counter's screens in each state, from the sample counters (no core needed), each checked to
fit its screen: ``python -m demo.screenshots.counter OUTDIR`` saves them as PNGs and fails when
anything does not fit. The tests walk the same scenes."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from counter_display.display import SIZE as DISPLAY_SIZE
from counter_display.display import DisplayWindow
from counter_display.display_model import DisplayViewModel
from counter_display.panel import SIZE as PANEL_SIZE
from counter_display.panel import PanelWindow
from counter_display.panel_model import Message, MessageKind, PanelViewModel, SignIn
from counter_display.parts import FitLabel, FitNumber
from counter_display.rating import RatingPhase
from counter_display.state import CounterSnapshot
from demo.screenshots.counter_samples import (
    LONG,
    NOW,
    SAMPLE,
    Sample,
    agencies,
    snapshot,
    ticket,
)
from demo.screenshots.fit import Misfit
from demo.screenshots.fit import fit as fit_window
from queue_core.client import (
    ConnectionState,
    CounterInfo,
    CounterState,
    Role,
    Staff,
    TicketStatus,
)
from ui_common.bridge import CoreBridge
from ui_common.qt import QtWidgets
from ui_common.texts import Lang
from ui_common.theme import apply

__all__ = [
    "DISPLAY_SIZE",
    "LONG",
    "PANEL_SIZE",
    "SAMPLE",
    "Misfit",
    "Sample",
    "cuts",
    "display_scenes",
    "fit",
    "panel_scenes",
]


# --- the clerk's panel --------------------------------------------------------------------------


def _signed_in(model: PanelViewModel, sample: Sample) -> None:
    model.http_ok, model.stream_state = True, ConnectionState.CONNECTED
    model.sign_in = SignIn.SIGNED_IN
    model.staff = Staff("clerk", sample.clerk, Role.CLERK)
    model.agencies = agencies(sample)
    model.counters = [
        CounterInfo(n, f"Quầy {n}", CounterState.OPEN, services=(), ticket=None)
        for n in (3, 4, 5, 6)
    ]
    model.recalls_before_no_show = 1
    model.message = None


def panel_scenes(model: PanelViewModel, sample: Sample) -> Iterator[str]:
    """Puts the panel in each state in turn (the model filled by hand) and yields its name."""
    change = model.changed.emit
    model.http_ok, model.stream_state = True, ConnectionState.CONNECTED
    model.sign_in, model.snapshot = SignIn.SIGNED_OUT, CounterSnapshot.closed(sample.number)
    change()
    yield "login"
    model.login_message = Message(MessageKind.ERROR, "counter_locked")
    change()
    yield "login-locked"
    model.login_message = Message(
        MessageKind.ERROR, "counter_not_assigned", {"counter": sample.number}
    )
    change()
    yield "login-not-assigned"
    model.login_message = None
    _signed_in(model, sample)
    model.snapshot = replace(snapshot(sample), waiting=())
    model.agencies = agencies(sample, waiting={})
    model.message = Message(MessageKind.INFO, "counter_nobody_to_call")
    change()
    yield "nobody-waiting"
    # a ticket issued for this counter: the read that lists it takes the message back
    arrived = ticket(sample, sample.waiting[0])
    model.snapshot = replace(snapshot(sample), waiting=(arrived,))
    model.agencies = agencies(sample, waiting={arrived.service.id: 1})
    model.drop_untrue()
    change()
    yield "message-cleared"
    model.agencies = agencies(sample)
    called = ticket(sample, sample.ticket, TicketStatus.CALLED, priority=True, recalls=2,
                    transferred_from="counter:3")  # fmt: skip
    model.snapshot = snapshot(sample, current=called)
    model.message = Message(MessageKind.ERROR, "refused_ticket_in_progress")
    change()
    yield "called"
    model.message = None
    serving = ticket(
        sample, sample.ticket, TicketStatus.SERVING, recalls=1, transferred_from="counter:2"
    )
    model.snapshot = snapshot(sample, current=serving)
    change()
    yield "serving"
    model.snapshot = snapshot(sample, CounterState.PAUSED)
    change()
    yield "paused"
    model.snapshot = snapshot(sample, CounterState.CLOSED)
    change()
    yield "closed"
    model.snapshot = snapshot(sample, current=serving)
    model.http_ok = False
    model.message = Message(MessageKind.ERROR, "counter_offline")
    change()
    yield "offline"
    model.http_ok = True


# --- the counter-facing display -----------------------------------------------------------------


def display_scenes(model: DisplayViewModel, sample: Sample) -> Iterator[str]:
    """Puts the display in each state in turn and yields its name."""
    change = model.changed.emit
    model.agencies = agencies(sample)
    rating = model.rating
    rating.levels = sample.levels
    model.snapshot = snapshot(sample, current=ticket(sample, sample.ticket, TicketStatus.CALLED))
    change()
    yield "calling"
    model.snapshot = snapshot(sample)
    change()
    yield "waiting"
    model.snapshot = replace(snapshot(sample), waiting=())
    change()
    yield "nobody"
    model.snapshot = replace(snapshot(sample, CounterState.PAUSED), waiting=())
    change()
    yield "paused"
    model.snapshot = replace(snapshot(sample, CounterState.CLOSED), waiting=())
    change()
    yield "closed"
    rating.ticket = ticket(sample, sample.ticket, TicketStatus.DONE)
    rating.phase = RatingPhase.FACES
    change()
    yield "rating"
    rating.phase = RatingPhase.REASON
    change()
    yield "reason"
    rating.phase = RatingPhase.THANKS
    change()
    yield "thanks"
    rating.ticket, rating.phase = None, RatingPhase.IDLE
    change()


# --- fitting and saving -------------------------------------------------------------------------


def settle() -> None:
    for _ in range(3):  # a layout change can ask for another pass
        QtWidgets.QApplication.processEvents()


def fit(window: QtWidgets.QWidget, size: tuple[int, int], name: str) -> None:
    """``demo.screenshots.fit.fit`` with the counter's own check: no text cut without saying so."""
    fit_window(window, size, name, cuts)


def cuts(window: QtWidgets.QWidget) -> list[str]:
    """Texts shown short without saying so: a label cut without "…", or cut with no tooltip
    holding the whole; and any called number drawn smaller than its least size."""
    found = []
    for label in window.findChildren(FitLabel):
        if not label.isVisibleTo(window) or not label.elided:
            continue
        fitted = label.fitted()
        said = fitted.mark and fitted.mark in fitted.lines[-1]
        if not said:
            found.append(f"{label.text()[:40]!r} is cut without an ellipsis: {fitted.lines!r}")
        if label.toolTip() != label.text():
            found.append(f"{label.text()[:40]!r} is cut and its tooltip is not the whole text")
    for number in window.findChildren(FitNumber):
        if number.isVisibleTo(window) and number.text():
            fits = number.minimumSizeHint()
            if number.width() < fits.width() or number.height() < fits.height():
                found.append(f"the number {number.text()!r} has less room than it needs")
    return found


def _save(window: QtWidgets.QWidget, size: tuple[int, int], path: Path) -> None:
    fit(window, size, path.stem)
    window.grab().save(str(path))
    print(path)


SHOTS: dict[str, tuple[Sample, Lang, set[str]]] = {
    "panel": (
        SAMPLE,
        Lang.VI,
        {"login", "login-not-assigned", "nobody-waiting", "message-cleared", "serving", "paused"},
    ),
    "panel-long": (LONG, Lang.VI, {"called"}),
    "panel-long-en": (LONG, Lang.EN, {"offline"}),
    "display": (SAMPLE, Lang.VI, {"calling", "waiting", "paused", "rating", "reason", "thanks"}),
    "display-long": (LONG, Lang.VI, {"calling", "waiting", "reason"}),
    "display-long-en": (LONG, Lang.EN, {"calling", "rating"}),
}
"""Which scenes the docs show: ``<prefix>-<scene>.png``."""


def panel_shots(bridge: CoreBridge, out: Path) -> None:
    for prefix in ("panel", "panel-long", "panel-long-en"):
        sample, lang, wanted = SHOTS[prefix]
        model = PanelViewModel(bridge, sample.number, lang, now=lambda: NOW)
        window = PanelWindow(model)
        for scene in panel_scenes(model, sample):
            if scene in wanted:
                _save(window, PANEL_SIZE, out / f"{prefix}-{scene}.png")
            if prefix == "panel" and scene == "serving":
                _transfer_shot(model, window, out)
        model.stop()
        window.close()


def _transfer_shot(model: PanelViewModel, window: PanelWindow, out: Path) -> None:
    model.dialog_requested.emit("transfer")
    assert window.dialog is not None
    window.dialog.resize(900, 640)
    window.dialog.show()
    settle()
    window.dialog.grab().save(str(out / "panel-transfer.png"))
    print(out / "panel-transfer.png")
    window.dialog.reject()


def display_shots(bridge: CoreBridge, out: Path) -> None:
    for prefix in ("display", "display-long", "display-long-en"):
        sample, lang, wanted = SHOTS[prefix]
        model = DisplayViewModel(bridge, sample.number, lang)
        window = DisplayWindow(model)
        for scene in display_scenes(model, sample):
            if scene in wanted:
                _save(window, DISPLAY_SIZE, out / f"{prefix}-{scene}.png")
        model.stop()
        window.close()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0] if args else "docs/screenshots/counter")
    out.mkdir(parents=True, exist_ok=True)
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    assert isinstance(app, QtWidgets.QApplication)
    apply(app, base_pixel_size=24)
    bridge = CoreBridge("http://127.0.0.1:9")  # never called: the models are filled by hand
    try:
        panel_shots(bridge, out)
        display_shots(bridge, out)
    finally:
        bridge.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
