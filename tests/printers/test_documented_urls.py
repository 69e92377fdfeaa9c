"""Every printer URL the README and docs/*.md write is one the printer code takes.

A URL is found by its scheme (the schemes of ``printers.address.Transport``) anywhere in the
text: prose, code spans, code blocks. Each one is given to ``TicketPrinter``, which parses it
(``PrinterAddress.parse``: scheme, target, option names) and reads its values (numbers,
flags, profile, width) without opening anything. The ``serial://`` URLs of docs/counter.md
are the LED line display's, not a printer's: they go through the LED display's own parser
(``counter_display.led.LedSettings.from_url``) instead.

A capital placeholder for the whole path (``serial://PATH?…``) stands for an absolute
path, and is read as one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from counter_display.led import LedError, LedSettings
from printers import PrinterAddress, PrinterError, TicketPrinter, Transport

ROOT = Path(__file__).resolve().parents[2]
DOCS = (ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")))
LED_DOCS = {"docs/counter.md"}
"""The docs whose ``serial://`` URLs are the LED line display's."""

_SCHEMES = "|".join(t.value for t in Transport)
# A URL ends where Markdown or prose ends it: space, backtick, quote, bracket, a table's |.
URL = re.compile(rf"(?<![\w.+-])(?:{_SCHEMES})://[^\s`'\"<>|()\[\]]+")
_PLACEHOLDER = re.compile(r"^(serial|file|preview)://(?=[A-Z]+(?:\?|$))")

MIN_PRINTER_URLS = 10
"""The docs write a dozen printer URLs; fewer found means the search broke, not the docs."""
MIN_LED_URLS = 2

Parser = Callable[[str], object]


def urls(text: str) -> list[str]:
    """The URLs of ``text`` with one of the printers' schemes, in order (a scheme named
    alone, as in "one of serial://, tcp://", is no URL)."""
    found = (match.group().rstrip(".,;:") for match in URL.finditer(text))
    return [_PLACEHOLDER.sub(r"\1:///", url) for url in found if not url.endswith("://")]


def documented() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(printer URLs, LED display URLs), each as (document, URL)."""
    printers: list[tuple[str, str]] = []
    leds: list[tuple[str, str]] = []
    for path in DOCS:
        name = path.relative_to(ROOT).as_posix()
        for url in urls(path.read_text(encoding="utf-8")):
            led = name in LED_DOCS and url.startswith("serial://")
            (leds if led else printers).append((name, url))
    return printers, leds


def refused(found: list[tuple[str, str]], parse: Parser) -> list[str]:
    """``document: URL: why`` for each URL that ``parse`` refuses."""
    problems = []
    for name, url in found:
        try:
            parse(url)
        except (PrinterError, LedError) as exc:
            problems.append(f"{name}: {url}: {exc}")
    return problems


PRINTER_URLS, LED_URLS = documented()


def test_every_printer_url_in_the_docs_is_taken() -> None:
    assert refused(PRINTER_URLS, TicketPrinter) == []


def test_every_led_display_url_in_the_docs_is_taken() -> None:
    assert refused(LED_URLS, LedSettings.from_url) == []


def test_the_search_finds_the_urls_and_every_scheme() -> None:
    assert len(PRINTER_URLS) >= MIN_PRINTER_URLS, PRINTER_URLS
    assert len(LED_URLS) >= MIN_LED_URLS, LED_URLS
    schemes = {Transport(url.partition(":")[0]) for _, url in PRINTER_URLS}
    assert schemes == set(Transport), f"no documented URL for {set(Transport) - schemes}"


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("`serial:///dev/ttyUSB0?baud=19200`,", "'baud'"),  # what docs/kiosk.md said
        ("`serial:///dev/ttyUSB1?baudrate=9600&framing=stx`", "'framing'"),  # an LED's
        ("(`usb://04b8`)", "vendor:product"),
        ("| `tcp://printer:ninety` |", "host and a port"),
        ("`preview:///tmp?width=wide`.", "whole number"),
    ],
)
def test_a_wrong_url_in_the_docs_fails_the_test(text: str, named: str) -> None:
    problems = refused([("doc.md", url) for url in urls(text)], TicketPrinter)
    assert len(problems) == 1 and named in problems[0], problems


def test_a_wrong_led_display_url_in_the_docs_fails_the_test() -> None:
    problems = refused(
        [("docs/counter.md", "serial:///dev/ttyUSB1?baud=9600")], LedSettings.from_url
    )
    assert len(problems) == 1 and "baud" in problems[0], problems


def test_the_search_reads_urls_as_the_docs_write_them() -> None:
    text = (
        "print to preview://var/tickets (a PNG) or `tcp://192.168.1.50:9100`, "
        '`serial://PATH?baudrate=9600&framing=line|stx`; TicketPrinter("file:///dev/usb/lp0") '
        "and a `serial://` URL, one of serial://, tcp://."
    )
    assert urls(text) == [
        "preview://var/tickets",
        "tcp://192.168.1.50:9100",
        "serial:///PATH?baudrate=9600&framing=line",
        "file:///dev/usb/lp0",
    ]


def test_the_refusal_printing_md_shows_is_the_one_the_parser_gives() -> None:
    text = (ROOT / "docs" / "printing.md").read_text(encoding="utf-8")
    shown = re.search(r"--printer (\S+) status\nluot-print: config: ([^\n…]+)…", text)
    assert shown, "docs/printing.md no longer shows a refused printer URL"
    with pytest.raises(PrinterError) as refusal:
        PrinterAddress.parse(shown[1])
    assert refusal.value.message_vi.startswith(shown[2])
