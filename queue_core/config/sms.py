"""The site file's ``[sms]`` section: a modem's port or a gateway's address and template, the
letters, when citizens are told, the pace; checked whole, each problem named."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from queue_core.config.sections import Strict, province_url_problem
from queue_core.domain.remote import Unchecked
from queue_core.domain.sms import SmsDriver, SmsSettings


class SmsModel(Strict):
    driver: Literal["modem", "gateway"]
    port: str = ""
    baudrate: Annotated[int, Field(ge=300, le=921600)] = 115200
    url: str = ""
    body: dict[str, Any] = Field(default_factory=dict)
    headers: dict[str, str] = Field(default_factory=dict)
    ok_field: str = ""
    ok_value: Any = None
    alphabet: Literal["ucs2", "plain"] = "ucs2"
    near: Annotated[int, Field(ge=0, le=50)] = 3
    per_minute: Annotated[int, Field(ge=1, le=600)] = 20
    attempts: Annotated[int, Field(ge=1, le=10)] = 3
    remote_tickets: bool = False
    keyword: Annotated[str, Field(pattern=r"^[A-Za-z]{2,10}$")] = "LUOT"
    remote_per_phone: Annotated[int, Field(ge=1, le=20)] = 2
    remote_unchecked: Literal["no_show", "skip"] = "no_show"

    @model_validator(mode="after")
    def _driver_has_what_it_needs(self) -> SmsModel:
        if self.driver == "gateway" and self.remote_tickets:
            raise ValueError("remote_tickets needs a modem: a gateway receives no texts")
        if self.driver == "modem":
            if not self.port:
                raise ValueError('a modem needs its serial port: port = "/dev/ttyUSB2"')
            return self
        problem = province_url_problem(self.url) if self.url else "a gateway needs its url"
        if problem is not None:
            raise ValueError(problem)
        if "{text}" not in json.dumps(self.body, ensure_ascii=False):
            raise ValueError(
                "the gateway's body must hold {text} (and {phone}), e.g. "
                'body = { to = "{phone}", message = "{text}" }'
            )
        return self

    def to_domain(self) -> SmsSettings:
        return SmsSettings(
            SmsDriver(self.driver), self.port, self.baudrate, self.url, dict(self.body),
            dict(self.headers), self.ok_field, self.ok_value, self.alphabet, self.near,
            self.per_minute, self.attempts, self.remote_tickets, self.keyword,
            self.remote_per_phone, Unchecked(self.remote_unchecked),
        )  # fmt: skip
