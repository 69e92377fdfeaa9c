"""Text messages to and from citizens' phones: a GSM modem over serial (AT commands, text mode)
or a provincial HTTP gateway, behind one small interface; no queue, no clock of its own."""

from __future__ import annotations

from sms.errors import SmsError, SmsErrorKind
from sms.gateway import GatewayTemplate, HttpGateway
from sms.modem import GsmModem, Incoming, ModemState
from sms.text import Alphabet, from_ucs2_hex, message_parts, plain, to_ucs2_hex

__all__ = [
    "Alphabet",
    "GatewayTemplate",
    "GsmModem",
    "HttpGateway",
    "Incoming",
    "ModemState",
    "SmsError",
    "SmsErrorKind",
    "from_ucs2_hex",
    "message_parts",
    "plain",
    "to_ucs2_hex",
]
