"""docs/operations.md held to the code: its commands parse, the safe ones run, its numbers are
the code's.

- Every `luot-core` command line of its code blocks parses with the real parser (and every
  `luot-print` line with the printer tool's); every `luot-core` command its text names exists.
- The blocks that say where they run (``# on the core PC, as root``) are run, line by line, in
  a folder of their own per machine standing for `/`: the paths the guide writes (`/etc`,
  `/var`, `/opt/luot`, …) are moved into it, `systemd-sysusers` and `systemd-tmpfiles` get
  `--root`, `runuser -u USER --` runs the command as the test's user, and `luot-core` is the one
  the guide's own `ln -s` line puts on the `PATH`. What cannot run here (apt-get, pip, systemctl,
  journalctl, a core serving, mDNS, a printer) is recognised and left out; any other command
  fails the test, so a new kind of line is looked at before it is trusted. `deploy units` must
  print the install steps the guide lists, and the program each unit starts must take the
  arguments the guide gives it.
- The ports, the mDNS service type, the watchdog's timings, the units, the users and the
  options of `deploy units` that the guide quotes are the code's.
- The sections the issue asks for are there, and the `doctor` placeholder is as agreed.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
import shlex
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import zeroconf.const

from counter_display import app as counter_app
from hall_board import app as board_app
from kiosk import app as kiosk_app
from printers import cli as print_cli
from printers.connections.network import DEFAULT_PORT as PRINTER_PORT
from queue_core import discovery
from queue_core.api.notify import Notifier
from queue_core.api.server import DEFAULT_PORT, WRITER_STALL_SECONDS, uvicorn_config
from queue_core.cli import build_parser
from queue_core.cli.deploy import DEFAULT_BACKUPS, DEFAULT_DATA, DEFAULT_TTY, ROLES
from queue_core.store import BUSY_TIMEOUT_MS
from ui_common.connect import DEFAULT_CORE
from ui_common.timings import TIMINGS

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "operations.md"
TEXT = DOC.read_text(encoding="utf-8")
CORE_TEMPLATE = (ROOT / "queue_core" / "deploy_units" / "luot-core.service.in").read_text(
    encoding="utf-8"
)

SECTIONS = (
    "The machines",
    "The network",
    "From a bare Debian 12 to a working centre",
    "Services",
    "The daily routine",
    "Checking a centre: `luot-core doctor`",
    "Backup and restore",
    "The backup and restore drill",
    "Upgrades",
    "The upgrade procedure",
    "Replacing a broken kiosk PC",
)
DOCTOR_SECTION = "Checking a centre: `luot-core doctor`"
DOCTOR_CHECKS = ("clock", "time zone", "disk", "backup", "device", "mdns", "database", "integrity")

NOT_HERE = {"apt-get", "python3", "/opt/luot/bin/pip", "systemctl", "journalctl"}
"""Commands the guide gives that this test does not run: they install or drive the machine."""
RUNS_HERE = {
    "luot-core", "runuser", "echo", "cp", "mkdir", "ln", "ls", "rm",
    "systemd-sysusers", "systemd-tmpfiles", "systemd-analyze",
}  # fmt: skip
"""Commands the test runs, in the machine's folder."""
NOT_RUN = {("serve", None), ("discover", None), ("devices", "revoke")}
"""`luot-core` commands parsed but not run: a core serving, mDNS, a device that is not there."""
MOVED = ("/root/luot", "/root/drill", "/etc", "/var", "/tmp/units", "/opt/luot", "/usr/local/bin",
         "/media/usb")  # fmt: skip
"""The paths the guide writes that the test moves into the machine's folder (`/root/luot`, the
copy of the repository, is this checkout)."""
OPERATORS = {"&&", "||", "|", ";"}
APP_PARSERS: dict[str, Callable[[], argparse.ArgumentParser]] = {
    "luot-core": build_parser,
    "luot-kiosk": kiosk_app.parser,
    "luot-counter": counter_app.panel_parser,
    "luot-counter-display": counter_app.display_parser,
    "luot-board": board_app.parser,
}


# --- reading the guide -------------------------------------------------------------------------


@dataclass
class Block:
    info: str
    """The fence's info string (``toml``, or empty)."""
    lines: list[str]
    machine: str | None = None
    """Where it runs, from its first line ``# on MACHINE, as root``; None: not said."""


