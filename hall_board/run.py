"""The board's parts (the model, its controller, the voice, the window) and its start through the
one start-up (``ui_common.app``)."""

from __future__ import annotations

import argparse
import logging
from dataclasses import dataclass
from pathlib import Path

from hall_board.announcer import Announcer
from hall_board.controller import BoardController
from hall_board.model import BoardModel
from hall_board.state import LookOverrides, VoiceChoices
from hall_board.voice import Voicing, load_pack
from hall_board.widgets import BoardWindow, Orientation
from ui_common import CoreBridge
from ui_common.app import AppSpec, AppStart, Attach, Device, StartOptions
from ui_common.sound import AudioSink, QtMediaSink, SoundQueue

__all__ = ["Board", "assemble", "run_board"]

log = logging.getLogger(__name__)


@dataclass
class Board:
    """Everything one running board is made of (kept together so nothing is collected)."""

    bridge: CoreBridge
    model: BoardModel
    controller: BoardController
    window: BoardWindow
    queue: SoundQueue | None
    announcer: Announcer | None

    def start(self) -> None:
        self.controller.start()

    def close(self) -> None:
        """Stop following the core (the bridge is closed by whoever made it)."""
        self.controller.stop()


def assemble(
    bridge: CoreBridge,
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
    model = model or BoardModel(zone)
    model.set_overrides(look or LookOverrides(), voice or VoiceChoices())
    queue = announcer = None
    if pack_dir is not None:
        english = voicing.english if voicing is not None else model.voice_overrides.english
        pack = load_pack(pack_dir, english=bool(english))
        queue = SoundQueue(sink or QtMediaSink())
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


def run_board(
    args: argparse.Namespace,
    look: LookOverrides,
    voice: VoiceChoices,
    attach: Attach[Board] | None = None,
) -> int:
    """The board as ``args`` say, through the one start-up; ``attach``: see ui_common.app."""
    start = AppStart(
        # it pairs at first start: the event stream is for paired devices only
        AppSpec("luot-board", "board", base_pixel_size=None, pair_as="Hall board"),
        StartOptions.of(args, fullscreen=args.fullscreen),
    )
    orientation = Orientation.PORTRAIT if args.portrait else Orientation.LANDSCAPE
    pack_dir = _pack_dir(args)

    def parts(device: Device) -> Board:
        bridge = device.bridge
        log.info("hall board on %s%s", bridge.base_url, f", zone {args.zone}" if args.zone else "")
        return assemble(bridge, args.zone, orientation, pack_dir, look=look, voice=voice)

    return start.run(parts, attach)
