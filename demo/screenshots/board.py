"""`python -m demo.screenshots.board OUTDIR`: the board painted offscreen from a made-up hall.

Landscape 1920×1080 with 12 and with 48 counters, and portrait 1080×1920; each with a
call highlighted, others waiting their turn, recent calls, figures and notices, the site's
colours and logo. Then the rotating slot's dossier pages: this month per agency, and the
codes ready for collection.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path

from hall_board.model import BoardModel
from hall_board.slots import SlotKind
from hall_board.widgets import BoardWindow, Orientation
from queue_core.client import (
    AgencyDossiers,
    Board,
    BoardAgency,
    BoardLook,
    BoardSite,
    ConnectionState,
    CounterInfo,
    CounterState,
    DossierFigures,
    EventType,
    Named,
    RatingRules,
    ServiceWaiting,
    TicketEvent,
    TicketInfo,
    TicketStatus,
    TodayFigures,
)

__all__ = ["call_event", "hall_snapshot", "main", "save_screenshots"]

AGENCIES = [
    ("stp", "Sở Tư pháp", "Department of Justice", 14),
    ("stnmt", "Sở Tài nguyên và Môi trường", "Natural Resources and Environment", 23),
    ("skhdt", "Sở Kế hoạch và Đầu tư", "Planning and Investment", 9),
    ("sxd", "Sở Xây dựng", "Construction", 6),
    ("sgtvt", "Sở Giao thông vận tải", "Transport", 31),
    ("bhxh", "Bảo hiểm xã hội tỉnh", "Social Insurance", 12),
]
LOGO = b"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 120" width="120" height="120">
  <circle cx="60" cy="60" r="56" fill="#C8102E" stroke="#FFD400" stroke-width="6"/>
  <polygon fill="#FFD400" points="60,22 69.4,48.6 97.6,48.9 75.1,65.9 83.5,92.9 60,76.8
    36.5,92.9 44.9,65.9 22.4,48.9 50.6,48.6"/>
</svg>"""
LOOK = BoardLook("#071A3D", "#FFFFFF", "#FFD400", "#C8102E", logo="/api/v1/site/logo")
# received, resolved, on time share, codes ready (codes only: the board never has names)
DOSSIERS = [
    ("stp", 412, 388, 0.97, 14),
    ("stnmt", 236, 171, 0.81, 23),
    ("skhdt", 198, 190, 1.0, 5),
    ("sxd", 64, 41, 0.88, 0),
    ("sgtvt", 305, 297, 0.95, 9),
    ("bhxh", 12, 0, None, 0),
]
NOTICES = [
    "Trung tâm làm việc từ thứ Hai đến thứ Sáu: sáng 7:30–11:30, chiều 13:30–17:00.",
    "Người cao tuổi, người khuyết tật, phụ nữ mang thai và người có công được ưu tiên phục vụ.",
    "Công dân có thể nộp hồ sơ trực tuyến tại Cổng Dịch vụ công quốc gia.",
]


AT = datetime.fromisoformat("2026-11-25T09:41:00+07:00")
SERVICE = Named("lltp", "Cấp phiếu lý lịch tư pháp", "Criminal record certificate")


def _ticket(number: str, counter: int, ticket_id: int) -> TicketInfo:
    return TicketInfo(
        id=ticket_id, number=number, service=SERVICE, agency=Named("stp", "Sở Tư pháp"),
        priority=False, status=TicketStatus.CALLED, issued_at=AT, called_at=AT, counter=counter,
        ahead=0, estimate_minutes=0, public_token=f"t{ticket_id}", recalls=0,
        business_day=AT.date(),
    )  # fmt: skip


def _counter(number: int) -> CounterInfo:
    state = (
        CounterState.CLOSED if number % 11 == 0
        else CounterState.PAUSED if number % 7 == 0
        else CounterState.OPEN
    )  # fmt: skip
    ticket = (
        None
        if state is not CounterState.OPEN or number % 5 == 0
        else _ticket(str(1000 + number * 3), number, number)
    )
    return CounterInfo(number, f"Quầy {number}", state, services=("lltp",), ticket=ticket)


def call_event(seq: int, number: str, counter: int, ticket_id: int) -> TicketEvent:
    return TicketEvent(
        EventType.TICKET_CALLED, seq, AT, _ticket(number, counter, ticket_id), counter
    )


def _code(agency: int, n: int) -> str:
    return f"000.00.{12 + agency * 3:02d}.H55-2611{(n % 25) + 1:02d}-{40 + n * 7:04d}"


