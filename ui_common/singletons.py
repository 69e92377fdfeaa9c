"""Headroom for None/True/False refcounts: PySide6 6.12 on CPython 3.11 leaks decrefs of them.

There, a void Qt method returns None and ``Signal.emit`` returns True without a new
reference, so their counts fall with every call until the interpreter aborts
("Fatal Python error: bool_dealloc"/"none_dealloc"). CPython 3.12+ makes them immortal
(PEP 683). Until then every Qt process adds a large count once, at the first Qt import.
"""

from __future__ import annotations

import ctypes
import sys

__all__ = ["HEADROOM", "guard_singletons"]

HEADROOM = 1 << 40


def guard_singletons() -> bool:
    """Add HEADROOM references to None, True and False once (CPython < 3.12); True if done."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False
    for singleton in (None, True, False):
        count = ctypes.c_ssize_t.from_address(id(singleton))
        if count.value < HEADROOM:
            count.value += HEADROOM
    return True
