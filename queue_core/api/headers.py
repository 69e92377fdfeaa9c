"""The headers every HTTP answer of the core carries: a Content-Security-Policy that names no
source outside the core, no type sniffing, no framing, the referrer kept in."""

from __future__ import annotations

from starlette.types import Message, Send

POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        # Swagger UI's stylesheet draws its icons as data: URLs
        "img-src 'self' data:",
        # 'self' takes in the WebSocket of the same host and port (the console's live pages)
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
"""No inline script or style anywhere (the pages load theirs from the core's own files) and
nothing from another origin: a script that got into a page could not run, nor call out."""

LOGO_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
"""The board logo's own policy: an SVG opened by itself runs no script and loads nothing, even
one the cleaning (config/logo.py) had missed; its inline styles may draw."""

HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
)
"""What an answer gets unless it set the header itself (the logo sets a stricter policy)."""


def with_headers(send: Send) -> Send:
    """``send``, adding HEADERS to the start of every answer that lacks them."""

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            have = {name.lower() for name, _value in message.get("headers", ())}
            missing = [header for header in HEADERS if header[0] not in have]
            if missing:
                message["headers"] = [*message.get("headers", ()), *missing]
        await send(message)

    return sending
