"""SIGINT and SIGTERM end a Qt app through its event loop, as closing its window would."""

from __future__ import annotations

import signal
import socket

from ui_common.qt import QtCore

__all__ = ["quit_on_signals"]


def quit_on_signals(app: QtCore.QCoreApplication) -> None:
    """After this, SIGINT and SIGTERM make ``app.exec()`` return, so the app closes its parts
    (bridge, printer, LED line) the usual way and exits 0.

    Python runs a signal handler only when it next gets control, and Qt's loop may sleep
    for ever; the signal module writes to a socket that Qt watches, which wakes the loop.
    """
    wake_read, wake_write = socket.socketpair()
    for end in (wake_read, wake_write):
        end.setblocking(False)
    signal.set_wakeup_fd(wake_write.fileno())
    notifier = QtCore.QSocketNotifier(wake_read.fileno(), QtCore.QSocketNotifier.Type.Read, app)
    notifier.activated.connect(lambda: _drain(wake_read))
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda _signum, _frame: app.quit())

    def release() -> None:
        signal.set_wakeup_fd(-1)
        notifier.setEnabled(False)
        wake_read.close()
        wake_write.close()

    app.aboutToQuit.connect(release)


def _drain(wake: socket.socket) -> None:
    try:
        while wake.recv(64):
            pass
    except (BlockingIOError, OSError):
        pass
