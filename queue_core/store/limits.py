"""How every connection to the database waits and checkpoints: the figures, in one place."""

BUSY_TIMEOUT_MS = 15_000
"""How long a connection waits for another's write lock before it gives up (database_busy)."""
WAL_AUTOCHECKPOINT_PAGES = 1_000
"""SQLite's own default; the server turns it off and checkpoints on a thread of its own."""
