"""Lượt's province service: every centre's event log, kept once, and the figures derived from it."""

__version__ = "0.1.0"
