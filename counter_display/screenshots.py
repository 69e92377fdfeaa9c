"""The counter's screens in each state, from sample data (no core needed), each checked to fit its
screen: ``python -m counter_display.screenshots OUTDIR`` saves them as PNGs and fails when
anything does not fit. The tests walk the same scenes."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from counter_display.display import SIZE as DISPLAY_SIZE
from counter_display.display import DisplayWindow
from counter_display.display_model import DisplayViewModel
from counter_display.panel import SIZE as PANEL_SIZE
from counter_display.panel import PanelWindow
from counter_display.panel_model import Message, MessageKind, PanelViewModel, SignIn
from counter_display.parts import FitLabel, FitNumber
from counter_display.rating import RatingLevels, RatingPhase
from counter_display.state import CounterSnapshot
from queue_core.client import (
    AgencyInfo,
    ConnectionState,
    CounterFigures,
    CounterInfo,
    Named,
    ServiceStatus,
    Staff,
    TicketInfo,
)
from queue_core.domain import CounterState, Role, TicketStatus
from ui_common.bridge import CoreBridge
from ui_common.fit import Misfit
from ui_common.fit import fit as fit_window
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

NOW = datetime.now().astimezone().replace(microsecond=0)


@dataclass(frozen=True)
class Sample:
    """What a counter of some site holds: its name, services, clerk, who waits, its levels."""

    number: int
    name: str
    agencies: tuple[dict[str, Any], ...]
    """Each ``{"id", "name", "name_en", "services": [{"id", "name", "name_en", "waiting"}]}``."""
    clerk: str
    title: str
    ticket: str
    waiting: tuple[str, ...]
    levels: RatingLevels

    @property
    def services(self) -> list[dict[str, Any]]:
        return [s for a in self.agencies for s in a["services"]]


def _service(sid: str, name: str, name_en: str, waiting: int) -> dict[str, Any]:
    return {"id": sid, "name": name, "name_en": name_en, "waiting": waiting}


SAMPLE = Sample(
    number=5,
    name="Tư pháp – Hộ tịch",
    agencies=(
        {
            "id": "stp",
            "name": "Sở Tư pháp",
            "name_en": "Department of Justice",
            "services": [
                _service("lltp", "Cấp phiếu lý lịch tư pháp", "Criminal record certificate", 7),
                _service("chungthuc", "Chứng thực bản sao", "Certified copies", 3),
            ],
        },
    ),
    clerk="Nguyễn Thị Lan",
    title="Chuyên viên Sở Tư pháp",
    ticket="1023",
    waiting=("1024", "1025", "2007", "1026", "1027"),
    levels=RatingLevels(
        reasons=("Chờ quá lâu", "Hướng dẫn chưa rõ ràng", "Thái độ phục vụ chưa tốt")
    ),
)

LONG = Sample(
    number=12,
    name="Quầy 12 – Bộ phận một cửa liên thông Tài nguyên và Môi trường, Lao động – Thương binh",
    agencies=(
        {
            "id": "stnmt",
            "name": "Sở Tài nguyên và Môi trường",
            "name_en": "Department of Natural Resources and Environment",
            "services": [
                _service(
                    "gcn",
                    "Cấp giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác"
                    " gắn liền với đất",
                    "Certificate of land use rights, ownership of houses and other assets"
                    " attached to land",
                    48,
                ),
                _service(
                    "biendong",
                    "Đăng ký biến động đất đai, tài sản gắn liền với đất",
                    "Registration of changes to land and attached assets",
                    12,
                ),
                _service(
                    "dtm",
                    "Thẩm định báo cáo đánh giá tác động môi trường",
                    "Appraisal of environmental impact assessment reports",
                    0,
                ),
            ],
        },
        {
            "id": "sldtbxh",
            "name": "Sở Lao động – Thương binh và Xã hội",
            "name_en": "Department of Labour, Invalids and Social Affairs",
            "services": [
                _service(
                    "thatnghiep",
                    "Giải quyết hưởng trợ cấp thất nghiệp và hỗ trợ học nghề",
                    "Unemployment benefit and vocational training support",
                    9,
                ),
                _service(
                    "bhxh",
                    "Giải quyết hưởng chế độ bảo hiểm xã hội một lần",
                    "One-off social insurance payment",
                    4,
                ),
            ],
        },
    ),
    clerk="Tôn Nữ Hoàng Thị Phương Thảo Nguyên",
    title=(
        "Phó Trưởng phòng Đăng ký và Cấp giấy chứng nhận, Văn phòng Đăng ký đất đai tỉnh"
        " Thừa Thiên Huế"
    ),
    ticket="A888",
    waiting=tuple(f"A{n:03d}" for n in range(889, 889 + 23)),
    levels=RatingLevels(
        names=("Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng", "Rất không hài lòng"),
        names_en=("Very satisfied", "Satisfied", "Neutral", "Dissatisfied", "Very dissatisfied"),
        reasons=(
            "Thời gian chờ đến lượt quá lâu so với thời gian dự kiến in trên phiếu",
            "Hướng dẫn thành phần hồ sơ chưa rõ ràng, phải đi lại bổ sung nhiều lần",
            "Thái độ phục vụ của cán bộ chưa tốt",
            "Phải nộp phí, lệ phí không đúng quy định",
            "Kết quả giải quyết trễ hẹn",
            "Khu vực chờ chật chội, thiếu chỗ ngồi",
        ),
    ),
)


def _named(data: Mapping[str, Any]) -> Named:
    return Named(str(data["id"]), str(data["name"]), str(data["name_en"]))


def ticket(
    sample: Sample, number: str, status: TicketStatus = TicketStatus.WAITING, **extra: Any
) -> TicketInfo:
    agency = sample.agencies[0]
    base = TicketInfo(
        id=sum(ord(c) for c in number),
        number=number,
        service=_named(agency["services"][0]),
        agency=_named(agency),
        priority=False,
        status=TicketStatus(status),
        issued_at=NOW - timedelta(minutes=25),
        called_at=NOW - timedelta(minutes=6, seconds=12),
        started_at=NOW - timedelta(minutes=4, seconds=40),
        counter=sample.number,
        ahead=0,
        estimate_minutes=0,
        public_token="x",
        recalls=0,
        business_day=NOW.date(),
    )
    return replace(base, **extra)


def agencies(sample: Sample, waiting: Mapping[str, int] | None = None) -> list[AgencyInfo]:
    """The sample's agencies; with ``waiting`` (service id → how many), those counts and none
    waiting for the other services."""

    def count(service: dict[str, Any]) -> int:
        return int(service["waiting"]) if waiting is None else waiting.get(service["id"], 0)

    return [
        AgencyInfo(
            id=agency["id"],
            name=agency["name"],
            name_en=agency["name_en"],
            services=tuple(
                ServiceStatus(s["id"], s["name"], count(s), 9, available=True, name_en=s["name_en"])
                for s in agency["services"]
            ),
        )
        for agency in sample.agencies
    ]


def snapshot(
    sample: Sample, state: CounterState = CounterState.OPEN, current: TicketInfo | None = None
) -> CounterSnapshot:
    return CounterSnapshot(
        number=sample.number,
        name=sample.name,
        state=state,
        services=tuple(s["id"] for s in sample.services),
        ticket=current,
        staff_name=sample.clerk,
        staff_title=sample.title,
        waiting=tuple(ticket(sample, n) for n in sample.waiting),
        today=CounterFigures(141, 136, 13, 17.4),
        staff_today=CounterFigures(72, 70, 11, 16.9),
    )


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
    """``ui_common.fit.fit`` with the counter's own check: no text cut without saying so."""
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
    "panel": (SAMPLE, Lang.VI, {"login", "nobody-waiting", "message-cleared", "serving", "paused"}),
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
