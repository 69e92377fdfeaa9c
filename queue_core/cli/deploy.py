"""`luot-core deploy units`: the systemd units, user and folders that run one machine of a centre
unattended (the core, or an app full screen in cage), with this machine's paths filled in."""

from __future__ import annotations

import argparse
import re
import shutil
import stat
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import NoReturn

from queue_core.cli.common import Commands
from queue_core.errors import UsageError


@dataclass(frozen=True)
class Role:
    """What one kind of machine runs: which program, as whom, with which template."""

    name: str
    program: str
    title: str
    """What the machine is, in the unit's description and the user's full name."""
    user: str
    """The default user: one per kind, so an app never writes the core's database."""
    arguments: tuple[str, ...] = ()
    """What the program is always given (the counter's ``--counter N`` is added)."""
    groups: tuple[tuple[str, str], ...] = ()
    """Extra groups of the user, each with why."""

    @property
    def unit(self) -> str:
        return f"{self.program}.service"

    @property
    def is_app(self) -> bool:
        return self.name != "core"

    @property
    def for_a_counter(self) -> bool:
        return self.name in ("counter", "counter-display")


SERIAL = ("dialout", "serial printers and LED line displays (/dev/ttyUSB*, /dev/ttyS*)")
ROLES = {
    role.name: role
    for role in (
        Role("core", "luot-core", "queue core", "luot"),
        Role(
            "kiosk",
            "luot-kiosk",
            "kiosk",
            "luot-kiosk",
            ("--fullscreen",),
            (("lp", "USB ticket printers (README's udev rule gives them to lp)"), SERIAL),
        ),
        # The panel fills cage's one screen. Its --display window cannot go to a second screen
        # under cage (no client picks its output there), so the display facing the citizen is
        # a machine of its own: --role counter-display.
        Role("counter", "luot-counter", "counter panel", "luot-counter", (), (SERIAL,)),
        Role(
            "counter-display",
            "luot-counter-display",
            "counter display",
            "luot-counter-display",
            (),
            (SERIAL,),
        ),
        Role("board", "luot-board", "hall board", "luot-board", ("--fullscreen",)),
    )
}

DEFAULT_DATA = "/var/lib/luot"
DEFAULT_BACKUPS = "/var/backups/luot"
DEFAULT_TTY = "tty1"
CAGE = "cage"
HIDDEN_BY_PROTECT_HOME = (Path("/home"), Path("/root"), Path("/run/user"))

_PLAIN_PATH = re.compile(r"/[A-Za-z0-9._+/-]*")
_USER = re.compile(r"[a-z_][a-z0-9_-]{0,30}")
_TTY = re.compile(r"tty[1-9][0-9]?")
_MARK = re.compile(r"\{\{(\w+)\}\}")


@dataclass(frozen=True)
class Machine:
    """One machine's answers: its role and where things are."""

    role: Role
    directory: Path
    prefix: Path
    user: str
    data: Path
    backups: Path
    tty: str
    counter: int | None
    extra: tuple[str, ...]

    @property
    def database(self) -> Path:
        return self.data / "luot.db"

    def program(self) -> Path:
        return self.prefix / "bin" / self.role.program

    def command(self) -> list[str]:
        """The program and its arguments, as the unit runs it."""
        role = self.role
        arguments: list[str] = list(role.arguments)
        if role.name == "core":
            arguments = ["--db", str(self.database), "serve"]
        if self.counter is not None:
            arguments = ["--counter", str(self.counter), *arguments]
        return [str(self.program()), *arguments, *self.extra]

    def files(self) -> dict[str, str]:
        """Each file to write, by its path under DIR (the layout of /etc), with its text."""
        stem = self.role.program
        values = {
            "role": self.role.name,
            "title": self.role.title,
            "app": self.role.program,
            "user": self.user,
            "exec": " ".join(exec_word(word) for word in self.command()),
            "data": str(self.data),
            "backups": str(self.backups),
            "db": str(self.database),
            "tty": self.tty,
            "state": stem,
            "memberships": "\n".join(
                f"# {why}\nm {self.user} {group}" for group, why in self.role.groups
            ),
        }
        if not self.role.is_app:
            return {
                f"systemd/system/{stem}.service": _fill("luot-core.service.in", values),
                f"sysusers.d/{stem}.conf": _fill("luot-core.sysusers.in", values),
                f"tmpfiles.d/{stem}.conf": _fill("luot-core.tmpfiles.in", values),
            }
        return {
            f"systemd/system/{stem}.service": _fill("luot-app.service.in", values),
            f"sysusers.d/{stem}.conf": _fill("luot-app.sysusers.in", values),
        }

    def install_steps(self) -> list[str]:
        """What a technician runs as root to install what was written, in order."""
        unit = self.role.unit
        steps = [
            f"cp -r {self.directory}/. /etc/",
            "systemd-sysusers" + ("" if self.role.is_app else " && systemd-tmpfiles --create"),
            f"systemd-analyze verify /etc/systemd/system/{unit}",
        ]
        if self.role.is_app:
            steps += [
                f"systemctl disable getty@{self.tty}.service",
                "systemctl set-default graphical.target",
            ]
        else:
            steps.append(
                f"runuser -u {self.user} -- {self.prefix}/bin/luot-core --db {self.database}"
                " init SITE.toml   # the first time only"
            )
        steps.append(f"systemctl daemon-reload && systemctl enable --now {unit}")
        return steps


