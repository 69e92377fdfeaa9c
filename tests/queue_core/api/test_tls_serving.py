"""`luot-core serve` speaks HTTPS and WSS on a LAN address and plain HTTP only on loopback or when
asked (loudly); a LAN address it cannot serve TLS on is refused; the citizens' pages alone on a
plain port of their own; the pairing answer names the certificate served."""

from __future__ import annotations

import argparse
import logging
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from harness.child import free_port, serve_command, stop, until_answering
from queue_core.cli import main
from queue_core.cli.serve import serving_tls
from queue_core.client.tls import Trust
from queue_core.store import Store
from queue_core.tls import CertFolder
from tests.queue_core.conftest import SMALL_SITE
from tests.support.server import CoreServer, running_core

ANY_ADDRESS = "0.0.0.0"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "luot.db"
    store = Store.open(path)
    try:
        store.import_site(SMALL_SITE, datetime.now(UTC))
    finally:
        store.close()
    return path


def options(host: str, *flags: str) -> argparse.Namespace:
    return argparse.Namespace(
        host=host, port=8470, tls="--tls" in flags, plain_http="--plain-http" in flags
    )


def test_loopback_is_plain_unless_tls_is_asked_for(
    db: Path, caplog: pytest.LogCaptureFixture
) -> None:
    args = options("127.0.0.1")
    args.db = str(db)
    assert serving_tls(args, "test-centre") is None
    args.tls = True
    with caplog.at_level(logging.WARNING, logger="luot.cli.serve"):
        folder = serving_tls(args, "test-centre")  # an installation from before TLS
    assert folder is not None and folder.current() is not None
    assert "no TLS certificate beside the database: made" in caplog.text


def test_a_lan_address_gets_tls_and_plain_http_only_when_asked_loudly(
    db: Path, caplog: pytest.LogCaptureFixture
) -> None:
    args = options(ANY_ADDRESS)
    args.db = str(db)
    with caplog.at_level(logging.WARNING, logger="luot.cli.serve"):
        folder = serving_tls(args, "test-centre")
        assert folder is not None and folder.folder == CertFolder.beside(db).folder
        caplog.clear()
        args.plain_http = True
        assert serving_tls(args, "test-centre") is None
    assert "SERVING PLAIN HTTP ON 0.0.0.0:8470" in caplog.text
    assert "unencrypted" in caplog.text


