"""Who has the database to itself: an exclusive ``flock`` on ``<database>.lock``, held by a
serving core for its whole life and by a restore or a migration while it works.

The kernel drops the lock when its holder ends, however it ends (SIGKILL included), so a
lock is never left behind; the file itself stays, holding the last holder's pid and purpose
for the message that names it.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType

from queue_core.errors import MaintenanceError

SUFFIX = ".lock"


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + SUFFIX)


class DatabaseLock:
    """``with DatabaseLock(db, "restoring"):`` the database is ours until the block ends; a
    MaintenanceError ``database_in_use``, naming who holds it, if someone else has it."""

    def __init__(self, db_path: Path, purpose: str) -> None:
        self.db_path = Path(db_path)
        self.purpose = purpose
        self._fd: int | None = None

    def acquire(self) -> None:
        path = lock_path(self.db_path)
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            message = f"Cannot open the lock file {path}: {exc}"
            raise MaintenanceError("database_in_use", message) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            os.close(fd)
            raise MaintenanceError(
                "database_in_use",
                f"{self.db_path} is in use ({holder}): stop the core first "
                "(systemctl stop luot-core), then try again.",
            ) from None
        if os.geteuid() == 0:  # a technician's restore: the core must still open it after
            folder = self.db_path.resolve().parent.stat()
            os.fchown(fd, folder.st_uid, folder.st_gid)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{self.purpose} by pid {os.getpid()}\n".encode(), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor drops the flock
            self._fd = None

    def __enter__(self) -> DatabaseLock:
        self.acquire()
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _trace: TracebackType | None,
    ) -> None:
        self.release()


def _holder(fd: int) -> str:
    try:
        text = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
    except OSError:
        text = ""
    return text or "held by another process"
