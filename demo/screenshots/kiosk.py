"""`python -m demo.screenshots.kiosk OUTDIR [--looks]`: every kiosk screen at 1080×1920 and
1920×1080 (PNG); ``--looks`` only home, services and ticket in large text with high contrast.

Runs offscreen against a real core (the sample site, open all day, with the sample
dossier export, in a temporary folder) with a preview printer; the paperless and
printer-problem screens use a printer that reports paper out. Each screen is grabbed at
exactly its size, and the tool fails when anything does not fit (``demo.screenshots.fit``).
"""

from __future__ import annotations

import asyncio
import importlib.resources
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from subprocess import Popen
from zoneinfo import ZoneInfo

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from demo.database import demo_site_text
from demo.screenshots.fit import fit
from harness.child import LOOPBACK, free_port, serve_command, stop, until_answering
from kiosk.app import Kiosk, build
from kiosk.dossier import LookupState
from kiosk.flow import Screen, SearchMode, Timeouts
from kiosk.taking import Outcome, TakeResult
from printers import PrinterError, PrinterErrorKind, PrinterStatus, TicketPrinter
from queue_core.client import (
    Arrival,
    BookingInfo,
    CheckInAnswer,
    CoreClient,
    Named,
    PriorityKind,
)
from ui_common import theme
from ui_common.bridge import CoreBridge
from ui_common.device import DeviceSettings
from ui_common.pairing import PairingScreen, PairingViewModel
from ui_common.qt import QtWidgets
from ui_common.texts import Lang

SIZES = {"portrait": (1080, 1920), "landscape": (1920, 1080)}
SAMPLE_DOSSIERS = importlib.resources.files("queue_core") / "samples" / "dossiers.csv"
SAMPLE_DOSSIERS_AT = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
"""When the sample export was taken: imported as of then, its holders' names are within the
site's retention (imported years later, the names would be past it and left out)."""
READY_DOSSIER = "000.00.12.H55-261104-0002"
PROCESSING_DOSSIER = "000.00.21.H55-261105-0004"
UNKNOWN_DOSSIER = "000.00.00.X00-000000-0000"
CLOSED_SERVICE = "stp-quoctich"
WAITING = {"stp-lltp": 4, "stp-chungthuc": 2, "stnmt-gcn": 7, "skhdt-dkdn": 3}


def demo_site() -> str:
    """The demo hall's site (the sample site, open every day all day), with one service
    closed (to show greyed)."""
    text = demo_site_text()
    marker = f'id = "{CLOSED_SERVICE}"'
    return text.replace(marker, marker + "\ndaily_cap = 1", 1)


def _cli(db: Path, *args: str) -> str:
    command = [sys.executable, "-m", "queue_core.cli", "--db", str(db), *args]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


@contextmanager
def demo_core(directory: Path) -> Iterator[tuple[str, str, subprocess.Popen[bytes]]]:
    """A core serving the demo site on loopback: (its URL, a kiosk token, the process)."""
    db, site = directory / "luot.db", directory / "site.toml"
    site.write_text(demo_site(), encoding="utf-8")
    logo = importlib.resources.files("queue_core") / "sample_logo.svg"
    if logo.is_file():  # the site file names it beside itself
        (directory / "sample_logo.svg").write_bytes(logo.read_bytes())
    _cli(db, "init", str(site))
    _cli(db, "--at", SAMPLE_DOSSIERS_AT.isoformat(), "dossiers", "import", str(SAMPLE_DOSSIERS))
    _cli(db, "issue", CLOSED_SERVICE)
    for service, count in WAITING.items():
        for _ in range(count):
            _cli(db, "issue", service)
    code = json.loads(_cli(db, "pair", "--json", "--role", "kiosk"))["code"]
    port = free_port()
    url = f"http://{LOOPBACK}:{port}"
    log = (directory / "core.log").open("wb")
    process = subprocess.Popen(serve_command(db, port), stdout=log, stderr=subprocess.STDOUT)
    try:
        until_answering(process, url)
        token = asyncio.run(_pair(url, code))
        yield url, token, process
    finally:
        stop(process)
        log.close()


