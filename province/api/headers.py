"""The headers every HTTP answer of the province carries: a Content-Security-Policy that names
no source outside the province (no inline script or style: the console's pages load theirs from
its own files, its charts draw with SVG attributes), no type sniffing, no framing, the referrer
kept in."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
)


class SecurityHeaders:
    """ASGI middleware: HEADERS added to the start of every answer that lacks them."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                have = {name.lower() for name, _value in message.get("headers", ())}
                missing = [header for header in HEADERS if header[0] not in have]
                if missing:
                    message["headers"] = [*message.get("headers", ()), *missing]
            await send(message)

        await self.app(scope, receive, sending)
