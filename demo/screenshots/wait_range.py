"""`python -m demo.screenshots.wait_range OUTDIR`: the wait as a range where a citizen reads it.

Against the kiosk's demo core (``demo.screenshots.kiosk.demo_core``: the sample site with
tickets already waiting), the kiosk takes a ticket behind them and a second one where
nobody waits; saved are the kiosk's ticket screen (portrait and landscape), the printed
ticket as the preview printer drew it, and the phone page behind its QR code in Chromium at
a phone's width, each for the ticket with a range, and the screen and the slip of the short
wait ("dưới 5 phút").
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from demo.screenshots.kiosk import Kiosk, demo_kiosk, grab, settle, take
from printers import TicketPrinter
from tests.queue_core.console.browser import chromium
from ui_common import theme
from ui_common.qt import QtWidgets
from ui_common.texts import Lang

QUEUED = "stnmt-gcn"
"""Seven already wait for it in the demo hall: a wait of the better part of an hour."""
NOBODY = "sxd-gpxd"
"""Nobody waits for it."""
PHONE = (412, 915)


def _printed(folder: Path, number: str) -> Path:
    [png] = folder.glob(f"ticket-{number}-*.png")
    return png


def shoot(kiosk: Kiosk, url: str, printed: Path, outdir: Path) -> list[Path]:
    saved: list[Path] = []
    settle(lambda: kiosk.live.online)
    for service, name in ((QUEUED, "range"), (NOBODY, "short")):
        take(kiosk, service)
        result = kiosk.flow.result
        assert result is not None and result.ticket is not None, f"no ticket for {service}"
        ticket = result.ticket
        assert ticket.estimate_range is not None, "the core gave no range"
        saved += grab(kiosk.window, outdir, f"kiosk-ticket-{name}")
        slip = outdir / f"printed-ticket-{name}.png"
        shutil.copy(_printed(printed, ticket.number), slip)
        saved.append(slip)
        if name == "range":
            with chromium(*PHONE) as browser:
                browser.get(f"{url}/t/{ticket.public_token}")
                page = outdir / "phone-page-range.png"
                browser.save_screenshot(str(page))
                saved.append(page)
    kiosk.flow.set_lang(Lang.EN)
    take(kiosk, QUEUED)
    saved += grab(kiosk.window, outdir, "kiosk-ticket-range-english")
    return saved


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    outdir = Path(args[0] if args else "docs/screenshots/range")
    outdir.mkdir(parents=True, exist_ok=True)
    app = QtWidgets.QApplication([])
    theme.apply(app)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("LUOT_CONFIG_DIR", str(Path(tmp) / "config"))
        printed = Path(tmp) / "printed"
        with demo_kiosk(Path(tmp), TicketPrinter(f"preview://{printed}")) as (kiosk, url, _):
            saved = shoot(kiosk, url, printed, outdir)
    del app
    for path in saved:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