async def _pair(url: str, code: str) -> str:
    async with CoreClient(url) as core:
        return (await core.pair(code, "Ki-ốt sảnh A")).token


class PaperOut:
    """A printer that says its paper ran out (for the paperless and problem screens)."""

    def status(self) -> PrinterStatus:
        return PrinterStatus.unreachable(
            PrinterError.from_catalogue(PrinterErrorKind.PAPER_OUT, "err_paper_out")
        )

    def print_ticket(self, *_: object) -> PrinterStatus:
        raise self.status().problem  # type: ignore[misc]


def settle(until: Callable[[], bool] = lambda: True, seconds: float = 20.0) -> None:
    """Let Qt and the bridge work until ``until()`` holds."""
    app = QtWidgets.QApplication.instance()
    assert app is not None, "settle() runs inside the screenshot tool's application"
    end = time.monotonic() + seconds
    while True:
        app.processEvents()
        if until() or time.monotonic() > end:
            break
        time.sleep(0.02)
    for _ in range(5):
        app.processEvents()


def grab(widget: QtWidgets.QWidget, outdir: Path, name: str) -> list[Path]:
    saved = []
    for orientation, size in SIZES.items():
        fit(widget, size, name)
        path = outdir / f"{name}-{orientation}.png"
        image = widget.grab()
        assert (image.width(), image.height()) == size, f"{name}: grabbed {image.size()}"
        image.save(str(path))
        saved.append(path)
    return saved


def take(kiosk: Kiosk, service_id: str) -> None:
    kiosk.flow.home()
    kiosk.flow.choose_service(service_id)
    settle(lambda: kiosk.flow.screen in (Screen.TICKET, Screen.PROBLEM))


def look_up(kiosk: Kiosk, code: str) -> None:
    kiosk.flow.home()
    kiosk.flow.look_up_dossier(code)
    settle(lambda: kiosk.flow.lookup.state is not LookupState.ASKING)


