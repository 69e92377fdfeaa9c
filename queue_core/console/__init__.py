"""The supervisor console at ``/console``: server-rendered pages and a little JavaScript."""

from queue_core.console.routes import router

__all__ = ["router"]
