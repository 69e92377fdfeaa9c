"""$LUOT_MDNS_INTERFACES keeps zeroconf where the demo hall puts it: a core advertised and looked
for with no interfaces named is found on loopback."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from zeroconf import InterfaceChoice

from harness.child import free_port
from queue_core.client import Via, discover
from queue_core.discovery import INTERFACES_ENV, advertise, default_interfaces


def test_the_variable_lists_addresses_else_every_interface(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(INTERFACES_ENV, " 127.0.0.1 ,")
    assert default_interfaces() == ["127.0.0.1"]
    monkeypatch.delenv(INTERFACES_ENV)
    assert default_interfaces() is InterfaceChoice.All


def test_a_core_advertised_on_loopback_is_found_there(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(INTERFACES_ENV, "127.0.0.1")
    site, port = f"demo-{uuid.uuid4().hex[:8]}", free_port()

    async def advertise_and_find() -> object:
        async with advertise(site, "Trung tâm demo", port, addresses=["127.0.0.1"]):
            return await discover(5.0, site)

    found = asyncio.run(advertise_and_find())
    assert found.via is Via.ZEROCONF  # type: ignore[attr-defined]
    assert found.url == f"http://127.0.0.1:{port}"  # type: ignore[attr-defined]
