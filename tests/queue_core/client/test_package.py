"""The client's public surface, its dependencies, and `luot-core discover`."""

from __future__ import annotations

import importlib
import json
import pkgutil
import subprocess
import sys
import uuid

import pytest

import queue_core.client as client
import queue_core.client.models as models
from harness.child import free_port
from queue_core.cli import main
from queue_core.discovery import advertise_sync
from tests.queue_core.client.conftest import LOOPBACK


def test_all_lists_exactly_the_public_names() -> None:
    public = {name for name in vars(client) if not name.startswith("_")}
    modules = {"core", "errors", "events", "locate", "models", "tls"}
    assert set(client.__all__) == public - modules
    assert client.__all__ == sorted(client.__all__, key=ruff_order)


def ruff_order(name: str) -> tuple[int, str]:
    """ruff's order of ``__all__`` (RUF022): constants, then classes, then the rest."""
    return (0 if name.isupper() else 1 if name[0].isupper() else 2), name


def test_each_models_module_says_in_one_line_what_it_owns() -> None:
    names = [m.name for m in pkgutil.iter_modules(models.__path__, "queue_core.client.models.")]
    assert len(names) >= 8
    for name in ["queue_core.client.models", *names]:
        doc = importlib.import_module(name).__doc__
        assert doc and "\n" not in doc.strip(), name


def test_the_client_imports_no_store_no_api_and_no_qt() -> None:
    code = (
        "import sys, queue_core.client\n"
        "bad = [m for m in sys.modules if m.startswith(('queue_core.store', 'queue_core.api',"
        " 'PySide6', 'sqlite_utils', 'fastapi'))]\n"
        "print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_luot_core_discover_lists_the_cores_it_sees(capsys: pytest.CaptureFixture[str]) -> None:
    site, port = f"test-{uuid.uuid4().hex[:8]}", free_port()
    name = f"Trung tâm Phục vụ hành chính công {uuid.uuid4().hex[:4]}"
    args = ["discover", "--timeout", "2", "--site", site, "--interface", LOOPBACK[0]]
    with advertise_sync(site, name, port, interfaces=LOOPBACK):
        assert main([*args, "--json"]) == 0
        listed = json.loads(capsys.readouterr().out)
        assert main(args) == 0
        text = capsys.readouterr().out
    assert [(c["name"], c["site"], c["url"]) for c in listed] == [
        (name, site, f"http://127.0.0.1:{port}")
    ]
    assert listed[0]["txt"] == {"v": "1", "site": site, "api": "/api/v1"}
    assert name in text and site in text


def test_luot_core_discover_says_when_nothing_answers(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["discover", "--timeout", "0.3", "--site", "nobody", "--interface", LOOPBACK[0]]
    assert main(args) == 0
    assert "no core answered" in capsys.readouterr().out
