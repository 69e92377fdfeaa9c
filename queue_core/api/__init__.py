"""The core's HTTP + WebSocket service (FastAPI on uvicorn): the contract of docs/design.md."""

from queue_core.api.app import LuotApp, create_app

__all__ = ["LuotApp", "create_app"]
