"""The province's HTTP service (FastAPI under uvicorn): the centres' ingest and the health."""

from province.api.app import create_app

__all__ = ["create_app"]