def dossier_figures() -> DossierFigures:
    """``GET /api/v1/dossiers`` for the made-up hall, as the client reads it."""
    names = {a: (name, en) for a, name, en, _w in AGENCIES}
    rows = []
    for i, (agency, received, resolved, share, ready) in enumerate(DOSSIERS):
        on_time = 0 if share is None else round(resolved * share)
        rows.append(AgencyDossiers(
            agency, names[agency][0], names[agency][1], received, resolved,
            early=on_time // 2, on_time=on_time - on_time // 2, late=resolved - on_time,
            on_time_share=share, ready_codes=tuple(_code(i, n) for n in range(ready)),
        ))  # fmt: skip
    return DossierFigures("2026-11", tuple(rows))


def hall_snapshot(counters: int) -> Board:
    """A board snapshot as the client reads it: ``counters`` counters, 8 earlier calls."""
    recent = [
        call_event(100 - i, f"{1040 - i * 3}", (i * 5) % counters + 1, 500 + i) for i in range(9)
    ]
    site = BoardSite(
        "demo", "Trung tâm Phục vụ hành chính công tỉnh",
        "Provincial Public Administration Service Centre",
        RatingRules(("Rất hài lòng", "Hài lòng", "Không hài lòng")), 1, LOOK,
    )  # fmt: skip
    return Board(
        seq=100,
        site=site,
        counters=tuple(_counter(n) for n in range(1, counters + 1)),
        recent_calls=tuple(recent),
        agencies=tuple(BoardAgency(a, n, e, w) for a, n, e, w in AGENCIES),
        waiting=tuple(ServiceWaiting(Named(a, n, e), a, w) for a, n, e, w in AGENCIES),
        today=TodayFigures(issued=412, served=297, within_target_share=0.87,
                           average_wait_minutes=12.4),
        notices=tuple(NOTICES),
    )  # fmt: skip


def _window(counters: int, orientation: Orientation, slot: SlotKind | None = None,
            page: int = 1) -> BoardWindow:  # fmt: skip
    model = BoardModel()
    model.apply_snapshot(hall_snapshot(counters))
    model.set_logo(LOGO)
    model.set_connection(ConnectionState.CONNECTED)
    if slot is not None:
        model.apply_dossiers(dossier_figures())
        while (model.slot.kind, model.slot.page) != (slot, page):
            model.next_slot()
    model.apply_event(call_event(101, "1023", 5, 901))
    model.apply_event(call_event(102, "2047", min(12, counters), 902))
    model.apply_event(call_event(103, "A015", 3, 903))
    window = BoardWindow(model, orientation)
    window.ticker.offset = 900
    return window


SCREENS = (
    ("board-1920x1080-12.png", 12, Orientation.LANDSCAPE, None, 1),
    ("board-1920x1080-48.png", 48, Orientation.LANDSCAPE, None, 1),
    ("board-1080x1920-portrait.png", 24, Orientation.PORTRAIT, None, 1),
    ("board-1920x1080-12-dossiers.png", 12, Orientation.LANDSCAPE, SlotKind.DOSSIERS, 1),
    ("board-1920x1080-48-ready.png", 48, Orientation.LANDSCAPE, SlotKind.READY, 2),
    ("board-1080x1920-portrait-dossiers.png", 24, Orientation.PORTRAIT, SlotKind.DOSSIERS, 2),
    ("board-1080x1920-portrait-ready.png", 24, Orientation.PORTRAIT, SlotKind.READY, 1),
)


def save_screenshots(folder: Path) -> list[Path]:
    """Paint the three screens into ``folder`` (a QApplication must exist)."""
    from ui_common import load_fonts
    from ui_common.qt import QtWidgets

    app = QtWidgets.QApplication.instance()
    assert app is not None
    load_fonts()
    folder.mkdir(parents=True, exist_ok=True)
    saved = []
    for name, counters, orientation, slot, page in SCREENS:
        window = _window(counters, orientation, slot, page)
        window.show()
        app.processEvents()
        path = folder / name
        if not window.grab().save(str(path)):
            raise OSError(f"could not write {path}")
        saved.append(path)
        window.close()
        window.deleteLater()
    app.processEvents()
    return saved


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m demo.screenshots.board OUTDIR", file=sys.stderr)
        return 2
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ui_common.qt import QtWidgets

    app = QtWidgets.QApplication([])
    for path in save_screenshots(Path(args[0])):
        print(path)
    app.processEvents()

    return 0


if __name__ == "__main__":
    raise SystemExit(main())
