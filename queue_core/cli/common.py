"""What every command shares: the moment it acts at, the database it opens, how it prints."""

from __future__ import annotations

import argparse
import getpass
import json
import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from queue_core.domain import SUPERVISORS_CHANGES, Audited, Command
from queue_core.errors import UsageError
from queue_core.store import Store


def acting_at(args: argparse.Namespace) -> datetime:
    """The moment a command acts at: `--at`, or now."""
    if args.at is None:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(args.at)
    except ValueError:
        raise UsageError(f"--at {args.at!r} is not an ISO 8601 time") from None
    if moment.tzinfo is None:
        raise UsageError("--at needs an offset, e.g. 2026-11-25T09:00+07:00")
    return moment


OPENED: list[Store] = []
"""Stores a command opened; ``main`` closes them, so the WAL is folded into the file."""


def open_store(args: argparse.Namespace, must_exist: bool = True) -> Store:
    path = Path(args.db)
    if must_exist and not path.exists():
        raise UsageError(f"no database at {path}: run `luot-core --db {path} init` first")
    store = Store.open(path)
    OPENED.append(store)
    return store


def show(args: argparse.Namespace, data: Any, text: str) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2) if args.json else text)


def parse_moment(text: str, option: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{option} {text!r} is not an ISO 8601 time") from None
    if moment.tzinfo is None:
        raise UsageError(f"{option} needs an offset, e.g. 2026-11-25T09:00+07:00")
    return moment


def clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def operator() -> str:
    """Who gives a command from the shell, as the audit log names them: the operating system's
    user (``sudo`` is seen through, so an admin is named, not root)."""
    user = os.environ.get("SUDO_USER") or getpass.getuser()
    return f"{user} (luot-core)"


def run(args: argparse.Namespace, command: Command) -> tuple[Store, Any]:
    """Run one of the queue's commands in its own transaction: the store and the result. A
    supervisor's change is audited as the console's are."""
    store = open_store(args)
    if isinstance(command, SUPERVISORS_CHANGES):
        command = Audited(operator(), command)
    return store, store.execute(command, acting_at(args)).result


def close_opened() -> None:
    while OPENED:
        OPENED.pop().close()


Commands = argparse._SubParsersAction  # the parser's subcommands (argparse names it privately)
Action = Callable[[argparse.Namespace], None]


def command(
    commands: Commands, name: str, func: Action, help_text: str, json_flag: bool = False
) -> argparse.ArgumentParser:
    """A subcommand: ``--json`` when it can print JSON."""
    p: argparse.ArgumentParser = commands.add_parser(name, help=help_text, description=help_text)
    p.set_defaults(func=func)
    if json_flag:
        p.add_argument("--json", action="store_true", help="print JSON")
    else:
        p.set_defaults(json=False)
    return p
