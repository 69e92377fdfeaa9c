"""The demo hall's board: ``luot-board`` with the demo's hooks."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from demo.apps.hooks import DemoHooks, DemoOptions, add_demo_options
from hall_board.app import launch, parser
from hall_board.run import Board

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """``luot-board``'s options, and the demo's."""
    options = parser()
    add_demo_options(options)
    args = options.parse_args(argv)
    demo = DemoOptions.of(args)

    def attach(board: Board) -> DemoHooks:
        hooks = DemoHooks(demo)
        hooks.at_work(board.window)
        return hooks

    return launch(args, attach)


if __name__ == "__main__":
    sys.exit(main())
