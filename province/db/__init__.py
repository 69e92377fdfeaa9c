"""PostgreSQL through psycopg 3: a connection or a pool from a connection string, the schema's
numbered migrations (``migrations``), and the month partitions made as events arrive
(``partitions``). Connections run in autocommit; every change is an explicit transaction."""

from province.db.connect import connect, describe_dsn, open_pool
from province.db.migrations import Migration, apply, latest, pending, schema_version, steps
from province.db.partitions import Partitions, month_of

__all__ = [
    "Migration",
    "Partitions",
    "apply",
    "connect",
    "describe_dsn",
    "latest",
    "month_of",
    "open_pool",
    "pending",
    "schema_version",
    "steps",
]
