"""`luot-board`: the command line that starts the hall board, or builds a voice pack."""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from hall_board.numbers_vi import FourAfterTens, ReadingMode, ZeroTens
from hall_board.state import LookOverrides, VoiceChoices
from hall_board.voice import VoicePackError
from ui_common.app import Attach, add_start_options
from ui_common.logs import log_to_stderr

if TYPE_CHECKING:
    from hall_board.run import Board

__all__ = ["launch", "main", "overrides_of", "parse_args", "parser"]

log = logging.getLogger("hall_board")


def parse_args(argv: list[str]) -> argparse.Namespace:
    return parser().parse_args(argv)


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="luot-board", description="The hall board of Lượt.")
    add_start_options(parser, pairs=True)
    parser.add_argument("--zone", help="show only the counters of this zone (a floor, a wing)")
    parser.add_argument("--portrait", action="store_true", help="a 1080×1920 screen")
    parser.add_argument("--fullscreen", action="store_true", help="fill the screen")
    parser.add_argument("--voice", type=Path, help="the voice pack folder (default: built once)")
    parser.add_argument("--silent", action="store_true", help="show calls without saying them")
    # The voice and the look: each flag, when given, wins over the site file's [board].
    site = "(default: the site's)"
    parser.add_argument("--english", action=argparse.BooleanOptionalAction,
                        help=f"say each call in English too, or not {site}")  # fmt: skip
    parser.add_argument("--repeat-priority", action=argparse.BooleanOptionalAction,
                        help=f"say a priority ticket's call twice, or once {site}")  # fmt: skip
    parser.add_argument("--read", choices=[m.value for m in ReadingMode],
                        help=f"ticket numbers as a number or digit by digit {site}")  # fmt: skip
    parser.add_argument("--zero-tens", choices=[z.value for z in ZeroTens],
                        help=f"105: 'một trăm linh năm' or 'một trăm lẻ năm' {site}")  # fmt: skip
    parser.add_argument("--four", choices=[f.value for f in FourAfterTens],
                        help=f"24: 'hai mươi bốn' or 'hai mươi tư' {site}")  # fmt: skip
    parser.add_argument("--logo", type=Path, help="a PNG or SVG shown beside the centre's name")
    for flag, what in (("ground", "the background"), ("ink", "the text"),
                       ("number-colour", "ticket numbers and the clock"),
                       ("accent", "warnings")):  # fmt: skip
        parser.add_argument(f"--{flag}", type=_colour, metavar="#RRGGBB",
                            help=f"the colour of {what} {site}")  # fmt: skip
    commands = parser.add_subparsers(dest="command")
    pack = commands.add_parser("voicepack", help="voice packs").add_subparsers(dest="action")
    build = pack.add_parser("build", help="build the default pack with espeak-ng into DIR")
    build.add_argument("dir", type=Path)
    check = pack.add_parser("check", help="load a pack and say whether the board can use it")
    check.add_argument("dir", type=Path)
    return parser


def _colour(text: str) -> str:
    if re.fullmatch(r"#[0-9A-Fa-f]{6}", text) is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a colour like #071A3D")
    return text.upper()


def overrides_of(args: argparse.Namespace) -> tuple[LookOverrides, VoiceChoices]:
    """What the command line says about the look and the voice (None: the site's)."""
    logo = None
    if args.logo is not None:
        try:
            logo = Path(args.logo).read_bytes()
        except OSError as error:
            raise SystemExit(f"--logo {args.logo}: {error.strerror}") from None
    look = LookOverrides(args.ground, args.ink, args.number_colour, args.accent, logo)
    voice = VoiceChoices(args.read, args.zero_tens, args.four, args.english, args.repeat_priority)
    return look, voice


def _voicepack(args: argparse.Namespace) -> int:
    from hall_board.voice.build import build_default_pack
    from hall_board.voice.pack import load_pack

    if args.action == "build":
        print(build_default_pack(args.dir))
        return 0
    if args.action == "check":
        try:
            pack = load_pack(args.dir, english=True)
        except VoicePackError as error:
            print(error, file=sys.stderr)
            return 1
        print(f"{pack.name}: {len(pack.clips)} clips at {pack.sample_rate} Hz")
        return 0
    print("usage: luot-board voicepack build|check DIR", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    return launch(parse_args(sys.argv[1:] if argv is None else argv))


def launch(args: argparse.Namespace, attach: Attach[Board] | None = None) -> int:
    """The board as ``args`` say (or ``voicepack``); ``attach``: see ui_common.app."""
    if args.command == "voicepack":
        log_to_stderr()
        return _voicepack(args)
    try:
        from hall_board.run import run_board
    except ImportError as error:
        print(f"the board cannot start: {error}", file=sys.stderr)
        return 1
    try:
        return run_board(args, *overrides_of(args), attach)
    except VoicePackError as error:
        print(f"voice pack: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    os.environ.setdefault("QT_API", "pyside6")
    raise SystemExit(main())