def exec_word(word: str) -> str:
    """One word of ExecStart=, written so systemd reads it back as ``word``: ``%`` and ``$``
    doubled (specifiers, variables), in double quotes when it has a space, a quote or a
    backslash, or is empty or a lone ``;`` (which would separate two commands)."""
    if "\n" in word:
        raise UsageError(f"{word!r}: an argument of a unit's command cannot hold a new line")
    word = word.replace("%", "%%").replace("$", "$$")
    if word and word != ";" and not re.search(r"[\s\"'\\]", word):
        return word
    return '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _fill(template: str, values: dict[str, str]) -> str:
    text = (resources.files("queue_core.deploy_units") / template).read_text(encoding="utf-8")
    filled = _MARK.sub(lambda mark: values[mark.group(1)], text)
    return filled.rstrip() + "\n"


# --- checking the answers, before anything is written ------------------------------------------


def machine_of(args: argparse.Namespace) -> Machine:
    """The machine the command line describes, or a UsageError naming what to change."""
    role = ROLES[args.role]
    if role.for_a_counter and args.counter is None:
        raise UsageError(f"--role {role.name} needs --counter N, the number of its counter")
    if not role.for_a_counter and args.counter is not None:
        raise UsageError(f"--counter is for --role counter and counter-display, not {role.name}")
    if args.counter is not None and args.counter < 1:
        raise UsageError(f"--counter {args.counter}: a counter's number is 1 or more")
    user = args.user or role.user
    if not _USER.fullmatch(user):
        raise UsageError(f"--user {user!r}: a user name is lower-case letters, digits, _ and -")
    if user == "root":
        raise UsageError("--user root: Lượt runs as an unprivileged user, never as root")
    if role.is_app:
        for option, value in (("--data", args.data), ("--backups", args.backups)):
            if value is not None:
                raise UsageError(f"{option} is the core's folder: not for --role {role.name}")
    elif args.tty is not None:
        raise UsageError("--tty is the terminal an app's screen uses: not for --role core")
    tty = args.tty or DEFAULT_TTY
    if not (_TTY.fullmatch(tty) and int(tty[3:]) <= 63):
        raise UsageError(f"--tty {tty!r}: a virtual terminal is tty1 to tty63")
    machine = Machine(
        role=role,
        directory=Path(args.dir).absolute(),
        prefix=_plain(args.prefix, "--prefix"),
        user=user,
        data=_plain(args.data or DEFAULT_DATA, "--data"),
        backups=_plain(args.backups or DEFAULT_BACKUPS, "--backups"),
        tty=tty,
        counter=args.counter,
        extra=tuple(args.extra),
    )
    _check_program(machine)
    return machine


def _plain(text: str, option: str) -> Path:
    """An absolute path that a unit can hold as it is (no space, quote, % or $ to escape)."""
    path = Path(text)
    if not path.is_absolute():
        raise UsageError(f"{option} {text}: give an absolute path")
    if not _PLAIN_PATH.fullmatch(text):
        raise UsageError(f"{option} {text!r}: give a path of letters, digits and / . _ - +")
    return Path(text.rstrip("/") or "/")


def _check_program(machine: Machine) -> None:
    """The program is installed, and its user will be able to run it."""
    program = machine.program()
    if not (program.is_file() and program.stat().st_mode & stat.S_IXUSR):
        raise UsageError(
            f"no {program}: install Lượt in {machine.prefix} (python3 -m venv {machine.prefix}, "
            f"then {machine.prefix}/bin/pip install it) or name its environment with --prefix"
        )
    for needed in (program, *_interpreter(program)):
        hidden = _hidden_from_others(needed)
        if hidden is not None:
            raise UsageError(
                f"{needed} is behind {hidden}, which the user {machine.user} cannot enter: "
                "install Lượt in an environment others can read, e.g. python3 -m venv /opt/luot"
            )
        home = next((h for h in HIDDEN_BY_PROTECT_HOME if needed.is_relative_to(h)), None)
        if home is not None and not machine.role.is_app:
            raise UsageError(
                f"{needed} is under {home}, which the core's unit hides (ProtectHome=yes): "
                "install Lượt elsewhere, e.g. python3 -m venv /opt/luot"
            )
    if machine.role.is_app and shutil.which(CAGE, path="/usr/bin") is None:
        raise UsageError("no /usr/bin/cage: apt-get install cage xwayland (the app's session)")


