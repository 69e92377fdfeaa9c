"""API tests run a real `luot-core serve` on 127.0.0.1 (see tests/support/server.py)."""

from tests.support.server import core_server  # noqa: F401
