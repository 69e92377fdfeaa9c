"""Fixtures every test folder shares."""