def _interpreter(program: Path) -> tuple[Path, ...]:
    """The Python a console script runs (its ``#!`` line), as written and with links followed:
    the user must reach both."""
    with program.open("rb") as script:
        first = script.readline(4096)
    if not first.startswith(b"#!"):
        return ()  # not a script: the program itself is what runs
    words = first[2:].decode(errors="replace").split()
    if not words or not Path(words[0]).is_absolute():
        raise UsageError(f"{program} has no interpreter on its #! line: reinstall Lượt")
    written = Path(words[0])
    if not written.exists():
        raise UsageError(f"{program} runs {written}, which is not there: reinstall Lượt")
    return written, written.resolve()


def _hidden_from_others(path: Path) -> Path | None:
    """The first folder on the way to ``path`` that a user other than its owner cannot enter,
    or ``path`` itself when others cannot read and run it; None when it is reachable."""
    for folder in reversed(path.parents):
        if not folder.stat().st_mode & stat.S_IXOTH:
            return folder
    mode = path.stat().st_mode
    if not (mode & stat.S_IROTH and mode & stat.S_IXOTH):
        return path
    return None


def _check_directory(machine: Machine, files: dict[str, str]) -> None:
    """DIR is new, empty, or holds only what this command writes (it may be written again)."""
    directory = machine.directory
    if directory.exists() and not directory.is_dir():
        raise UsageError(f"{directory} is a file: give a folder to write the units into")
    if not directory.exists():
        return
    ours = {directory / name for name in files}
    folders = {parent for path in ours for parent in path.parents}
    for found in sorted(directory.rglob("*")):
        if found not in ours and not (found in folders and found.is_dir()):
            raise UsageError(
                f"{directory} holds {found.relative_to(directory)}, which this command does "
                "not write: give an empty or new folder"
            )


# --- the command ------------------------------------------------------------------------------


def cmd_deploy_units(args: argparse.Namespace) -> None:
    machine = machine_of(args)
    files = machine.files()
    _check_directory(machine, files)
    for name, text in files.items():
        path = machine.directory / name
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write {path}: {exc.strerror}") from None
    print(f"wrote {', '.join(files)} into {machine.directory}")
    print("install them, as root:")
    for step in machine.install_steps():
        print(f"  {step}")


class _OneLineParser(argparse.ArgumentParser):
    """Refuses a command line in one line, as every other refusal of luot-core, not with the
    usage block argparse prints; exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"luot-core: {self.prog.removeprefix('luot-core ')}: {message}\n")


def add_commands(commands: Commands) -> None:
    what = "files to run this machine of the centre unattended, under systemd"
    deploy = commands.add_parser("deploy", help=what, description=what)
    actions = deploy.add_subparsers(
        dest="deploy_command", required=True, metavar="ACTION", parser_class=_OneLineParser
    )
    what = (
        "write the systemd units (and the sysusers.d and tmpfiles.d files) for one machine "
        "into DIR, laid out as /etc, with this machine's paths"
    )
    p = actions.add_parser("units", help=what, description=what)
    p.set_defaults(func=cmd_deploy_units, json=False)
    p.add_argument("--role", required=True, choices=list(ROLES), help="what this machine runs")
    p.add_argument("--counter", type=int, help="the counter's number (roles counter*)")
    p.add_argument(
        "--prefix",
        default=sys.prefix,
        help="the environment Lượt is installed in (default: this one, %(default)s)",
    )
    p.add_argument("--user", help="the user it runs as (default: luot, or luot-ROLE for an app)")
    p.add_argument("--data", help=f"the core's folder, with its database (default {DEFAULT_DATA})")
    p.add_argument("--backups", help=f"the core's backup folder (default {DEFAULT_BACKUPS})")
    p.add_argument("--tty", help=f"the terminal an app's screen uses (default {DEFAULT_TTY})")
    p.add_argument("dir", metavar="DIR", help="where to write them (new, empty, or its own)")
    p.add_argument(
        "extra",
        nargs="*",
        metavar="-- ARG",
        help="more arguments for the program, after --: e.g. -- --printer usb://04b8:0e15",
    )