def blocks() -> list[Block]:
    """The fenced code blocks, with the indentation of their fence removed."""
    found: list[Block] = []
    fence = re.compile(r"^(\s*)```(\w*)\s*$")
    current: Block | None = None
    indent = ""
    for line in TEXT.splitlines():
        opening = fence.match(line)
        if current is None and opening:
            indent, current = opening.group(1), Block(opening.group(2), [])
        elif current is not None and line.strip() == "```":
            tag = re.fullmatch(
                r"# on (.+?)(?:, as root)?", current.lines[0] if current.lines else ""
            )
            current.machine = tag.group(1) if tag else None
            found.append(current)
            current = None
        elif current is not None:
            current.lines.append(line.removeprefix(indent))
    assert current is None, "a code block is not closed"
    return found


def section(title: str) -> str:
    """The text under ``## title`` (its subsections included), up to the next ``## ``."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", TEXT, re.M | re.S)
    assert match, f"docs/operations.md has no section '## {title}'"
    return match.group(1)


def words(line: str) -> list[str]:
    """A shell line's words as the shell splits them, operators apart, comments dropped."""
    lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    return list(lexer)


def commands(line: str) -> list[list[str]]:
    """The simple commands of a shell line, each as its words; for ``runuser -u U -- CMD…``,
    the command it runs comes after it."""
    found: list[list[str]] = [[]]
    for word in words(line):
        if word in OPERATORS:
            found.append([])
        else:
            found[-1].append(word)
    result = []
    for command in filter(None, found):
        result.append(command)
        if command[0] == "runuser" and "--" in command:
            result.append(command[command.index("--") + 1 :])
    return result


def program(word: str) -> str:
    return word.rsplit("/", 1)[-1] if word.startswith("/opt/luot/bin/") else word


def invocations(name: str) -> list[tuple[str, list[str]]]:
    """Every (line, arguments) of ``name`` in the guide's shell blocks."""
    found = []
    for block in blocks():
        if block.info:
            continue
        for line in block.lines:
            for command in commands(line):
                if program(command[0]) == name:
                    found.append((line, command[1:]))
    return found


def parses(parser: argparse.ArgumentParser, argv: list[str]) -> str | None:
    """None when ``argv`` parses, else what the parser said."""
    said = io.StringIO()
    try:
        with contextlib.redirect_stderr(said), contextlib.redirect_stdout(io.StringIO()):
            parser.parse_args(argv)
    except SystemExit as exited:
        if exited.code not in (0, None):  # --version and --help exit 0
            return said.getvalue().strip() or f"exit {exited.code}"
    return None


# --- the sections ------------------------------------------------------------------------------


def test_the_sections_the_issue_asks_for_are_there() -> None:
    titles = re.findall(r"^## (.+)$", TEXT, re.M)
    assert [t for t in titles if t in SECTIONS] == list(SECTIONS)


def test_the_doctor_section_says_what_each_check_of_the_command_means() -> None:
    said = section(DOCTOR_SECTION)
    source = "".join(
        (ROOT / "queue_core" / part / "health.py").read_text(encoding="utf-8")
        for part in (".", "domain")
    )
    for check in DOCTOR_CHECKS:
        assert f'"{check}' in source, f"doctor has no check {check!r}"
        assert f"- **{check}" in said, f"the guide does not explain the {check!r} line"
    assert "(#checking-a-centre-luot-core-doctor)" in section("The daily routine")


# --- every command parses ----------------------------------------------------------------------


def test_every_luot_core_command_line_parses() -> None:
    found = invocations("luot-core")
    assert len(found) >= 25, "the search for command lines broke"
    refused = [f"{line}: {why}" for line, argv in found if (why := parses(build_parser(), argv))]
    assert refused == []


def test_every_luot_print_command_line_parses() -> None:
    found = invocations("luot-print")
    assert found
    refused = [
        f"{line}: {why}" for line, argv in found if (why := parses(print_cli._parser(), argv))
    ]
    assert refused == []


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def test_every_luot_core_command_the_text_names_exists() -> None:
    outside_blocks = re.sub(r"^\s*```.*?^\s*```", "", TEXT, flags=re.M | re.S)
    prose = "\n".join(line for line in outside_blocks.splitlines() if not line.startswith("#"))
    spans = re.findall(r"`(luot-core [^`]+)`", prose)
    assert len(spans) >= 10
    unknown = []
    for span in spans:
        argv = span.split()[1:]
        while argv and argv[0] in ("--db", "--at"):
            argv = argv[2:]
        choices = _subcommands(build_parser())
        for word in argv:
            if not choices:
                break
            if word not in choices:
                unknown.append(span)
                break
            choices = _subcommands(choices[word])
    assert unknown == []


