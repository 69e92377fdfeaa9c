"""A board process survives PySide6 6.12.0 dropping references to None on CPython 3.11
(the guard is ui_common.singletons, applied by ui_common.qt, which every board module uses)."""

from __future__ import annotations

import subprocess
import sys

import PySide6

SCRIPT = """
import sys
calls = sys.getrefcount(None) + 1000  # counted before any guard
{imports}
from PySide6 import QtCore
timer = QtCore.QTimer()
for _ in range(calls):
    timer.setInterval(5)  # a void method
print("survived")
"""


def _run(imports: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", SCRIPT.format(imports=imports)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_board_process_survives_more_void_calls_than_none_has_references() -> None:
    result = _run("import hall_board.widgets")
    assert result.returncode == 0, result.stderr[-500:]
    assert result.stdout.strip() == "survived"


def test_without_the_guard_the_bug_aborts_the_process() -> None:
    buggy = sys.version_info < (3, 12) and PySide6.__version__ == "6.12.0"
    result = _run("")
    assert (result.returncode != 0) == buggy, result.stderr[-500:]
