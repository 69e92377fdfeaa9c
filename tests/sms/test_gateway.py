"""The HTTP gateway against a listener on 127.0.0.1: the request its template builds, and each
way a provider says no."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from harness.child import free_port
from sms import Alphabet, GatewayTemplate, HttpGateway, SmsError, SmsErrorKind

TEMPLATE = GatewayTemplate(
    body={"brandname": "TTHCC", "message": {"to": "{phone}", "content": "{text}"}},
    headers={"Authorization": "Bearer k3y"},
    ok_field="result.code",
    ok_value=0,
)


class Provider:
    def __init__(self) -> None:
        self.requests: list[tuple[dict[str, str], Any]] = []
        self.answer: tuple[int, bytes] = (200, b'{"result": {"code": 0}}')
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers["Content-Length"])
                body = json.loads(self.rfile.read(length))
                provider.requests.append((dict(self.headers), body))
                status, data = provider.answer
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *_args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sms"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def provider() -> Iterator[Provider]:
    made = Provider()
    yield made
    made.server.shutdown()
    made.server.server_close()


def test_the_template_is_filled_and_the_key_sent(provider: Provider) -> None:
    gateway = HttpGateway(provider.url, TEMPLATE)
    text = 'Số 1004: mời đến "Quầy 5"'
    assert gateway.send("0912345678", text) == [0]
    ((headers, body),) = provider.requests
    assert headers["Authorization"] == "Bearer k3y"
    assert body == {"brandname": "TTHCC", "message": {"to": "0912345678", "content": text}}


def test_plain_is_sent_without_marks(provider: Provider) -> None:
    HttpGateway(provider.url, TEMPLATE, alphabet=Alphabet.PLAIN).send("0912345678", "Quầy 5")
    assert provider.requests[0][1]["message"]["content"] == "Quay 5"


@pytest.mark.parametrize(
    "answer",
    [(500, b"busy"), (200, b'{"result": {"code": 7, "msg": "no balance"}}'), (200, b"ok")],
)
def test_a_refusal_is_named(provider: Provider, answer: tuple[int, bytes]) -> None:
    provider.answer = answer
    with pytest.raises(SmsError) as raised:
        HttpGateway(provider.url, TEMPLATE).send("0912345678", "x")
    assert raised.value.kind is SmsErrorKind.GATEWAY_REFUSED
    assert answer[1].decode()[:20] in raised.value.message


def test_an_unreachable_gateway_is_named() -> None:
    gateway = HttpGateway(f"http://127.0.0.1:{free_port()}/sms", TEMPLATE, timeout_s=2)
    with pytest.raises(SmsError) as raised:
        gateway.send("0912345678", "x")
    assert raised.value.kind is SmsErrorKind.GATEWAY_UNREACHABLE


def test_a_template_without_the_text_or_a_bad_url_is_refused() -> None:
    with pytest.raises(SmsError) as raised:
        GatewayTemplate(body={"to": "{phone}"})
    assert raised.value.kind is SmsErrorKind.CONFIG
    with pytest.raises(SmsError):
        HttpGateway("ftp://x", TEMPLATE)
