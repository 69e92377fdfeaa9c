"""Qt offscreen for every test here; the real core fixture from tests.support."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.support.server import core_server  # noqa: F401
