"""luot-print: status, test-page and preview against preview://; errors exit 2 on one line."""

from __future__ import annotations

import json

import pytest
from PIL import Image

from printers import PrintableTicket, render_ticket
from printers.cli import main
from tests.printers.samples import SITE, ticket_json


@pytest.fixture
def ticket_file(tmp_path):
    path = tmp_path / "ticket.json"
    path.write_text(json.dumps(ticket_json(), ensure_ascii=False), encoding="utf-8")
    return path


def test_status(tmp_path, capsys):
    assert main(["--printer", f"preview://{tmp_path}", "status"]) == 0
    assert capsys.readouterr().out.startswith("Sẵn sàng")


def test_status_of_an_unreachable_printer_exits_1(capsys):
    assert main(["--printer", "file:///nonexistent/lp0", "--lang", "en", "status"]) == 1
    assert capsys.readouterr().out.startswith("Cannot print: Printer not found")


def test_test_page(tmp_path, capsys):
    assert main(["--printer", f"preview://{tmp_path}?width=384", "test-page"]) == 0
    with Image.open(tmp_path / "test-page.png") as image:
        assert image.width == 384
    assert (tmp_path / "test-page.escpos").read_bytes().startswith(b"\x1b@")


def test_preview(tmp_path, ticket_file, capsys):
    out = tmp_path / "t.png"
    argv = ["--printer", f"preview://{tmp_path}?width=384", "preview", str(ticket_file)]
    site = ["--centre", SITE.centre_name, "--base-url", SITE.public_base_url]
    site += ["--footer", SITE.footer or ""]
    assert main([*argv, "--out", str(out), *site]) == 0
    assert str(out) in capsys.readouterr().out
    expected = render_ticket(PrintableTicket.from_api(ticket_json()), SITE, 384)
    with Image.open(out) as image:
        assert image.tobytes() == expected.tobytes()


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--printer", "bogus://x", "status"], "config:"),
        (["--printer", "tcp://h?width=100", "test-page"], "width 100"),
        (["status"], "no printer"),
        (["preview", "/nonexistent/t.json"], "cannot read"),
    ],
)
def test_errors_exit_2_with_one_line(argv, words, capsys, monkeypatch):
    monkeypatch.delenv("LUOT_PRINTER", raising=False)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("luot-print: ") and words in err


def test_a_broken_ticket_file_exits_2(tmp_path, capsys):
    path = tmp_path / "t.json"
    path.write_text(json.dumps(ticket_json(issued_at="09:41")), encoding="utf-8")
    assert main(["preview", str(path), "--out", str(tmp_path / "x.png")]) == 2
    assert "issued_at" in capsys.readouterr().err
    path.write_text("{not json", encoding="utf-8")
    assert main(["preview", str(path)]) == 2