# --- what the guide quotes is the code's ------------------------------------------------------


def test_the_ports_and_the_service_type_are_the_codes() -> None:
    network = section("The network")
    quoted = set(re.findall(r"\b(TCP|UDP) (\d+)\b", network))
    ntp = ("UDP", "123")  # the clock's, not Lượt's
    assert quoted == {
        ("TCP", str(DEFAULT_PORT)),
        ("UDP", str(zeroconf.const._MDNS_PORT)),
        ("TCP", str(PRINTER_PORT)),
        ntp,
    }
    assert build_parser().parse_args(["serve"]).port == DEFAULT_PORT
    assert f"{zeroconf.const._MDNS_ADDR} (multicast)" in network
    assert f"`{discovery.SERVICE_TYPE}`" in network
    assert f"`{DEFAULT_CORE}`" in network
    addresses = re.findall(r"https?://192\.168\.1\.10:(\d+)", TEXT)
    assert addresses and set(addresses) == {str(DEFAULT_PORT)}


def test_how_an_app_finds_the_core_is_the_codes() -> None:
    network = " ".join(section("The network").split())
    assert f"listens {TIMINGS.discovery_s:g} s for the core" in network
    polls = {10: "ten"}[TIMINGS.rediscover_after_polls]
    assert f"{polls} polls {TIMINGS.poll_ms / 1000:g} s apart" in network
    assert build_parser().parse_args(["discover"]).timeout == TIMINGS.discovery_s
    assert f"within {TIMINGS.discovery_s:g} s" in network


def _unit_setting(name: str) -> str:
    match = re.search(rf"^{name}=(\S+)$", CORE_TEMPLATE, re.M)
    assert match, f"luot-core.service.in has no {name}="
    return match.group(1)


def test_the_watchdog_is_as_the_unit_and_the_core_do_it() -> None:
    text = " ".join(section("Services").split())
    limit = int(_unit_setting("WatchdogSec").removesuffix("s"))
    assert f"`WatchdogSec={limit}s`" in text and "`Type=notify`" in text
    pets = Notifier("/run/notify", limit * 1_000_000).watchdog_interval
    assert f"`WATCHDOG=1` every {pets:g} s (half the limit)" in text
    busy = BUSY_TIMEOUT_MS / 1000
    assert f"in the last {WRITER_STALL_SECONDS:g} s (twice the store's {busy:g} s busy" in text
    assert f"After {limit} s without a pet systemd kills the core with SIGABRT" in text
    assert _unit_setting("Restart") == "always" and "`Restart=always`" in text
    restart = int(_unit_setting("RestartSec").removesuffix("s"))
    assert f"starts it again {restart} s later" in text
    assert f"`TimeoutStartSec={_unit_setting('TimeoutStartSec')}`" in text
    stop = int(_unit_setting("TimeoutStopSec").removesuffix("s"))
    graceful = uvicorn_config(None, "127.0.0.1", 0).timeout_graceful_shutdown  # type: ignore[arg-type]
    assert f"open requests get {graceful} s, and systemd waits {stop} s in all" in text


def test_the_machines_table_names_each_role_and_its_user() -> None:
    rows = [line for line in section("The machines").splitlines() if line.startswith("|")]
    for role in ROLES.values():
        assert any(f"`{role.name}`" in row and f"`{role.user}`" in row for row in rows), role.name


def test_the_units_and_users_named_are_those_written() -> None:
    units = {role.unit for role in ROLES.values()} | {f"getty@{DEFAULT_TTY}.service"}
    named = set(re.findall(r"\bluot-[a-z-]+\.service\b", TEXT))
    assert named and named <= units
    asked = []
    for block in blocks():
        if block.info == "text":  # what a command printed, not a command
            continue
        for line in block.lines:
            for command in commands(line):
                if command[0] == "systemctl" and len(command) > 1 and command[1] != "daemon-reload":
                    asked += [w for w in command[2:] if not w.startswith("-")]
                elif command[0] == "journalctl" and "-u" in command:
                    asked.append(command[command.index("-u") + 1])
                elif command[0] == "runuser":
                    assert command[1] == "-u" and command[3] == "--", line
                    assert command[2] in {role.user for role in ROLES.values()}, line
    asked = [unit if "." in unit else f"{unit}.service" for unit in asked]
    assert asked and set(asked) <= units | {"graphical.target"}


