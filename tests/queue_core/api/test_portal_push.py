"""A portal pushes its bookings with a device token of its own (role ``portal``), paired as a
kiosk is: docs/appointments.md's two `curl` lines run as written against a real core (its
address and the code it made put in); a push without a token, or with a kiosk's, is refused in
the contract's shape and books nothing; the portal's token does nothing else."""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from queue_core.config import SAMPLE_SITE, load_site
from queue_core.domain.devices import DeviceState, device_state
from tests.support.server import CoreServer, running_core

DOC = (Path(__file__).parents[3] / "docs" / "appointments.md").read_text(encoding="utf-8")
FRIDAY = datetime(2026, 12, 4, 2, 0, tzinfo=UTC)  # 09:00 in Hà Nội
APPOINTMENTS = """
[appointments.services.stp-lltp]
windows = ["08:00-11:00", "14:00-16:30"]
slot_minutes = 15
walk_in_reserve = 0.5
"""


def sample_site_taking_bookings() -> str:
    site, text = load_site(SAMPLE_SITE)
    logo = str(site.extra["board"]["logo"])  # type: ignore[index]
    text = text.replace(f'logo = "{logo}"', f'logo = "{SAMPLE_SITE.parent / logo}"')
    return text if "[appointments" in text else text + APPOINTMENTS


@pytest.fixture(scope="module")
def core(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CoreServer]:
    directory = Path(tmp_path_factory.mktemp("portal"))
    with running_core(directory, sample_site_taking_bookings(), clock=(FRIDAY, 1.0)) as server:
        yield server


def read(core: CoreServer, sql: str) -> list[tuple[object, ...]]:
    store = core.store()
    try:
        return [tuple(row) for row in store.conn.execute(sql).fetchall()]
    finally:
        store.close()


def doc_commands() -> tuple[str, str, str]:
    """The doc's pairing code, and its two curl commands (continuation lines joined)."""
    block = re.search(r"```sh\n(# on the portal's side.*?)```", DOC, re.S)
    assert block, "docs/appointments.md lost the portal's curl lines"
    joined = block.group(1).replace("\\\n", " ")
    curls = [line.strip() for line in joined.splitlines() if line.strip().startswith("curl ")]
    code = re.search(r'"code": "(\d{6})"', joined)
    assert len(curls) == 2 and code
    return code.group(1), curls[0], curls[1]


def run(command: str, core: CoreServer, folder: Path, token: str = "") -> dict[str, object]:
    """A doc's curl line as written, the core's address in place of ``http://core:8470``."""
    line = command.replace("http://core:8470", core.base_url)
    env = {**os.environ, "LUOT_PORTAL_TOKEN": token}
    done = subprocess.run(
        ["bash", "-c", line + " -w '\\n%{http_code}'"],
        cwd=folder, env=env, capture_output=True, text=True, check=True, timeout=30,
    )  # fmt: skip
    body, _, status = done.stdout.rpartition("\n")
    return {"status": int(status), **json.loads(body)}


def test_the_docs_curl_lines_pair_the_portal_and_push(core: CoreServer, tmp_path: Path) -> None:
    doc_code, pair, push = doc_commands()
    code = core.pairing_code("portal", "Cổng DVC tỉnh", FRIDAY)
    paired = run(pair.replace(doc_code, code), core, tmp_path)
    assert paired["status"] == 201 and paired["role"] == "portal"
    example = re.search(r"bookings\.json: (\{.*?\]\})", DOC.replace("\n#  ", ""), re.S)
    assert example, "docs/appointments.md lost the example bookings.json"
    (tmp_path / "bookings.json").write_text(example.group(1), encoding="utf-8")
    pushed = run(push, core, tmp_path, str(paired["token"]))
    assert pushed["status"] == 201, pushed
    made = pushed["bookings"]
    assert isinstance(made, list) and made[0]["holder"] == "Nguyễn V*** A**"
    audit = (
        core.store()
        .conn.execute("SELECT actor FROM audit WHERE action = 'bookings.push'")
        .fetchall()
    )
    assert audit == [("device:Cổng DVC tỉnh",)]


def test_a_push_without_the_portals_token_is_refused_and_books_nothing(
    core: CoreServer,
) -> None:
    url = f"{core.base_url}/api/v1/bookings"
    rows = {"bookings": [{"service": "stp-lltp", "slot": "2026-12-07 09:00",
                          "name": "Trần Thị Bình", "id": "DVC-2"}]}  # fmt: skip
    nobody = httpx.post(url, json=rows)
    assert nobody.status_code == 401
    assert nobody.json()["error"]["code"] == "token_required"
    forged = httpx.post(url, json=rows, headers={"Authorization": "Bearer luot_d_forged"})
    assert forged.status_code == 401 and forged.json()["error"]["code"] == "invalid_token"
    kiosk = {"Authorization": f"Bearer {core.pair_device('kiosk', now=FRIDAY)}"}
    refused = httpx.post(url, json=rows, headers=kiosk)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "not_allowed"
    assert read(core, "SELECT count(*) FROM bookings WHERE external_id = 'DVC-2'") == [(0,)]


def test_the_portals_token_does_nothing_else(core: CoreServer) -> None:
    portal = {"Authorization": f"Bearer {core.pair_device('portal', now=FRIDAY)}"}
    ticket = httpx.post(f"{core.base_url}/api/v1/tickets", json={"service": "stp-lltp"},
                        headers=portal)  # fmt: skip
    assert ticket.status_code == 403
    check_in = httpx.post(f"{core.base_url}/api/v1/bookings/check-in", json={"code": "ABCDEF"},
                          headers=portal)  # fmt: skip
    assert check_in.status_code == 403
    assert httpx.get(f"{core.base_url}/api/v1/stats", headers=portal).status_code == 403


def test_a_portal_is_never_lost_for_its_silence() -> None:
    state = device_state("portal", FRIDAY, None, None, datetime(2027, 1, 1, tzinfo=UTC),
                         FRIDAY - FRIDAY.replace(hour=1), paperless=False)  # fmt: skip
    assert state is DeviceState.OK
    kiosk = device_state("kiosk", FRIDAY, None, None, datetime(2027, 1, 1, tzinfo=UTC),
                         FRIDAY - FRIDAY.replace(hour=1), paperless=False)  # fmt: skip
    assert kiosk is DeviceState.LOST
