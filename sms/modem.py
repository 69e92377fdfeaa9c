"""A USB GSM modem on a serial port, spoken to in AT commands (3GPP TS 27.005 text mode): is it
ready (SIM, network, signal), send a message, read and delete the messages it received."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import serial

from sms.errors import SmsError, SmsErrorKind
from sms.text import Alphabet, from_ucs2_hex, message_parts, plain, to_ucs2_hex

__all__ = ["GsmModem", "Incoming", "ModemState"]

CTRL_Z = b"\x1a"
_FINAL = re.compile(r"^(OK|ERROR|\+CM[ES] ERROR: ?.*|NO CARRIER)$")
_LISTED = re.compile(r'^\+CMGL: (\d+),"([^"]*)","([^"]*)"')
_REFUSALS = {  # +CMS ERROR codes a technician may meet (TS 27.005 3.2.5)
    "38": "the network is out of order",
    "42": "the network is congested",
    "69": "the operator does not support this (the SIM's plan?)",
    "304": "the modem refused the message's format",
    "310": "no SIM card",
    "311": "the SIM asks for its PIN",
    "330": "the SIM's message centre number is unknown (AT+CSCA)",
    "331": "no network",
    "332": "the network did not answer in time",
    "500": "an unknown error in the modem",
}
_CPIN_LOCKED = ("SIM PIN", "SIM PUK", "PH-SIM PIN")


@dataclass(frozen=True)
class ModemState:
    """What ``check`` found: a modem ready to send."""

    signal: int | None
    """The received signal strength as the modem counts it (0-31; None: not known)."""
    registered: str
    """"home" or "roaming"."""


@dataclass(frozen=True)
class Incoming:
    """A message the modem holds."""

    index: int
    sender: str
    text: str


class GsmModem:
    """One modem on ``port`` (a device path such as /dev/ttyUSB2, or any pyserial URL). Opened
    for each use and closed after, so a modem pulled out and put back works again by itself."""

    def __init__(
        self,
        port: str,
        *,
        baudrate: int = 115200,
        alphabet: Alphabet = Alphabet.UCS2,
        answer_s: float = 5.0,
        send_s: float = 60.0,
    ) -> None:
        if baudrate <= 0:
            raise SmsError(SmsErrorKind.CONFIG, f"baudrate {baudrate} is not a speed")
        self.port, self.baudrate, self.alphabet = port, baudrate, alphabet
        self.answer_s, self.send_s = answer_s, send_s
        self._line: serial.SerialBase | None = None

    # --- what the notifier asks --------------------------------------------------------------

    def check(self) -> ModemState:
        """Whether the modem can send now: it answers, its SIM is in and unlocked, it is on a
        network. SmsError (a lasting kind) says what is wrong."""
        with self._session():
            return self._ready()

    def send(self, phone: str, text: str) -> list[int]:
        """Send ``text`` to ``phone``, cut into parts when long; the network's reference of
        each part. SmsError when the modem is not ready or refuses a part (parts before it
        went)."""
        letters = plain(text) if self.alphabet is Alphabet.PLAIN else text
        with self._session():
            self._ready()
            self._text_mode()
            return [self._send_one(phone, part) for part in message_parts(letters, self.alphabet)]

    def received(self) -> list[Incoming]:
        """Every message the modem holds, read and then deleted from it, oldest first."""
        with self._session():
            self._ready()
            self._text_mode()
            lines = self._command('AT+CMGL="ALL"')
            found: list[Incoming] = []
            for i, line in enumerate(lines):
                listed = _LISTED.match(line)
                if listed is None:
                    continue
                after = lines[i + 1] if i + 1 < len(lines) else ""
                body = "" if _LISTED.match(after) or _FINAL.match(after) else after
                sender, text = self._decoded(listed[3]), self._decoded(body)
                found.append(Incoming(int(listed[1]), sender, text))
            for message in found:
                self._command(f"AT+CMGD={message.index}")
            return found

    # --- the conversation --------------------------------------------------------------------

    @contextmanager
    def _session(self) -> Iterator[None]:
        """The port open for one conversation, closed after it whatever happens."""
        try:
            self._line = serial.serial_for_url(self.port, baudrate=self.baudrate, timeout=0.05)
        except (serial.SerialException, OSError, ValueError) as exc:
            raise SmsError(SmsErrorKind.NO_MODEM, f"{self.port}: {exc}") from None
        try:
            yield
        finally:
            line, self._line = self._line, None
            line.close()

    def _ready(self) -> ModemState:
        try:
            self._command("AT", retry=True)
        except SmsError as error:
            raise SmsError(SmsErrorKind.NO_MODEM, f"nothing answers AT on {self.port}") from error
        self._command("ATE0")  # no echo: what comes back is the modem's answer alone
        try:
            pin = self._command("AT+CPIN?")
        except SmsError as error:
            raise SmsError(SmsErrorKind.NO_SIM, f"the modem on {self.port} has no SIM card "
                           f"it can read ({error.message})") from error  # fmt: skip
        status = next((line for line in pin if line.startswith("+CPIN:")), "")
        if any(lock in status for lock in _CPIN_LOCKED):
            raise SmsError(SmsErrorKind.SIM_LOCKED, f"the SIM asks for its code ({status}): "
                           "unlock it in a phone and turn its PIN off")  # fmt: skip
        if "READY" not in status:
            raise SmsError(SmsErrorKind.NO_SIM, f"the modem says {status or 'nothing'} of its SIM")
        registered = self._registration()
        return ModemState(self._signal(), registered)

    def _registration(self) -> str:
        answer = " ".join(self._command("AT+CREG?"))
        match = re.search(r"\+CREG: ?\d+,(\d+)", answer)
        stat = match[1] if match else ""
        if stat == "1":
            return "home"
        if stat == "5":
            return "roaming"
        raise SmsError(SmsErrorKind.NO_NETWORK, f"the SIM is not on a network ({answer.strip()})")

    def _signal(self) -> int | None:
        match = re.search(r"\+CSQ: ?(\d+),", " ".join(self._command("AT+CSQ")))
        if match is None or match[1] == "99":
            return None
        return int(match[1])

    def _text_mode(self) -> None:
        self._command("AT+CMGF=1")
        if self.alphabet is Alphabet.UCS2:
            self._command('AT+CSCS="UCS2"')
            self._command("AT+CSMP=17,167,0,8")  # data coding scheme 8: UCS-2
        else:
            self._command('AT+CSCS="IRA"')
            self._command("AT+CSMP=17,167,0,0")

    def _encoded(self, text: str) -> str:
        return to_ucs2_hex(text) if self.alphabet is Alphabet.UCS2 else text

    def _decoded(self, text: str) -> str:
        return from_ucs2_hex(text) if self.alphabet is Alphabet.UCS2 else text

    def _send_one(self, phone: str, part: str) -> int:
        line = self._open()
        line.write(f'AT+CMGS="{self._encoded(phone)}"\r'.encode("ascii"))
        self._wait_for_prompt()
        line.write(self._encoded(part).encode("ascii", "replace") + CTRL_Z)
        answer = self._answer(self.send_s)
        final = answer[-1]
        if final.startswith("+CMS ERROR"):
            code = final.split(":", 1)[1].strip()
            why = _REFUSALS.get(code, "see the modem's manual")
            raise SmsError(SmsErrorKind.REFUSED, f"+CMS ERROR {code}: {why}")
        if final != "OK":
            raise SmsError(SmsErrorKind.REFUSED, f"the modem answered {final!r} to a message")
        reference = next((a for a in answer if a.startswith("+CMGS:")), "+CMGS: 0")
        return int(reference.split(":", 1)[1].strip() or 0)

    def _wait_for_prompt(self) -> None:
        line = self._open()
        deadline = time.monotonic() + self.answer_s
        seen = b""
        while time.monotonic() < deadline:
            seen += line.read(1)
            if seen.endswith(b"> "):
                return
            if seen.endswith(b"ERROR\r\n"):
                raise SmsError(SmsErrorKind.REFUSED, f"the modem refused the number: {seen!r}")
        raise SmsError(SmsErrorKind.TIMEOUT, "the modem did not ask for the message's text")

    def _command(self, command: str, *, retry: bool = False) -> list[str]:
        """Send one AT command; the lines of its answer, the final one last. SmsError on ERROR."""
        line = self._open()
        tries = 3 if retry else 1
        for attempt in range(tries):
            line.reset_input_buffer()
            line.write(command.encode("ascii") + b"\r")
            try:
                answer = self._answer(self.answer_s if not retry else self.answer_s / tries)
            except SmsError:
                if attempt + 1 == tries:
                    raise
                continue
            final = answer[-1]
            if final == "OK":
                return answer
            raise SmsError(SmsErrorKind.REFUSED, f"{command} -> {final}")
        raise AssertionError("unreachable")

    def _answer(self, within: float) -> list[str]:
        line = self._open()
        deadline = time.monotonic() + within
        lines: list[str] = []
        buffer = b""
        while time.monotonic() < deadline:
            buffer += line.read(256)
            *complete, buffer = buffer.split(b"\n")
            for raw in complete:
                text = raw.decode("ascii", "replace").strip()
                if not text:
                    continue
                lines.append(text)
                if _FINAL.match(text):
                    return lines
        raise SmsError(SmsErrorKind.TIMEOUT, f"the modem on {self.port} did not answer in "
                       f"{within:g} s")  # fmt: skip

    def _open(self) -> serial.SerialBase:
        if self._line is None:
            raise AssertionError("used outside a session")
        return self._line
