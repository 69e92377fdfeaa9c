"""`luot-core deploy units`: what it writes for each role passes systemd's own checks
(`systemd-analyze verify`, `systemd-sysusers` and `systemd-tmpfiles` into a root of the test's
own, `systemd-analyze security` for the core), and bad input is refused in one line, exit 2,
with nothing written.

The units name real executables: a Lượt installed in a prefix the test makes, whose scripts
run Debian's python3 (which other users can reach, as the units' users must), and cage.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from queue_core.cli import deploy, main
from queue_core.cli.deploy import ROLES, exec_word

PROGRAMS = ("luot-core", "luot-kiosk", "luot-counter", "luot-counter-display", "luot-board")
ROLE_ARGS = {
    "core": ["--role", "core"],
    "kiosk": ["--role", "kiosk"],
    "counter": ["--role", "counter", "--counter", "5"],
    "counter-display": ["--role", "counter-display", "--counter", "5"],
    "board": ["--role", "board"],
}


def _installed(folder: Path, interpreter: str = "/usr/bin/python3") -> Path:
    """A prefix with the luot-* console scripts, as pip writes them (a #! line, then code)."""
    (folder / "bin").mkdir(parents=True)
    for program in PROGRAMS:
        script = folder / "bin" / program
        script.write_text(f"#!{interpreter}\nimport sys\nsys.exit(0)\n", encoding="utf-8")
        script.chmod(0o755)
    return folder


@pytest.fixture
def prefix() -> Iterator[Path]:
    # Outside pytest's own folder, which only its owner may enter: the units' users must reach
    # the programs, and the command checks that they can.
    folder = Path(tempfile.mkdtemp(prefix="luot-prefix-"))
    folder.chmod(0o755)
    try:
        yield _installed(folder / "opt-luot")
    finally:
        shutil.rmtree(folder)


def write_units(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(["deploy", "units", *args])
    except SystemExit as exited:  # argparse's refusals
        code = int(exited.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def run(*command: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(c) for c in command], capture_output=True, text=True, timeout=120, check=False
    )


# --- what is written passes systemd's checks ----------------------------------------------------


@pytest.mark.parametrize("role", list(ROLE_ARGS))
def test_every_unit_passes_systemd_analyze_verify(
    role: str, prefix: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    units = tmp_path / "units"
    code, out, err = write_units(capsys, *ROLE_ARGS[role], "--prefix", str(prefix), str(units))
    assert (code, err) == (0, ""), err
    services = sorted((units / "systemd" / "system").glob("*.service"))
    assert [s.name for s in services] == [ROLES[role].unit]
    checked = run("systemd-analyze", "verify", *services)
    assert (checked.returncode, checked.stdout + checked.stderr) == (0, "")
    assert "cp -r" in out and f"systemctl enable --now {ROLES[role].unit}" in out


@pytest.mark.parametrize("role", list(ROLE_ARGS))
def test_the_users_and_folders_are_made_by_systemd_in_a_root_of_our_own(
    role: str, prefix: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    units, root = tmp_path / "units", tmp_path / "root"
    (root / "etc").mkdir(parents=True)
    assert write_units(capsys, *ROLE_ARGS[role], "--prefix", str(prefix), str(units))[0] == 0
    made = run("systemd-sysusers", f"--root={root}", *sorted((units / "sysusers.d").iterdir()))
    assert made.returncode == 0, made.stderr
    users = {row.split(":")[0]: row.split(":") for row in _lines(root / "etc/passwd")}
    user = ROLES[role].user
    assert users[user][5] == ("/var/lib/luot" if role == "core" else f"/var/lib/{user}")
    groups = {row.split(":")[0]: row.split(":")[3] for row in _lines(root / "etc/group")}
    for group, _why in ROLES[role].groups:
        assert user in groups[group].split(",")
    if role != "core":
        assert not (units / "tmpfiles.d").exists()  # the app's folder is its StateDirectory=
        return
    made = run(
        "systemd-tmpfiles", f"--root={root}", "--create", units / "tmpfiles.d/luot-core.conf"
    )
    assert made.returncode == 0, made.stderr
    for folder in ("var/lib/luot", "var/backups/luot"):
        info = (root / folder).stat()
        assert (info.st_uid, stat.S_IMODE(info.st_mode)) == (int(users["luot"][2]), 0o750)


def test_the_core_is_hardened(
    prefix: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    units = tmp_path / "units"
    write_units(capsys, "--role", "core", "--prefix", str(prefix), str(units))
    unit = units / "systemd/system/luot-core.service"
    text = unit.read_text(encoding="utf-8")
    for line in (
        "Type=notify",
        "WatchdogSec=30s",
        "Restart=always",
        "User=luot",
        f"ExecStart={prefix}/bin/luot-core --db /var/lib/luot/luot.db serve",
        "ProtectSystem=strict",
        "ReadWritePaths=/var/lib/luot -/var/backups/luot",
        "NoNewPrivileges=yes",
        "PrivateTmp=yes",
        "ProtectHome=yes",
    ):
        assert line in text.splitlines()
    # systemd's own score: 1.5 ("OK") with systemd 252; past 2.5 means a protection was lost
    scored = run("systemd-analyze", "security", "--offline=yes", "--threshold=25", unit)
    assert scored.returncode == 0, scored.stdout[-2000:]


def test_an_app_runs_in_cage_on_its_terminal_as_its_user(
    prefix: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    units = tmp_path / "units"
    args = ["--role", "counter", "--counter", "12", "--tty", "tty2", "--prefix", str(prefix)]
    write_units(capsys, *args, str(units), "--", "--led", "serial:///dev/ttyUSB1?framing=stx")
    lines = (units / "systemd/system/luot-counter.service").read_text(encoding="utf-8").splitlines()
    for line in (
        "User=luot-counter",
        "PAMName=login",
        "TTYPath=/dev/tty2",
        "Conflicts=getty@tty2.service",
        "Restart=always",
        "Environment=QT_QPA_PLATFORM=wayland",
        "Environment=LUOT_CONFIG_DIR=%S/luot-counter",
        f"ExecStart=/usr/bin/cage -d -- {prefix}/bin/luot-counter --counter 12"
        " --led serial:///dev/ttyUSB1?framing=stx",
    ):
        assert line in lines


def test_the_wayland_platform_the_apps_ask_for_is_installed() -> None:
    spec = importlib.util.find_spec("PySide6")
    assert spec is not None and spec.origin is not None
    platforms = Path(spec.origin).parent / "Qt" / "plugins" / "platforms"
    assert sorted(platforms.glob("libqwayland*.so")), f"no Wayland platform in {platforms}"


def test_writing_again_into_the_same_folder_replaces_what_it_wrote(
    prefix: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    units = tmp_path / "units"
    args = ["--role", "core", "--prefix", str(prefix)]
    assert write_units(capsys, *args, str(units))[0] == 0
    assert write_units(capsys, *args, "--data", "/srv/luot", str(units))[0] == 0
    text = (units / "systemd/system/luot-core.service").read_text(encoding="utf-8")
    assert "--db /srv/luot/luot.db" in text


@pytest.mark.parametrize(
    ("word", "written"),
    [
        ("--fullscreen", "--fullscreen"),
        ("usb://04b8:0e15", "usb://04b8:0e15"),
        ("Tầng 2", '"Tầng 2"'),
        ('say "hi"', '"say \\"hi\\""'),
        ("50%", "50%%"),
        ("$HOME", "$$HOME"),
        ("a\\b", '"a\\\\b"'),
        ("", '""'),
        (";", '";"'),
    ],
)
def test_a_word_of_the_command_is_written_as_systemd_reads_it(word: str, written: str) -> None:
    assert exec_word(word) == written


# --- bad input: one line, exit 2, nothing written -------------------------------------------


def _hidden_python(folder: Path) -> Path:
    """A prefix whose scripts run a Python in a folder only its owner may enter."""
    private = folder / "private"
    private.mkdir(mode=0o700)
    python = private / "python3"
    python.symlink_to("/usr/bin/python3")
    return _installed(folder / "elsewhere", str(python))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "router"], "argument --role: invalid choice: 'router'"),
        (["--role", "counter"], "--role counter needs --counter N"),
        (["--role", "counter-display"], "--role counter-display needs --counter N"),
        (["--role", "kiosk", "--counter", "3"], "--counter is for --role counter"),
        (["--role", "counter", "--counter", "0"], "a counter's number is 1 or more"),
        (["--role", "counter", "--counter", "five"], "argument --counter: invalid int value"),
        (["--role", "core", "--user", "root"], "never as root"),
        (["--role", "core", "--user", "Luot Core"], "a user name is lower-case letters"),
        (["--role", "core", "--data", "var/luot"], "--data var/luot: give an absolute path"),
        (["--role", "core", "--backups", "/mnt/sao lưu"], "give a path of letters, digits"),
        (["--role", "board", "--tty", "tty0"], "a virtual terminal is tty1 to tty63"),
        (["--role", "board", "--tty", "tty64"], "a virtual terminal is tty1 to tty63"),
        (["--role", "board", "--data", "/srv/luot"], "--data is the core's folder"),
        (["--role", "kiosk", "--backups", "/srv/b"], "--backups is the core's folder"),
        (["--role", "core", "--tty", "tty2"], "--tty is the terminal an app's screen uses"),
        (
            ["--role", "board", "--prefix", "/nonexistent/luot"],
            "no /nonexistent/luot/bin/luot-board",
        ),
    ],
)
def test_bad_input_is_one_line_exit_2_nothing_written(
    args: list[str],
    message: str,
    prefix: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if "--prefix" not in args:
        args = [*args, "--prefix", str(prefix)]
    units = tmp_path / "units"
    code, out, err = write_units(capsys, *args, str(units))
    assert (code, out) == (2, "")
    assert err.startswith("luot-core: ") and message in err and err.count("\n") == 1, err
    assert not units.exists()


def test_a_folder_with_other_files_is_refused(
    prefix: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    units = tmp_path / "units"
    (units / "systemd/system").mkdir(parents=True)
    (units / "systemd/system/sshd.service").write_text("[Service]\n", encoding="utf-8")
    code, out, err = write_units(capsys, "--role", "core", "--prefix", str(prefix), str(units))
    assert (code, out, err.count("\n")) == (2, "", 1)
    assert "holds systemd/system/sshd.service, which this command does not write" in err
    assert sorted(p.name for p in units.rglob("*")) == ["sshd.service", "system", "systemd"]
    a_file = tmp_path / "a-file"
    a_file.write_text("", encoding="utf-8")
    code, _, err = write_units(capsys, "--role", "core", "--prefix", str(prefix), str(a_file))
    assert code == 2 and "is a file" in err


def test_a_python_the_users_cannot_reach_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = Path(tempfile.mkdtemp(prefix="luot-prefix-"))
    folder.chmod(0o755)
    try:
        elsewhere = _hidden_python(folder)
        units = tmp_path / "units"
        code, out, err = write_units(
            capsys, "--role", "kiosk", "--prefix", str(elsewhere), str(units)
        )
        assert (code, out, err.count("\n")) == (2, "", 1)
        assert f"is behind {folder / 'private'}, which the user luot-kiosk cannot enter" in err
        assert not units.exists()
    finally:
        shutil.rmtree(folder)


def test_a_core_installed_where_protecthome_hides_it_is_refused(
    prefix: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # As if the prefix were under /home: the core's unit could not run it.
    monkeypatch.setattr(deploy, "HIDDEN_BY_PROTECT_HOME", (prefix.parent,))
    units = tmp_path / "units"
    code, _, err = write_units(capsys, "--role", "core", "--prefix", str(prefix), str(units))
    assert code == 2 and "which the core's unit hides (ProtectHome=yes)" in err
    assert not units.exists()
    # an app's unit does not hide homes
    assert write_units(capsys, "--role", "board", "--prefix", str(prefix), str(units))[0] == 0


def test_without_cage_an_app_is_refused(
    prefix: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(deploy, "CAGE", "cage-that-is-not-installed")
    code, _, err = write_units(
        capsys, "--role", "kiosk", "--prefix", str(prefix), str(tmp_path / "u")
    )
    assert code == 2 and "apt-get install cage xwayland" in err
    assert not (tmp_path / "u").exists()
    assert os.access("/usr/bin/cage", os.X_OK)  # the real one, which the units run
