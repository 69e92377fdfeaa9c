"""docs/phone.md runs as written: its nginx block, in a real nginx on 127.0.0.1, puts a real
core's phone pages under a prefix (the page, what it loads, its stream of the ticket), and its
[sms] examples are site files the core reads."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from harness.child import free_port
from queue_core.config import parse_site
from queue_core.domain.sms import SmsDriver, SmsSettings
from tests.queue_core.conftest import SMALL_SITE
from tests.support.server import CoreServer, running_core

DOC = (Path(__file__).parents[1] / "docs" / "phone.md").read_text(encoding="utf-8")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def nginx_block() -> str:
    found = re.search(r"<!-- nginx-example -->\n```nginx\n(.*?)```", DOC, re.S)
    assert found, "docs/phone.md lost its nginx example"
    return found.group(1)


@pytest.fixture
def gateway(tmp_path: Path) -> Iterator[tuple[CoreServer, str]]:
    public, listen = free_port(), free_port()
    with running_core(tmp_path, extra=["--public-port", str(public)]) as core:
        server = nginx_block().replace("listen 80;", f"listen 127.0.0.1:{listen};")
        server = server.replace("192.168.1.10:8480", f"127.0.0.1:{public}")
        conf = tmp_path / "nginx.conf"
        conf.write_text(
            f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
            f"http {{\naccess_log off;\n{server}}}\n"
        )
        nginx = subprocess.Popen([NGINX, "-p", str(tmp_path), "-c", str(conf), "-g", "daemon off;"])
        try:
            base = f"http://127.0.0.1:{listen}/hue"
            end = time.monotonic() + 20
            while time.monotonic() < end:
                try:
                    httpx.get(base + "/static/ticket.css", timeout=1)
                    break
                except httpx.TransportError:
                    time.sleep(0.05)
            yield core, base
        finally:
            nginx.terminate()
            nginx.wait(timeout=10)


def test_the_nginx_example_serves_the_page_under_its_prefix(
    gateway: tuple[CoreServer, str],
) -> None:
    core, base = gateway
    kiosk = {"Authorization": f"Bearer {core.pair_device('kiosk')}"}
    ticket = httpx.post(
        core.base_url + "/api/v1/tickets", json={"service": "lltp"}, headers=kiosk
    ).json()
    page = httpx.get(f"{base}/t/{ticket['public_token']}")
    assert page.status_code == 200 and ticket["number"] in page.text
    for relative in re.findall(r'(?:href|src)="([^"]+)"', page.text):
        loaded = httpx.get(page.url.join(relative))
        assert loaded.status_code == 200, (relative, loaded.url)
        assert str(loaded.url).startswith(base + "/static/")
    supervisor = {"Authorization": f"Bearer {core.login('boss', '999999', None)}"}
    with httpx.stream("GET", f"{base}/t/{ticket['public_token']}/events", timeout=30) as stream:
        assert stream.status_code == 200
        lines = stream.iter_lines()
        assert next(line for line in lines if line.startswith("event: ")) == "event: ticket"
        for step in ("open", "next"):
            httpx.post(f"{core.base_url}/api/v1/counters/1/{step}", headers=supervisor)
        data = (line for line in lines if line.startswith("data: "))
        next(data)  # the ticket as the page opened
        assert '"status": "called"' in next(data)  # pushed through nginx as it happened
    poll = httpx.get(f"{base}/api/v1/tickets/{ticket['id']}", params={"t": ticket["public_token"]})
    assert poll.status_code == 200
    assert httpx.get(f"{base}/api/v1/board").status_code == 404  # nothing else of the core


def test_the_sms_examples_are_site_files_the_core_reads() -> None:
    blocks = re.findall(r"```toml\n(\[sms\].*?)```", DOC, re.S)
    assert len(blocks) == 3
    drivers = []
    for block in blocks:
        site, _ = parse_site(SMALL_SITE + "\n" + block, "centre.toml")
        settings = site.extra["sms"]
        assert isinstance(settings, SmsSettings)
        drivers.append(settings.driver)
    assert drivers == [SmsDriver.MODEM, SmsDriver.GATEWAY, SmsDriver.MODEM]
