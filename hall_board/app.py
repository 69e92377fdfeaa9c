"""`luot-board`: the command line that starts the hall board, or builds a voice pack."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from hall_board.numbers_vi import FourAfterTens, NumberStyle, ReadingMode, ZeroTens
from hall_board.voice import VoicePackError, Voicing

__all__ = ["default_pack_dir", "main", "parse_args"]

log = logging.getLogger("hall_board")

DEFAULT_CORE = "http://127.0.0.1:8470"
APP = "board"
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def default_pack_dir() -> Path:
    """``$LUOT_CONFIG_DIR/voice/default`` (beside the board's settings)."""
    from ui_common import settings_path

    return settings_path(APP).parent / "voice" / "default"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="luot-board", description="The hall board of Lượt.")
    parser.add_argument(
        "--core",
        help=f"the core's URL (default: found on the LAN, else settings, else {DEFAULT_CORE})",
    )
    parser.add_argument("--zone", help="show only the counters of this zone (a floor, a wing)")
    parser.add_argument("--portrait", action="store_true", help="a 1080×1920 screen")
    parser.add_argument("--fullscreen", action="store_true", help="fill the screen")
    parser.add_argument("--voice", type=Path, help="the voice pack folder (default: built once)")
    parser.add_argument("--silent", action="store_true", help="show calls without saying them")
    parser.add_argument("--english", action="store_true", help="say each call in English too")
    parser.add_argument("--read", choices=[m.value for m in ReadingMode], default="number",
                        help="ticket numbers as a number (default) or digit by digit")  # fmt: skip
    parser.add_argument("--zero-tens", choices=[z.value for z in ZeroTens], default="linh",
                        help="105: 'một trăm linh năm' (default) or 'một trăm lẻ năm'")  # fmt: skip
    parser.add_argument("--four", choices=[f.value for f in FourAfterTens], default="bốn",
                        help="24: 'hai mươi bốn' (default) or 'hai mươi tư'")  # fmt: skip
    parser.add_argument("--logo", type=Path, help="an image shown beside the centre's name")
    commands = parser.add_subparsers(dest="command")
    pack = commands.add_parser("voicepack", help="voice packs").add_subparsers(dest="action")
    build = pack.add_parser("build", help="build the default pack with espeak-ng into DIR")
    build.add_argument("dir", type=Path)
    check = pack.add_parser("check", help="load a pack and say whether the board can use it")
    check.add_argument("dir", type=Path)
    return parser.parse_args(argv)


def voicing_of(args: argparse.Namespace) -> Voicing:
    style = NumberStyle(ReadingMode(args.read), ZeroTens(args.zero_tens), FourAfterTens(args.four))
    return Voicing(style, args.english)


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
    args = parse_args(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    if args.command == "voicepack":
        return _voicepack(args)
    try:
        from hall_board.run import run_board
    except ImportError as error:
        print(f"the board cannot start: {error}", file=sys.stderr)
        return 1
    try:
        return run_board(args, voicing_of(args))
    except VoicePackError as error:
        print(f"voice pack: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    os.environ.setdefault("QT_API", "pyside6")
    raise SystemExit(main())
