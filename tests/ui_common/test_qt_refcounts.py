"""The Qt runtime keeps the counts of None, True and False: a million emits and void calls.

PySide6 6.12.0 on CPython 3.11 dropped a reference to True on every ``Signal.emit`` and to
None on every void Qt call, and a kiosk aborted ("Fatal Python error: bool_dealloc") within
its first day. pyproject.toml keeps that release out; this test runs the loop the apps run,
in a child process, so that a later release with the same fault fails here, not in a hall.
"""

from __future__ import annotations

import json
import subprocess
import sys

import PySide6

CALLS = 1_000_000

SCRIPT = f"""
import json, sys
from ui_common.qt import QObject, QtCore, Signal

class Source(QObject):
    fired = Signal(int)
    toggled = Signal(bool)

def counts():
    return {{"None": sys.getrefcount(None), "True": sys.getrefcount(True),
             "False": sys.getrefcount(False)}}

app = QtCore.QCoreApplication([])
source = Source()
seen = []
source.fired.connect(lambda value: seen.append(value) if value == 0 else None)
source.toggled.connect(lambda flag: None)

def work(n):
    for index in range(n):
        source.fired.emit(index)          # returns True
        source.toggled.emit(index % 2 == 0)
        source.setObjectName("source")    # a void Qt call: returns None
        source.blockSignals(False)        # returns the previous state, a bool

work(1_000)  # first calls fill caches that hold references of their own
before = counts()
work({CALLS})
after = counts()
print(json.dumps({{"before": before, "after": after, "seen": len(seen)}}))
"""


def test_a_million_emits_and_void_calls_keep_the_counts_and_the_process() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        timeout=240,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, (
        f"PySide6 {PySide6.__version__} aborted the process: {result.stderr[-800:]}"
    )
    figures = json.loads(result.stdout)
    assert figures["seen"] == 2  # the warm-up's index 0 and the measured loop's
    assert figures["after"] == figures["before"], (
        f"PySide6 {PySide6.__version__} changed the counts of None/True/False "
        f"over {CALLS:,} calls: {figures}"
    )
    # No padding: a count near 2**40 would mean something still writes counts by hand.
    assert max(figures["before"].values()) < 1 << 30
