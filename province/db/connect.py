"""A connection or a pool to the province's database, and what a person is told when neither can
be had."""

from __future__ import annotations

import psycopg
from psycopg import conninfo
from psycopg_pool import ConnectionPool, PoolTimeout

from province.errors import DatabaseError

CONNECT_SECONDS = 10
"""How long opening a connection, or a pool's first one, may take."""


def describe_dsn(dsn: str) -> str:
    """The connection string without its password, to name the database in a message."""
    try:
        params = conninfo.conninfo_to_dict(dsn)
    except psycopg.ProgrammingError:
        return "the database named by --dsn"
    params.pop("password", None)
    host = params.get("host") or "localhost"
    port = params.get("port") or "5432"
    user = f"{params['user']}@" if params.get("user") else ""
    return f"{user}{host}:{port}/{params.get('dbname') or params.get('user') or 'postgres'}"


def _first_line(problem: Exception) -> str:
    text = str(problem).strip()
    return text.splitlines()[0] if text else type(problem).__name__


def _refusal(dsn: str, problem: Exception) -> DatabaseError:
    return DatabaseError(
        f"cannot connect to PostgreSQL at {describe_dsn(dsn)}: {_first_line(problem)}"
    )


def connect(dsn: str) -> psycopg.Connection:
    """One connection in autocommit, or a DatabaseError saying why not."""
    try:
        conninfo.conninfo_to_dict(dsn)
    except psycopg.ProgrammingError as bad:
        raise DatabaseError(
            f"--dsn is not a PostgreSQL connection string: {_first_line(bad)}"
        ) from None
    try:
        return psycopg.connect(dsn, autocommit=True, connect_timeout=CONNECT_SECONDS)
    except psycopg.OperationalError as failed:
        raise _refusal(dsn, failed) from None


def open_pool(dsn: str, size: int = 8) -> ConnectionPool:
    """A pool of up to ``size`` connections in autocommit, its first one made before this
    returns (so that a wrong address is said at once)."""
    connect(dsn).close()  # the one clear message for a database that cannot be reached
    pool = ConnectionPool(
        dsn,
        min_size=min(2, size),
        max_size=size,
        kwargs={"autocommit": True},
        timeout=CONNECT_SECONDS,
        name="luot-province",
        open=False,
    )
    try:
        pool.open(wait=True, timeout=CONNECT_SECONDS)
    except PoolTimeout as failed:
        pool.close()
        raise _refusal(dsn, failed) from None
    return pool
