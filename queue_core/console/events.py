"""`/console/events` (WebSocket): the event stream of the console's live pages, on its cookie."""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.requests import HTTPConnection
from starlette.types import Receive, Scope, Send

from queue_core.api import stream
from queue_core.api.runtime import ApiRuntime
from queue_core.console import auth
from queue_core.errors import ApiError
from queue_core.store import Principal

PATH = auth.PATH + "/events"


def _supervisor_at_the_console(who: Principal) -> None:
    auth.refuse_unless_supervisor(who)


async def console_events(runtime: ApiRuntime, scope: Scope, receive: Receive, send: Send) -> None:
    """The stream for the supervisor whose console session the cookie holds, asked for by a
    page of this console (a page of another site could otherwise listen with that cookie)."""
    connection = HTTPConnection(scope)
    origin = connection.headers.get("origin")
    if origin is not None and urlsplit(origin).netloc != connection.headers.get("host"):
        if await stream.accept(receive, send):
            foreign = ApiError(403, "csrf_failed", "The console's stream is for its own pages.")
            await stream.refuse(send, foreign)
        return
    token = connection.cookies.get(auth.COOKIE)
    await stream.serve_stream(runtime, scope, receive, send, token, _supervisor_at_the_console)
