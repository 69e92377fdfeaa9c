"""Printer URLs and the TicketPrinter settings they carry."""

from __future__ import annotations

import pytest

from printers import (
    FileConnection,
    PreviewConnection,
    PrinterAddress,
    PrinterError,
    PrinterErrorKind,
    SerialConnection,
    TcpConnection,
    TicketPrinter,
    Transport,
)


def test_each_scheme_makes_its_connection():
    serial = TicketPrinter("serial:///dev/ttyUSB0?baudrate=115200&rtscts=1").connection
    assert isinstance(serial, SerialConnection)
    assert (serial.port, serial.baudrate, serial.rtscts) == ("/dev/ttyUSB0", 115200, True)
    tcp = TicketPrinter("tcp://192.168.1.50").connection
    assert isinstance(tcp, TcpConnection) and (tcp.host, tcp.port) == ("192.168.1.50", 9100)
    assert isinstance(TicketPrinter("file:///dev/usb/lp0").connection, FileConnection)
    preview = TicketPrinter("preview://var/previews").connection
    assert isinstance(preview, PreviewConnection) and str(preview.directory) == "var/previews"


def test_width_and_profile_from_url_or_arguments():
    assert TicketPrinter("tcp://h:9100?width=384").width == 384
    assert TicketPrinter("tcp://h:9100", width=384).width == 384
    printer = TicketPrinter("tcp://h:9100?profile=TM-T88V")
    assert (printer.profile.name, printer.width) == ("TM-T88V", 512)
    assert PrinterAddress.parse("TCP://h:1").transport is Transport.TCP


@pytest.mark.parametrize(
    ("url", "kwargs", "words"),
    [
        ("lpt://1", {}, "must start with"),
        ("tcp://h:9100?widht=384", {}, "unknown option 'widht'"),
        ("tcp://h:port", {}, "host and a port"),
        ("tcp://:9100", {}, "host and a port"),
        ("usb://epson", {}, "vendor:product"),
        ("serial:///dev/ttyS0?baudrate=fast", {}, "whole number"),
        ("serial:///dev/ttyS0?rtscts=maybe", {}, "1 or 0"),
        ("serial://", {}, "names no device"),
        ("tcp://h?width=384", {"width": 576}, "in the URL but"),
        ("tcp://h", {"timeout": 5.0}, "at most 2"),
        ("tcp://h", {"profile": "Nope"}, "unknown printer profile"),
    ],
)
def test_bad_settings_are_config_errors(url, kwargs, words):
    with pytest.raises(PrinterError) as raised:
        TicketPrinter(url, **kwargs)
    assert raised.value.kind is PrinterErrorKind.CONFIG
    assert words in raised.value.message_en
    assert raised.value.message_vi.startswith("Cấu hình máy in sai")
