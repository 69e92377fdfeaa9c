"""How deeply a JSON request body may nest: counted at the edge, before anything parses it."""

from __future__ import annotations

import re

from starlette.types import Scope

MAX_JSON_DEPTH = 32
"""Arrays and objects inside one another, at most. The contract's bodies nest three deep;
Python's parser, past its recursion limit (about a thousand), raises RecursionError instead of
saying the body is bad, so a body deeper than this is refused (400 ``invalid_json``) unread."""

TOO_DEEP_MESSAGE = f"The body is nested deeper than {MAX_JSON_DEPTH} levels."

_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(rb"[][{}]")
_WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def too_deep(body: bytes) -> bool:
    """Whether ``body``, read as JSON, opens more than MAX_JSON_DEPTH arrays or objects inside
    one another. Brackets in strings are text; a body that is not JSON at all is counted alike
    (the parser will refuse it for what it is if it is not too deep)."""
    # The usual body (an issue: one object) is settled by two counts in C.
    if body.count(b"[") + body.count(b"{") <= MAX_JSON_DEPTH:
        return False
    depth = 0
    for bracket in _BRACKET.findall(_STRING.sub(b"", body)):
        if bracket in (b"[", b"{"):
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return True
        else:
            depth = max(0, depth - 1)
    return False


def is_json(scope: Scope) -> bool:
    """The request's body will be read as JSON: a write that says its body is
    ``application/json`` (or a ``+json`` type), or says nothing, as FastAPI reads that too."""
    if scope["method"] not in _WRITES:
        return False
    for name, value in scope["headers"]:
        if name == b"content-type":
            kind = value.split(b";")[0].strip().lower()
            return bool(kind == b"application/json" or kind.endswith(b"+json"))
    return True
