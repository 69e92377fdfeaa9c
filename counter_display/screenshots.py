"""Screenshots of the counter's screens, offscreen, from sample state (no core needed):
``python -m counter_display.screenshots OUTDIR``."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from counter_display.display import DisplayWindow
from counter_display.display_model import DisplayViewModel
from counter_display.panel import PanelWindow
from counter_display.panel_model import PanelViewModel, SignIn
from counter_display.rating import RatingLevels, RatingPhase
from counter_display.state import CounterSnapshot, Figures
from queue_core.client import AgencyInfo, CounterInfo, TicketInfo
from queue_core.domain import CounterState
from ui_common.bridge import CoreBridge
from ui_common.qt import QtWidgets
from ui_common.theme import apply

NOW = datetime.now().astimezone().replace(microsecond=0)
LLTP = {"id": "lltp", "name": "Cấp phiếu lý lịch tư pháp", "name_en": "Criminal record"}
STP = {"id": "stp", "name": "Sở Tư pháp", "name_en": "Department of Justice"}


def ticket(number: str, status: str = "waiting", **extra: Any) -> TicketInfo:
    data = {
        "id": int(number[-3:]),
        "number": number,
        "service": LLTP,
        "agency": STP,
        "priority": False,
        "status": status,
        "issued_at": (NOW - timedelta(minutes=25)).isoformat(),
        "called_at": (NOW - timedelta(minutes=6, seconds=12)).isoformat(),
        "started_at": (NOW - timedelta(minutes=4, seconds=40)).isoformat(),
        "counter": 5,
        "public_token": "x",
        "recalls": 0,
        **extra,
    }
    return TicketInfo.from_json(data)


def agencies() -> list[AgencyInfo]:
    services = [
        {**LLTP, "waiting": 7, "estimate_minutes": 20, "available": True},
        {
            "id": "chungthuc",
            "name": "Chứng thực bản sao",
            "waiting": 3,
            "estimate_minutes": 9,
            "available": True,
        },
    ]
    return [AgencyInfo.from_json({**STP, "services": services})]


def snapshot(
    state: CounterState = CounterState.OPEN, current: TicketInfo | None = None
) -> CounterSnapshot:
    return CounterSnapshot(
        number=5,
        name="Tư pháp – Hộ tịch",
        state=state,
        services=("lltp", "chungthuc"),
        ticket=current,
        staff_name="Nguyễn Thị Lan",
        staff_title="Chuyên viên Sở Tư pháp",
        waiting=tuple(ticket(n) for n in ("1024", "1025", "2007", "1026", "1027")),
        today=Figures(41, 36, 3, 7.4),
        staff_today=Figures(22, 20, 1, 6.9),
    )


def grab(widget: QtWidgets.QWidget, path: Path) -> None:
    widget.show()
    QtWidgets.QApplication.processEvents()
    widget.grab().save(str(path))
    print(path)


def panel_shots(bridge: CoreBridge, out: Path) -> None:
    model = PanelViewModel(bridge, 5, now=lambda: NOW)
    window = PanelWindow(model)
    model.http_ok, model.stream_state = True, "connected"
    window.refresh()
    grab(window, out / "panel-login.png")
    model.sign_in = SignIn.SIGNED_IN
    model.staff = {"name": "Nguyễn Thị Lan", "username": "lan"}
    model.agencies = agencies()
    model.counters = [
        CounterInfo.from_json(
            {"number": n, "name": f"Quầy {n}", "state": "open", "services": [], "ticket": None}
        )
        for n in (3, 4, 5, 6)
    ]
    model.recalls_before_no_show = 1
    model.snapshot = snapshot(
        current=ticket("1023", "serving", recalls=1, transferred_from="counter:2")
    )
    model.changed.emit()
    grab(window, out / "panel-serving.png")
    model.dialog_requested.emit("transfer")
    assert window.dialog is not None
    window.dialog.resize(900, 640)
    grab(window.dialog, out / "panel-transfer.png")
    window.dialog.reject()


def display_shots(bridge: CoreBridge, out: Path) -> None:
    model = DisplayViewModel(bridge, 5, own_stream=False)
    model.agencies = agencies()
    window = DisplayWindow(model)
    model.snapshot = snapshot(current=ticket("1023", "called"))
    model.changed.emit()
    grab(window, out / "display-calling.png")
    model.snapshot = snapshot()
    model.changed.emit()
    grab(window, out / "display-waiting.png")
    model.snapshot = replace(snapshot(CounterState.PAUSED), waiting=())
    model.changed.emit()
    grab(window, out / "display-paused.png")
    rating = model.rating
    rating.levels = RatingLevels(
        reasons=("Chờ quá lâu", "Hướng dẫn chưa rõ ràng", "Thái độ phục vụ chưa tốt")
    )
    rating.ticket, rating.phase = ticket("1023", "done"), RatingPhase.FACES
    model.changed.emit()
    grab(window, out / "display-rating.png")
    rating.phase = RatingPhase.REASON
    model.changed.emit()
    grab(window, out / "display-reason.png")
    rating.phase = RatingPhase.THANKS
    model.changed.emit()
    grab(window, out / "display-thanks.png")


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
