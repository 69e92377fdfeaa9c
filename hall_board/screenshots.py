"""`python -m hall_board.screenshots OUTDIR`: the board painted offscreen from a made-up hall.

Landscape 1920×1080 with 12 and with 48 counters, and portrait 1080×1920; each with a
call highlighted, others waiting their turn, recent calls, figures and notices.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from hall_board.model import BoardModel
from hall_board.widgets import BoardWindow, Orientation

__all__ = ["hall_snapshot", "main", "save_screenshots"]

AGENCIES = [
    ("stp", "Sở Tư pháp", "Department of Justice", 14),
    ("stnmt", "Sở Tài nguyên và Môi trường", "Natural Resources and Environment", 23),
    ("skhdt", "Sở Kế hoạch và Đầu tư", "Planning and Investment", 9),
    ("sxd", "Sở Xây dựng", "Construction", 6),
    ("sgtvt", "Sở Giao thông vận tải", "Transport", 31),
    ("bhxh", "Bảo hiểm xã hội tỉnh", "Social Insurance", 12),
]
NOTICES = [
    "Trung tâm làm việc từ thứ Hai đến thứ Sáu: sáng 7:30–11:30, chiều 13:30–17:00.",
    "Người cao tuổi, người khuyết tật, phụ nữ mang thai và người có công được ưu tiên phục vụ.",
    "Công dân có thể nộp hồ sơ trực tuyến tại Cổng Dịch vụ công quốc gia.",
]


def _ticket(number: str, counter: int, ticket_id: int) -> dict[str, Any]:
    return {
        "id": ticket_id, "number": number, "counter": counter,
        "service": {"id": "lltp", "name": "Cấp phiếu lý lịch tư pháp",
                    "name_en": "Criminal record certificate"},
    }  # fmt: skip


def _counter(number: int) -> dict[str, Any]:
    state = "closed" if number % 11 == 0 else "paused" if number % 7 == 0 else "open"
    ticket = (
        None
        if state != "open" or number % 5 == 0
        else _ticket(str(1000 + number * 3), number, number)
    )
    return {
        "number": number,
        "name": f"Quầy {number}",
        "zone": "",
        "state": state,
        "ticket": ticket,
    }


def _call(seq: int, number: str, counter: int, ticket_id: int) -> dict[str, Any]:
    return {"seq": seq, "type": "ticket.called", "at": "2026-11-25T09:41:00+07:00",
            "counter": counter, "ticket": _ticket(number, counter, ticket_id)}  # fmt: skip


def hall_snapshot(counters: int) -> dict[str, Any]:
    """A board snapshot in the contract's shape: ``counters`` counters, 8 earlier calls."""
    recent = [_call(100 - i, f"{1040 - i * 3}", (i * 5) % counters + 1, 500 + i) for i in range(9)]
    return {
        "seq": 100,
        "site": {"id": "demo", "name": "Trung tâm Phục vụ hành chính công tỉnh",
                 "name_en": "Provincial Public Administration Service Centre"},
        "counters": [_counter(n) for n in range(1, counters + 1)],
        "recent_calls": recent,
        "waiting": [{"service": {"id": a}, "agency": a, "waiting": w} for a, _n, _e, w in AGENCIES],
        "today": {"issued": 412, "served": 297, "within_target_share": 0.87,
                  "average_wait_minutes": 12.4},
        "notices": NOTICES,
    }  # fmt: skip


def _window(counters: int, orientation: Orientation) -> BoardWindow:
    model = BoardModel()
    model.set_agency_names({a: (name, en) for a, name, en, _w in AGENCIES})
    model.apply_snapshot(hall_snapshot(counters))
    model.set_connection("connected")
    model.apply_event(_call(101, "1023", 5, 901))
    model.apply_event(_call(102, "2047", min(12, counters), 902))
    model.apply_event(_call(103, "A015", 3, 903))
    window = BoardWindow(model, orientation)
    window.ticker.offset = 900
    return window


def save_screenshots(folder: Path) -> list[Path]:
    """Paint the three screens into ``folder`` (a QApplication must exist)."""
    from ui_common import load_fonts
    from ui_common.qt import QtWidgets

    app = QtWidgets.QApplication.instance()
    assert app is not None
    load_fonts()
    folder.mkdir(parents=True, exist_ok=True)
    saved = []
    for name, counters, orientation in (
        ("board-1920x1080-12.png", 12, Orientation.LANDSCAPE),
        ("board-1920x1080-48.png", 48, Orientation.LANDSCAPE),
        ("board-1080x1920-portrait.png", 24, Orientation.PORTRAIT),
    ):
        window = _window(counters, orientation)
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
        print("usage: python -m hall_board.screenshots OUTDIR", file=sys.stderr)
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
