"""Request bodies as pydantic models: input checked at the edge, before anything runs."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from queue_core.domain import Position, PriorityKind


def _plain_text(value: str) -> str:
    """Refuse text SQLite or JSON cannot carry: lone surrogates and control characters."""
    if any(0xD800 <= ord(c) <= 0xDFFF or (ord(c) < 32 and c not in "\t\n") for c in value):
        raise ValueError("contains characters that are not text")
    return value


Text = Annotated[str, AfterValidator(_plain_text)]
Id = Annotated[Text, Field(min_length=1, max_length=64)]


class Body(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


class PairRequest(Body):
    code: Annotated[
        str, Field(pattern=r"^[0-9]{6}$", description="the six digits `luot-core pair` printed")
    ]
    name: Annotated[Text, Field(max_length=80)] | None = None


class SessionRequest(Body):
    username: Id
    pin: Annotated[str, Field(pattern=r"^[0-9]{4,12}$")]
    counter: Annotated[int, Field(ge=1, le=9999)] | None = Field(
        default=None, description="the counter the clerk works at (a supervisor may omit it)"
    )


class IssueRequest(Body):
    service: Id
    priority: bool = False
    priority_kind: PriorityKind | None = None
    channel: Annotated[str, Field(pattern=r"^[a-z_]{1,16}$")] = "kiosk"
    lang: Literal["vi", "en"] = "vi"


class CallRequest(Body):
    ticket: Annotated[int, Field(ge=1, le=2**53)]
    reason: Annotated[Text, Field(min_length=1, max_length=200)]


class TransferRequest(Body):
    service: Id | None = None
    counter: Annotated[int, Field(ge=1, le=9999)] | None = None
    position: Position = Position.FRONT

    @model_validator(mode="after")
    def _one_target(self) -> TransferRequest:
        if (self.service is None) == (self.counter is None):
            raise ValueError("give either a service or a counter to transfer to")
        return self


class RatingRequest(Body):
    score: Annotated[int, Field(ge=1, le=10)]
    reason: Annotated[Text, Field(max_length=200)] | None = None


class HeartbeatRequest(Body):
    version: Annotated[Text, Field(max_length=40)] | None = None
    uptime_seconds: Annotated[int, Field(ge=0, le=10**9)] | None = None
    printer: Annotated[Text, Field(max_length=200)] | None = Field(
        default=None, description="the printer's status, e.g. `ok`, `paper_out`, `offline`"
    )
