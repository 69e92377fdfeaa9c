"""Starting the board: the Qt application, the bridge, the model, the voice and the window."""

from __future__ import annotations

import argparse
import asyncio
import logging
from dataclasses import dataclass
from pathlib import Path

from hall_board.announcer import Announcer
from hall_board.audio import AnnouncementQueue, AudioSink, QtMediaSink
from hall_board.controller import BoardController
from hall_board.model import BoardModel
from hall_board.state import LookOverrides, VoiceChoices
from hall_board.voice import Voicing, load_pack
from hall_board.widgets import BoardWindow, Orientation
from ui_common import CoreBridge, load_fonts, load_settings, tr
from ui_common.demo import DemoHooks, DemoOptions
from ui_common.qt import QtWidgets
from ui_common.quitting import quit_on_signals

__all__ = ["Board", "assemble", "find_core", "run_board"]

log = logging.getLogger(__name__)

DEFAULT_CORE = "http://127.0.0.1:8470"
DISCOVERY_S = 3.0


@dataclass
class Board:
    """Everything one running board is made of (kept together so nothing is collected)."""

    bridge: CoreBridge
    model: BoardModel
    controller: BoardController
    window: BoardWindow
    queue: AnnouncementQueue | None
    announcer: Announcer | None

    def close(self) -> None:
        self.controller.stop()
        self.bridge.close()


def assemble(
    core_url: str,
    token: str | None = None,
    zone: str | None = None,
    orientation: Orientation = Orientation.LANDSCAPE,
    pack_dir: Path | None = None,
    voicing: Voicing | None = None,
    sink: AudioSink | None = None,
    model: BoardModel | None = None,
    look: LookOverrides | None = None,
    voice: VoiceChoices | None = None,
) -> Board:
    """Wire a board; the voice pack is loaded (and checked) here, before anything is shown.

    ``voicing`` fixes how calls are said; without it the board says them the site file's
    way, under the command line's ``voice`` choices (and ``look`` over the site's look).
    """
    bridge = CoreBridge(core_url, token)
    model = model or BoardModel(zone)
    model.set_overrides(look or LookOverrides(), voice or VoiceChoices())
    queue = announcer = None
    if pack_dir is not None:
        english = voicing.english if voicing is not None else model.voice_overrides.english
        pack = load_pack(pack_dir, english=bool(english))
        queue = AnnouncementQueue(sink or QtMediaSink())
        announcer = Announcer(pack, queue, voicing)
        if voicing is None:
            announcer.follow(model)
        model.call_received.connect(announcer.announce)
    window = BoardWindow(model, orientation)
    return Board(bridge, model, BoardController(bridge, model), window, queue, announcer)


def _pack_dir(args: argparse.Namespace) -> Path | None:
    if args.silent:
        return None
    if args.voice is not None:
        return Path(args.voice)
    from hall_board.voice.build import build_default_pack, default_pack_dir

    folder = default_pack_dir()
    if not (folder / "manifest.json").is_file():
        log.info("building the default voice pack in %s (once)", folder)
        build_default_pack(folder)
    return folder


def find_core(explicit: str | None, configured: str | None) -> str:
    """``--core`` if given; else a core found on the LAN within 3 s; else the configured URL."""
    if explicit:
        return explicit
    from queue_core.client import CoreError, Via, discover

    fallback = configured or DEFAULT_CORE
    try:
        found = asyncio.run(discover(DISCOVERY_S, fallback_url=fallback))
    except CoreError as error:
        log.warning("no core found (%s); using %s", error, fallback)
        return fallback
    if found.via is Via.ZEROCONF:
        log.info(tr("core_found_zeroconf", name=found.name or found.url))
    else:
        log.info(tr("core_from_config", url=found.url))
    return found.url


def run_board(args: argparse.Namespace, look: LookOverrides, voice: VoiceChoices) -> int:
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(["luot-board"])
    quit_on_signals(app)
    load_fonts()
    settings = load_settings("board")
    orientation = Orientation.PORTRAIT if args.portrait else Orientation.LANDSCAPE
    url = find_core(args.core, settings.core_url)
    board = assemble(url, settings.token, args.zone, orientation, _pack_dir(args),
                     look=look, voice=voice)  # fmt: skip
    log.info("hall board on %s%s", url, f", zone {args.zone}" if args.zone else "")
    board.controller.start()
    if args.fullscreen:
        board.window.showFullScreen()
    else:
        board.window.show()
    hooks = DemoHooks(DemoOptions.of(args))
    hooks.at_work(board.window)
    code = app.exec()
    hooks.stop()
    board.close()
    return int(code)
