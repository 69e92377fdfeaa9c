"""An HTTP SMS gateway (a provincial provider): one JSON request per message, built from the
site file's template, and its answer checked against what the template calls success."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from sms.errors import SmsError, SmsErrorKind
from sms.text import Alphabet, message_parts, plain

__all__ = ["GatewayTemplate", "HttpGateway"]

PLACES = ("{phone}", "{text}")


@dataclass(frozen=True)
class GatewayTemplate:
    """How the provider wants a message: the JSON ``body`` in which every string may hold
    ``{phone}`` and ``{text}`` (filled in as JSON strings, so a quote in a message cannot break
    it), the ``headers`` (its key), and success: a 2xx answer and, when ``ok_field`` is set,
    that field of its JSON answer (a dotted path) equal to ``ok_value``."""

    body: Mapping[str, Any]
    headers: Mapping[str, str] = field(default_factory=dict)
    ok_field: str | None = None
    ok_value: Any = None

    def __post_init__(self) -> None:
        if "{text}" not in json.dumps(self.body, ensure_ascii=False):
            raise SmsError(SmsErrorKind.CONFIG, "the gateway's body template has no {text}")

    def filled(self, phone: str, text: str) -> Any:
        return _fill(self.body, {"{phone}": phone, "{text}": text})

    def succeeded(self, answer: Any) -> bool:
        if self.ok_field is None:
            return True
        value = answer
        for key in self.ok_field.split("."):
            if not isinstance(value, Mapping) or key not in value:
                return False
            value = value[key]
        return bool(value == self.ok_value)


def _fill(node: Any, values: Mapping[str, str]) -> Any:
    if isinstance(node, str):
        for place, value in values.items():
            node = node.replace(place, value)
        return node
    if isinstance(node, Mapping):
        return {key: _fill(value, values) for key, value in node.items()}
    if isinstance(node, list):
        return [_fill(value, values) for value in node]
    return node


class HttpGateway:
    """Sends through the provider at ``url`` (blocking: the notifier's own thread calls it)."""

    def __init__(
        self,
        url: str,
        template: GatewayTemplate,
        *,
        alphabet: Alphabet = Alphabet.UCS2,
        timeout_s: float = 10.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        if not url.startswith(("https://", "http://")):
            raise SmsError(SmsErrorKind.CONFIG, f"the gateway's URL {url!r} is not http(s)://")
        self.url, self.template, self.alphabet = url, template, alphabet
        self._client = httpx.Client(timeout=timeout_s, transport=transport)

    def check(self) -> None:
        """Nothing to ask a gateway ahead of a message: its health is its last answer."""

    def send(self, phone: str, text: str) -> list[int]:
        """Send ``text`` to ``phone`` (in parts when long, as a modem would); 0 for each part
        (the provider's references are its own). SmsError when a part is refused."""
        letters = plain(text) if self.alphabet is Alphabet.PLAIN else text
        parts = message_parts(letters, self.alphabet)
        for part in parts:
            self._post(phone, part)
        return [0] * len(parts)

    def _post(self, phone: str, text: str) -> None:
        try:
            body = self.template.filled(phone, text)
            answer = self._client.post(self.url, json=body, headers=dict(self.template.headers))
        except httpx.TimeoutException as exc:
            late = f"the gateway did not answer in time: {exc}"
            raise SmsError(SmsErrorKind.TIMEOUT, late) from None
        except httpx.HTTPError as exc:
            raise SmsError(SmsErrorKind.GATEWAY_UNREACHABLE, f"{self.url}: {exc}") from None
        if not answer.is_success:
            raise SmsError(
                SmsErrorKind.GATEWAY_REFUSED, f"HTTP {answer.status_code}: {answer.text[:200]}"
            )
        try:
            said = answer.json() if self.template.ok_field else None
        except ValueError:
            said = None
        if not self.template.succeeded(said):
            raise SmsError(
                SmsErrorKind.GATEWAY_REFUSED,
                f"{self.template.ok_field} is not {self.template.ok_value!r}: {answer.text[:200]}",
            )

    def close(self) -> None:
        self._client.close()
