"""Fixtures every test folder shares."""

from tests.support.logfail import fail_on_unexpected_logs

__all__ = ["fail_on_unexpected_logs"]
