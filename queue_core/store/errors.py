"""The store's errors: problems of the database file, told apart from refused commands."""

from __future__ import annotations


class StoreError(Exception):
    """The database cannot be used: missing, locked too long, corrupt, or not initialised."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
