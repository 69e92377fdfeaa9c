"""A guard against PySide6 6.12.0 on CPython 3.11 dropping references to None and True.

In that build every call of a void method (``QPainter.setPen``, ``QTimer.start``...) returns
None without a new reference, and ``Signal.emit`` returns True the same way. On CPython
3.12+ None and True are immortal (PEP 683) and nothing happens; on 3.11 their counts fall
with every call until the interpreter aborts ("Fatal Python error: none_dealloc"). A board
paints thirty frames a second: it would abort within minutes. Until the project runs on
3.12+ or a fixed PySide6, we give the three singletons a count no board can use up.
"""

from __future__ import annotations

import ctypes
import sys

__all__ = ["HEADROOM", "protect_singletons"]

HEADROOM = 1 << 40
"""References added: at a million lost a second, 12 days; at the board's rate, years."""


def protect_singletons() -> bool:
    """Add HEADROOM references to None, True and False on CPython < 3.12; True if it did."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False
    for singleton in (None, True, False):
        count = ctypes.c_ssize_t.from_address(id(singleton))
        if count.value < HEADROOM:  # once per process
            count.value += HEADROOM
    return True