def test_the_options_of_deploy_units_are_the_commands() -> None:
    services = section("Services")
    table = [line for line in services.splitlines() if line.startswith("| `-")]
    documented = {re.match(r"\| `([^`\s]+)", row).group(1) for row in table}  # type: ignore[union-attr]
    deploy = _subcommands(_subcommands(build_parser())["deploy"])["units"]
    options = {o for a in deploy._actions for o in a.option_strings if o not in ("-h", "--help")}
    assert documented == options | {"--"}
    rows = {re.match(r"\| `([^`\s]+)", row).group(1): row for row in table}  # type: ignore[union-attr]
    assert f"`{DEFAULT_DATA}`" in rows["--data"]
    assert f"`{DEFAULT_BACKUPS}`" in rows["--backups"]
    assert f"`{DEFAULT_TTY}`" in rows["--tty"]
    assert "`luot`" in rows["--user"] and "`luot-ROLE`" in rows["--user"]


def test_the_kiosk_names_itself_as_the_guide_says() -> None:
    assert kiosk_app.parser().parse_args([]).name == "Kiosk"
    assert "the kiosk by its `--name`, default `Kiosk`" in " ".join(section("Services").split())
    state = ROLES["kiosk"].program  # StateDirectory= is named after the program
    assert f"`/var/lib/{state}/{kiosk_app.APP}.json`" in TEXT


# --- the blocks run ----------------------------------------------------------------------------


