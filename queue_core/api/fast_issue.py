"""The fast path of `POST /api/v1/tickets`, beneath FastAPI: the kiosks' one hot write, cheaply.

Only a well-formed JSON request is taken here; anything else is handed, body and all,
to the FastAPI route, so that every refusal of bad input has one author and one shape.
"""

from __future__ import annotations

import json

from pydantic import ValidationError
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from queue_core.api.access import bearer
from queue_core.api.commands import issue_ticket, router
from queue_core.api.errors import failure_response
from queue_core.api.models import IssueRequest
from queue_core.api.runtime import ApiRuntime

ISSUE_PATH = router.prefix + "/tickets"
"""The path of commands.issue_ticket's route, which this one serves beneath FastAPI."""


def is_issue(scope: Scope) -> bool:
    return scope["method"] == "POST" and scope["path"] == ISSUE_PATH


async def issue_endpoint(
    runtime: ApiRuntime, scope: Scope, body: bytes, send: Send, fallback: ASGIApp
) -> None:
    """``body`` is the whole request body, read within the size limit."""
    request = _valid_issue(scope, body)
    if request is None:
        await fallback(scope, _replay(body), send)
        return
    token = bearer(_header(scope, b"authorization"))
    response: Response
    try:
        response = JSONResponse(await issue_ticket(runtime, token, request), status_code=201)
    except Exception as failed:
        response = failure_response(failed)
    await response(scope, _replay(body), send)


def _valid_issue(scope: Scope, body: bytes) -> IssueRequest | None:
    content_type = _header(scope, b"content-type") or ""
    if content_type.split(";")[0].strip().lower() != "application/json":
        return None
    try:
        return IssueRequest.model_validate(json.loads(body))
    except (ValueError, ValidationError):  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        return None


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return None


async def read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive
