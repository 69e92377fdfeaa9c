"""The suite's log guard: an unexpected WARNING fails a test, an expected one does not."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CASES = """
import logging
import threading

from tests.support.logfail import fail_on_unexpected_logs  # noqa: F401

log = logging.getLogger("luot.example")


def test_warns_unexpectedly():
    log.warning("the printer is on fire")


def test_errors_on_another_thread():
    thread = threading.Thread(target=lambda: log.error("a writer died"))
    thread.start()
    thread.join()


def test_expects_its_warning(caplog):
    with caplog.at_level(logging.WARNING, logger="luot.example"):
        log.warning("expected")
    assert caplog.records


def test_info_is_fine():
    log.info("routine")
"""


def test_unexpected_warnings_and_errors_fail_and_expected_ones_pass(tmp_path: Path) -> None:
    case = tmp_path / "test_cases.py"
    case.write_text(CASES, encoding="utf-8")
    alone = ["-p", "no:cacheprovider", "--rootdir", str(tmp_path), "-c", "/dev/null"]
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", *alone, str(case)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    out = result.stdout
    assert result.returncode == 1, out[-2000:]
    # the guard judges when the test ends, so pytest counts its verdict as a teardown error
    assert "4 passed, 2 errors" in out, out[-2000:]
    assert "WARNING luot.example: the printer is on fire" in out
    assert "ERROR luot.example: a writer died" in out