@dataclass
class Machine:
    """A folder standing for one machine's `/`, with Lượt "installed" in its /opt/luot."""

    root: Path
    ran: list[str] = field(default_factory=list)

    @classmethod
    def make(cls) -> Machine:
        # Outside pytest's folder, which only its owner may enter: deploy units checks that the
        # units' users can reach the programs.
        root = Path(tempfile.mkdtemp(prefix="luot-ops-"))
        root.chmod(0o755)
        for folder in ("etc", "tmp", "root", "media/usb", "usr/local/bin", "opt/luot/bin"):
            (root / folder).mkdir(parents=True, exist_ok=True)
        for name in APP_PARSERS:
            script = root / "opt/luot/bin" / name
            # The core's script runs this checkout with this interpreter; the apps' do nothing.
            body = f'exec "{sys.executable}" -m queue_core.cli "$@"' if name == "luot-core" else ""
            script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
            script.chmod(0o755)
        return cls(root)

    def moved(self, text: str) -> str:
        """``text`` with the guide's paths moved into this machine's folder."""
        paths = "|".join(re.escape(p) for p in MOVED)

        def move(match: re.Match[str]) -> str:
            path = match.group(0)
            return str(ROOT) if path == "/root/luot" else f"{self.root}{path}"

        return re.sub(rf"(?<![\w.:/-])(?:{paths})(?![\w.-])", move, text)

    def unmoved(self, text: str) -> str:
        return text.replace(str(self.root), "")

    def shell_line(self, line: str) -> str:
        moved = self.moved(line)
        moved = re.sub(r"\bsystemd-(sysusers|tmpfiles)\b", rf"systemd-\1 --root={self.root}", moved)
        moved = moved.replace("deploy units ", f"deploy units --prefix {self.root}/opt/luot ", 1)
        for path in re.findall(r"(?<![\w.:/-])/[^\s'\"|;&)]*", moved):
            assert path.startswith((str(self.root), str(ROOT))), f"{line}: {path} is not moved"
        return moved

    def run(self, line: str) -> subprocess.CompletedProcess[str]:
        shim = (
            'runuser() { [ "$1" = -u ] && [ "$3" = -- ] || return 99; shift 3; "$@"; }\n'
            "set -o pipefail\n"
        )
        env = {k: v for k, v in os.environ.items() if k != "LUOT_DB"}
        env["PATH"] = f"{self.root}/usr/local/bin:{env.get('PATH', '/usr/bin:/bin')}"
        done = subprocess.run(
            ["bash", "-c", shim + self.shell_line(line)],
            cwd=self.root, env=env, stdin=subprocess.DEVNULL,
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert done.returncode == 0, f"{line}\n{done.stdout}{done.stderr}"
        self.ran.append(line)
        return done


def kind(line: str) -> str:
    """``run``, ``skip`` (recognised, not run here) or ``unknown``."""
    found = commands(line)
    if not found:
        return "skip"  # a comment
    if found[0][0] in NOT_HERE:
        return "skip"
    if found[0][0] not in RUNS_HERE:
        return "unknown"
    for command in found:
        if program(command[0]) == "luot-print":
            return "skip"  # a printer that is not here
        if command[0] == "luot-core":
            try:
                quiet = io.StringIO()
                with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
                    args = build_parser().parse_args(command[1:])
            except SystemExit:  # --version; or a refusal, which the run then shows
                continue
            if (args.command, getattr(args, "action", None)) in NOT_RUN:
                return "skip"
    return "run"


def install_steps(printed: str) -> list[str]:
    lines = printed.splitlines()
    start = lines.index("install them, as root:") + 1
    return [line.strip() for line in lines[start:]]


def check_unit(machine: Machine, printed: str) -> None:
    """The unit just written starts its program with arguments the program takes."""
    unit = re.search(r"systemd/system/(\S+\.service)", printed)
    assert unit, printed
    text = (machine.root / "tmp/units/systemd/system" / unit.group(1)).read_text(encoding="utf-8")
    exec_start = re.search(r"^ExecStart=(.+)$", text, re.M)
    assert exec_start
    argv = shlex.split(exec_start.group(1))
    if argv[0] == "/usr/bin/cage":
        argv = argv[argv.index("--") + 1 :]
    name = Path(argv[0]).name
    assert parses(APP_PARSERS[name](), argv[1:]) is None, exec_start.group(1)


@pytest.fixture
def machines() -> Iterator[dict[str, Machine]]:
    made: dict[str, Machine] = {}
    try:
        yield made
    finally:
        for machine in made.values():
            shutil.rmtree(machine.root)


def test_the_blocks_that_say_where_they_run_run_there(machines: dict[str, Machine]) -> None:
    everywhere = [b for b in blocks() if b.machine == "every machine"]
    assert everywhere, "no block for every machine"
    unknown = [x for b in blocks() for x in b.lines if b.machine and kind(x) == "unknown"]
    assert unknown == [], "commands this test does not know: run them here or say why not"
    last: Machine | None = None
    for block in blocks():
        if block.info == "toml" and last is not None:  # an addition to the site file
            site = last.root / "etc/luot/centre.toml"
            assert site.exists(), "a site file's addition before the site file"
            with site.open("a", encoding="utf-8") as file:
                file.write("\n" + last.moved("\n".join(block.lines)) + "\n")
            continue
        if block.machine is None or block.machine == "every machine":
            continue
        machine = machines.get(block.machine)
        if machine is None:
            machine = machines[block.machine] = Machine.make()
            for line in (line for b in everywhere for line in b.lines):
                if kind(line) == "run":
                    machine.run(line)
            assert (machine.root / "usr/local/bin/luot-core").exists(), "no luot-core on PATH"
        last = machine
        for line in block.lines:
            if kind(line) == "run":
                done = machine.run(line)
                if "deploy units" in line:
                    check_unit(machine, done.stdout)
                    if any("enable --now" in b for b in block.lines):  # a first install
                        steps = [machine.unmoved(s) for s in install_steps(done.stdout)]
                        missing = [s for s in steps if not s.startswith("runuser")]
                        assert set(missing) <= {b.strip() for b in block.lines}, steps
            elif "enable --now luot-core" in line:
                # What the core does once it serves, which the test cannot: take a backup.
                machine.run("runuser -u luot -- luot-core --db /var/lib/luot/luot.db backup")

    core = machines["the core PC"].root
    assert (core / "var/lib/luot/luot.db").exists()
    assert stat.S_IMODE((core / "var/backups/luot").stat().st_mode) == 0o750
    assert "luot:" in (core / "etc/passwd").read_text(encoding="utf-8")
    assert list((core / "media/usb").glob("luot-*.db")), "the weekly copy was not made"
    assert not (core / "root/drill").exists(), "the drill did not clean up"
    kiosk = machines["the kiosk PC"].root
    assert (kiosk / "etc/systemd/system/luot-kiosk.service").exists()
    ran = sum(len(m.ran) for m in machines.values())
    assert ran >= 40, f"only {ran} lines ran: the search for blocks broke"
