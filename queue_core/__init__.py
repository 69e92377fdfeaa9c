"""Lượt's queue core: the one process that owns the truth of a centre's queue."""

__version__ = "0.1.0"
