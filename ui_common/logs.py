"""How the apps log: one line format on stderr, without httpx's line per request."""

from __future__ import annotations

import logging

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def log_to_stderr() -> None:
    # force: python-escpos calls basicConfig() when imported, which would keep INFO out
    logging.basicConfig(level=logging.INFO, format=FORMAT, force=True)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # a line per request drowns the rest
