"""Shared test support: a real core server, and what else several test folders need."""
