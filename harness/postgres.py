"""A real PostgreSQL for the tests, the bench and the demo: Debian's ``initdb`` and ``pg_ctl`` in
a temporary folder, reached on a unix socket in that folder (no TCP port is opened), stopped
and removed at the end.

Use it as a context manager::

    from harness.postgres import running_postgres

    with running_postgres() as pg:
        dsn = pg.create_database("t1")               # an empty database of its own
        pg.create_database("t2", template="t1")      # a copy of another, in milliseconds

PostgreSQL will not run as root; as root (CI), the cluster belongs to ``nobody`` and its
folder is handed to it. The server runs without fsync: a crash of the machine loses a test's
data, never anyone's. ``binaries()`` finds the newest installed major version
(``/usr/lib/postgresql/*/bin``); ``$LUOT_PG_BIN`` names another folder.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg import sql

__all__ = ["PostgresNotFound", "PostgresServer", "binaries", "running_postgres"]

PG_ROOT = Path("/usr/lib/postgresql")
SUPERUSER = "luot"
UNPRIVILEGED = "nobody"
"""Who owns the cluster when the harness runs as root."""
START_SECONDS = 60
FAST = {
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "shared_buffers": "128MB",
    "max_connections": "100",
}
"""Settings for throwaway data: nothing is waited for on disk."""


class PostgresNotFound(RuntimeError):
    """No PostgreSQL server binaries on this machine (Debian's ``postgresql`` package)."""


def binaries() -> Path:
    """The folder of ``initdb``, ``pg_ctl`` and ``postgres``: ``$LUOT_PG_BIN``, or the newest
    major version under /usr/lib/postgresql."""
    named = os.environ.get("LUOT_PG_BIN")
    if named:
        folder = Path(named)
    else:
        versions = sorted(
            (p for p in PG_ROOT.glob("*/bin") if (p / "initdb").exists()),
            key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
        )
        if not versions:
            raise PostgresNotFound(
                f"no PostgreSQL under {PG_ROOT}: apt-get install postgresql (or set LUOT_PG_BIN)"
            )
        folder = versions[-1]
    if not (folder / "initdb").exists() or not (folder / "pg_ctl").exists():
        raise PostgresNotFound(f"{folder} has no initdb and pg_ctl")
    return folder


def _as_owner() -> dict[str, object]:
    """subprocess options that run a command as the cluster's owner: ``nobody`` when root."""
    if os.geteuid() != 0:
        return {}
    user = pwd.getpwnam(UNPRIVILEGED)
    return {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}


class PostgresServer:
    """One running cluster: ``dsn(dbname)`` for a connection string, ``create_database`` for a
    database of a test's own, ``stop`` at the end."""

    def __init__(self, folder: Path, bin_dir: Path, port: int) -> None:
        self.folder = folder
        self.data = folder / "data"
        self.socket_dir = folder
        self.bin_dir = bin_dir
        self.port = port
        self.log_path = folder / "postgres.log"

    def dsn(self, dbname: str = "postgres") -> str:
        return (
            f"host={self.socket_dir} port={self.port} user={SUPERUSER} dbname={dbname} "
            "connect_timeout=10"
        )

    def start(self, settings: Mapping[str, str] = FAST) -> None:
        owner = _as_owner()
        subprocess.run(
            [
                str(self.bin_dir / "initdb"), "-D", str(self.data), "-U", SUPERUSER,
                "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync",
            ],
            check=True, capture_output=True, timeout=START_SECONDS, **owner,  # type: ignore[call-overload]
        )  # fmt: skip
        options = {
            "listen_addresses": "''",
            "unix_socket_directories": f"'{self.socket_dir}'",
            "port": str(self.port),
            "timezone": "'UTC'",
            **settings,
        }
        with (self.data / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write("\n# harness/postgres.py\n")
            conf.writelines(f"{key} = {value}\n" for key, value in options.items())
        subprocess.run(
            [
                str(self.bin_dir / "pg_ctl"), "start", "-w", "-t", str(START_SECONDS),
                "-D", str(self.data), "-l", str(self.log_path),
            ],
            check=True, capture_output=True, timeout=START_SECONDS + 10, **owner,  # type: ignore[call-overload]
        )  # fmt: skip

    def stop(self) -> None:
        if not (self.data / "postmaster.pid").exists():
            return
        subprocess.run(
            [str(self.bin_dir / "pg_ctl"), "stop", "-w", "-m", "fast", "-D", str(self.data)],
            check=False, capture_output=True, timeout=START_SECONDS, **_as_owner(),  # type: ignore[call-overload]
        )  # fmt: skip

    def create_database(self, name: str, template: str = "template0") -> str:
        """A new database (a copy of ``template``, another database nobody is connected to);
        its connection string."""
        with psycopg.connect(self.dsn(), autocommit=True) as conn:
            conn.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {} STRATEGY file_copy").format(
                    sql.Identifier(name), sql.Identifier(template)
                )
            )
        return self.dsn(name)

    def drop_database(self, name: str) -> None:
        with psycopg.connect(self.dsn(), autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


@contextmanager
def running_postgres(
    settings: Mapping[str, str] = FAST, port: int = 5432
) -> Iterator[PostgresServer]:
    """A cluster in a new folder under the system's temporary folder, stopped and removed at
    the end. The port only names the socket (``.s.PGSQL.<port>``) in that folder."""
    bin_dir = binaries()
    folder = Path(tempfile.mkdtemp(prefix="luot-pg-"))
    if os.geteuid() == 0:
        user = pwd.getpwnam(UNPRIVILEGED)
        os.chown(folder, user.pw_uid, user.pw_gid)
    server = PostgresServer(folder, bin_dir, port)
    try:
        try:
            server.start(settings)
        except subprocess.CalledProcessError as failed:
            output = (failed.stderr or b"").decode(errors="replace").strip()
            raise RuntimeError(f"PostgreSQL did not start: {output}\n{server.log_tail()}") from None
        yield server
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)