def test_a_lan_address_without_tls_is_refused_in_one_line(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    made, _ = CertFolder.beside(db).ensure("test-centre")
    made.path.write_text("damaged")
    port = str(free_port())
    assert main(["--db", str(db), "serve", "--host", ANY_ADDRESS, "--port", port]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "will not serve plain HTTP on 0.0.0.0 unless told to (--plain-http)" in err
    both = ["--db", str(db), "serve", "--tls", "--plain-http", "--port", port]
    assert main(both) == 2
    assert "opposite things" in capsys.readouterr().err
    assert main(["--db", str(db), "serve", "--public-proxy", "10.0.0.1"]) == 2
    assert "give both" in capsys.readouterr().err


@pytest.mark.parametrize("plain", [False, True])
def test_serve_on_every_address_speaks_tls_or_says_it_does_not(
    db: Path, tmp_path: Path, plain: bool
) -> None:
    """A real `serve --host 0.0.0.0`: HTTPS with the certificate it made (saying so), or plain
    HTTP with the loud warning when told to."""
    port = free_port()
    extra = ["--plain-http"] if plain else []
    command = serve_command(db, port, host=ANY_ADDRESS, extra=extra)
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    try:
        if plain:
            until_answering(process, f"http://127.0.0.1:{port}")
        else:
            url = f"https://127.0.0.1:{port}"
            until_answering(process, url, verify=False)  # its certificate is made as it starts
            made = CertFolder.beside(db).current()
            assert made is not None
            pinned = Trust((made.pem,)).context()
            assert httpx.get(url + "/api/v1/health", verify=pinned).status_code == 200
            with pytest.raises(httpx.TransportError):
                httpx.get(f"http://127.0.0.1:{port}/api/v1/health", trust_env=False)
    finally:
        stop(process)
    said = log.read_text()
    if plain:
        assert "SERVING PLAIN HTTP ON 0.0.0.0" in said
    else:
        assert "no TLS certificate beside the database: made" in said


def test_the_pairing_answer_names_the_certificate_or_none(
    tmp_path: Path, core_server: CoreServer
) -> None:
    plain = httpx.post(
        core_server.base_url + "/api/v1/pair",
        json={"code": core_server.pairing_code("kiosk"), "name": "K"},
    )
    assert plain.status_code == 201 and plain.json()["cert_sha256"] is None
    (tmp_path / "second").mkdir()
    with running_core(tmp_path / "second", tls=True) as core:
        made = core.certificates.current()
        answer = httpx.post(
            core.base_url + "/api/v1/pair",
            json={"code": core.pairing_code("kiosk"), "name": "K"},
            verify=core.verify(),
        )
        assert made is not None and answer.json()["cert_sha256"] == made.sha256


def test_the_citizens_pages_alone_on_a_plain_port(tmp_path: Path) -> None:
    public = free_port()
    with running_core(tmp_path, tls=True, extra=["--public-port", str(public)]) as core:
        kiosk = core.pair_device("kiosk")
        issued = httpx.post(
            core.base_url + "/api/v1/tickets",
            json={"service": "lltp"},
            headers={"Authorization": f"Bearer {kiosk}"},
            verify=core.verify(),
        )
        assert issued.status_code == 201, issued.text
        ticket = issued.json()
        plain = f"http://127.0.0.1:{public}"
        with httpx.Client(base_url=plain, trust_env=False) as phone:
            page = phone.get(f"/t/{ticket['public_token']}")
            assert page.status_code == 200 and ticket["number"] in page.text
            for loaded in ("/static/ticket.css", "/static/ticket.js", "/static/dossier.css",
                           "/static/fonts/be-vietnam-pro-700.woff"):  # fmt: skip
                assert phone.get(loaded).status_code == 200, loaded
            with phone.stream("GET", f"/t/{ticket['public_token']}/events") as pushed:
                assert pushed.status_code == 200  # the page's stream of its ticket is here too
                assert any(line.startswith("event: ticket") for line in pushed.iter_lines())
            poll = phone.get(
                f"/api/v1/tickets/{ticket['id']}", params={"t": ticket["public_token"]}
            )
            assert poll.status_code == 200 and poll.json()["number"] == ticket["number"]
            assert phone.get("/d/000.00.00.H00-000000-0000").status_code == 404  # a page, unknown
            booking = phone.get("/book")  # the booking page and its stylesheet are here too
            assert booking.status_code == 200 and "Đặt lịch hẹn" in booking.text
            assert phone.get("/book/book.css").status_code == 200
            hidden_ones = (
                "/api/v1/health",
                "/api/v1/board",
                "/console",
                "/api/v1/tls",
                "/api/v1/docs",
                "/api/v1/appointments",
                "/api/v1/bookings/ABC234",
            )
            for hidden in hidden_ones:
                refused = phone.get(hidden)
                assert refused.status_code == 404, hidden
                assert refused.json()["error"]["code"] == "not_found"
            without_token = phone.get(f"/api/v1/tickets/{ticket['id']}")
            assert without_token.status_code == 404
            pairing = phone.post("/api/v1/pair", json={"code": "123456", "name": "x"})
            assert pairing.status_code == 404
        with (
            pytest.raises(InvalidStatus),
            connect(f"ws://127.0.0.1:{public}/api/v1/events", proxy=None),
        ):
            pass
        # The core's own port is still TLS only.
        with pytest.raises(httpx.TransportError):
            httpx.get(core.base_url.replace("https", "http") + "/api/v1/health", trust_env=False)


def test_behind_the_provinces_proxy_each_phone_has_its_own_lookups(tmp_path: Path) -> None:
    """With --public-proxy, the public port counts the dossier lookups by the address the
    proxy names (X-Forwarded-For), believed from that proxy only."""
    public = free_port()
    extra = ["--public-port", str(public), "--public-proxy", "127.0.0.1"]
    with (
        running_core(tmp_path, extra=extra),
        httpx.Client(base_url=f"http://127.0.0.1:{public}", trust_env=False) as proxy,
    ):
        one, other = {"X-Forwarded-For": "203.0.113.7"}, {"X-Forwarded-For": "203.0.113.8"}
        answers = [proxy.get(f"/d/UNKNOWN-{n}", headers=one).status_code for n in range(31)]
        assert answers == [404] * 30 + [429]
        assert proxy.get("/d/UNKNOWN-x", headers=other).status_code == 404