def too_early() -> CheckInAnswer:
    """A holder of 10:30 at the kiosk at 09:40 (as the core answers): back from 10:00."""
    slot = datetime(2026, 11, 25, 10, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    service = Named("stp-lltp", "Cấp phiếu lý lịch tư pháp", "Criminal record certificate")
    booking = BookingInfo("K7PXM4", service, slot, "Nguyễn V*** A**", "booked")
    return CheckInAnswer(Arrival.TOO_EARLY, booking, slot.replace(hour=10, minute=0))


def scenes(kiosk: Kiosk, stop_core: Callable[[], None]) -> Iterable[str]:
    """Puts the kiosk on each screen in turn and yields the screen's name."""
    flow = kiosk.flow
    settle(lambda: kiosk.live.online)
    yield "01-home"
    flow.open_agency("stp")
    yield "02-agency-services"
    flow.open_search(SearchMode.TAKE)
    flow.type_text("cap giay")
    yield "03-search-keyboard"
    flow.home()
    flow.open_priority()
    yield "04-priority-confirm"
    flow.confirm_priority(PriorityKind.ELDERLY)
    flow.open_agency("stp")
    yield "05-priority-agency"
    flow.home()
    flow.open_procedure("stp-lltp")
    yield "06-procedure-lookup"
    take(kiosk, "stp-lltp")
    yield "07-ticket-shown"
    shown = kiosk.live.catalogue
    kiosk.live.catalogue = replace(shown, site=replace(shown.site, sms=True))  # a centre that texts
    flow.open_texts()
    for digit in "0912345678":
        flow.type_phone(digit)
    yield "22-texts-pad"
    kiosk.live.catalogue = shown
    printer = kiosk.taker.printer
    kiosk.taker.printer = PaperOut()
    take(kiosk, "stnmt-gcn")
    yield "08-paperless-ticket"
    catalogue = kiosk.live.catalogue
    kiosk.live.catalogue = replace(catalogue, site=replace(catalogue.site, paperless_tickets=False))
    take(kiosk, "stp-chungthuc")
    yield "09-printer-problem"
    kiosk.taker.printer, kiosk.live.catalogue = printer, catalogue
    flow.home()
    flow.open_dossier()
    for char in "000.00.12.H55-2611":
        flow.type_code(char)
    yield "12-dossier-code-pad"
    look_up(kiosk, PROCESSING_DOSSIER)
    yield "13-dossier-in-progress"
    look_up(kiosk, READY_DOSSIER)
    yield "14-dossier-ready"
    flow.set_lang(Lang.EN)
    yield "15-dossier-ready-english"
    flow.set_lang(Lang.VI)
    look_up(kiosk, UNKNOWN_DOSSIER)
    yield "16-dossier-unknown"
    flow.home()
    flow.open_booking()
    for char in "K7P":
        flow.type_code(char)
    yield "17-booking-code-pad"
    kiosk.taker.finished.emit(TakeResult(Outcome.NOT_NOW, check_in=too_early()))
    yield "18-booking-too-early"
    flow.home()
    stop_core()
    settle(lambda: not kiosk.live.online)
    yield "10-offline-banner"


def look_scenes(kiosk: Kiosk) -> Iterable[str]:
    """Home, an agency's services and a ticket in large text with high contrast (#25)."""
    flow = kiosk.flow
    settle(lambda: kiosk.live.online)
    flow.home()
    if not flow.large_text:
        flow.toggle_large_text()
    if not flow.high_contrast:
        flow.toggle_high_contrast()
    yield "19-large-contrast-home"
    flow.open_agency("stp")
    yield "20-large-contrast-agency-services"
    take(kiosk, "stp-lltp")
    yield "21-large-contrast-ticket"
    flow.home()
    flow.toggle_large_text()
    flow.toggle_high_contrast()


def shoot_kiosk(kiosk: Kiosk, outdir: Path, process: subprocess.Popen[bytes]) -> list[Path]:
    saved: list[Path] = []
    for name in look_scenes(kiosk):
        saved += grab(kiosk.window, outdir, name)
    for name in scenes(kiosk, process.kill):
        saved += grab(kiosk.window, outdir, name)
    return saved


def shoot_pairing(url: str, outdir: Path) -> list[Path]:
    bridge = CoreBridge(url)
    model = PairingViewModel(bridge, "kiosk-screenshots", DeviceSettings(), "Ki-ốt sảnh A")
    screen = PairingScreen(model)
    screen.show()
    for digit in "472":
        model.type_digit(digit)
    try:
        return grab(screen, outdir, "11-pairing")
    finally:
        screen.close()
        bridge.close()


@contextmanager
def demo_kiosk(directory: Path, printer: TicketPrinter) -> Iterator[tuple[Kiosk, str, Popen]]:
    """A kiosk shown and started against ``demo_core`` in ``directory``: (it, the core's URL,
    the core's process)."""
    with demo_core(directory) as (url, token, process):
        bridge = CoreBridge(url, token)
        kiosk = build(bridge, printer, timeouts=Timeouts(3_600_000, 3_600_000, 3_600_000))
        kiosk.window.show()
        kiosk.start()
        try:
            yield kiosk, url, process
        finally:
            kiosk.close()
            bridge.close()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    looks_only = "--looks" in args  # only the large text and high contrast screens
    args = [arg for arg in args if arg != "--looks"]
    outdir = Path(args[0] if args else "docs/screenshots/kiosk")
    outdir.mkdir(parents=True, exist_ok=True)
    app = QtWidgets.QApplication([])
    theme.apply(app)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("LUOT_CONFIG_DIR", str(Path(tmp) / "config"))
        printer = TicketPrinter(f"preview://{Path(tmp) / 'printed'}")
        with demo_kiosk(Path(tmp), printer) as (kiosk, url, process):
            if looks_only:
                saved = [p for n in look_scenes(kiosk) for p in grab(kiosk.window, outdir, n)]
            else:
                saved = shoot_pairing(url, outdir)
                saved += shoot_kiosk(kiosk, outdir, process)
    for path in saved:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
