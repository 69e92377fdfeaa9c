"""The GSM modem through a real pseudo-terminal, the far end a modem answering AT commands."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from harness.gsm_modem import FakeModem
from sms import Alphabet, GsmModem, SmsError, SmsErrorKind

TEXT = "Số 1004 sắp đến lượt: còn 3 người trước anh/chị. Mời đến Quầy 5."


@pytest.fixture
def make_modem() -> Iterator[Callable[..., FakeModem]]:
    made: list[FakeModem] = []

    def make(**state: object) -> FakeModem:
        made.append(FakeModem(**state))  # type: ignore[arg-type]
        return made[-1]

    yield make
    for modem in made:
        modem.close()


def test_a_ready_modem_says_so(make_modem: Callable[..., FakeModem]) -> None:
    fake = make_modem()
    state = GsmModem(fake.path).check()
    assert state.signal == 18 and state.registered == "home"
    assert fake.commands[:2] == ["AT", "ATE0"]


def test_vietnamese_goes_whole_as_ucs2(make_modem: Callable[..., FakeModem]) -> None:
    fake = make_modem()
    references = GsmModem(fake.path).send("0912345678", TEXT)
    assert references == [1]
    (sent,) = fake.wait_sent(1)
    assert (sent.phone, sent.text, sent.charset) == ("0912345678", TEXT, "UCS2")
    assert "AT+CSMP=17,167,0,8" in fake.commands


def test_plain_sends_without_marks_in_fewer_parts(make_modem: Callable[..., FakeModem]) -> None:
    fake = make_modem()
    long = f"{TEXT} {TEXT}"
    modem = GsmModem(fake.path, alphabet=Alphabet.PLAIN)
    assert modem.send("+84912345678", long) == [1]  # 130 letters: one plain message
    assert fake.wait_sent(1)[0].text.startswith("So 1004 sap den luot: con 3 nguoi truoc")
    ucs2 = GsmModem(fake.path).send("+84912345678", long)
    assert len(ucs2) == 2  # the same in UCS-2: two parts of at most 70
    parts = [s.text for s in fake.wait_sent(3)[1:]]
    assert parts[0].startswith("(1/2) Số 1004") and parts[1].startswith("(2/2) ")
    assert all(len(p) <= 70 for p in parts)


@pytest.mark.parametrize(
    ("state", "kind"),
    [
        ({"sim": "missing"}, SmsErrorKind.NO_SIM),
        ({"sim": "SIM PIN"}, SmsErrorKind.SIM_LOCKED),
        ({"network": "0"}, SmsErrorKind.NO_NETWORK),
        ({"silent": True}, SmsErrorKind.NO_MODEM),
    ],
)
def test_what_stops_a_modem_is_named_and_nothing_is_sent(
    make_modem: Callable[..., FakeModem], state: dict[str, object], kind: SmsErrorKind
) -> None:
    fake = make_modem(**state)
    modem = GsmModem(fake.path, answer_s=1.0)
    with pytest.raises(SmsError) as raised:
        modem.send("0912345678", TEXT)
    assert raised.value.kind is kind and raised.value.kind.lasting
    assert fake.sent == []


def test_a_refused_message_says_why(make_modem: Callable[..., FakeModem]) -> None:
    fake = make_modem(refuse="330")
    with pytest.raises(SmsError) as raised:
        GsmModem(fake.path).send("0912345678", TEXT)
    assert raised.value.kind is SmsErrorKind.REFUSED and not raised.value.kind.lasting
    assert "330" in raised.value.message and "AT+CSCA" in raised.value.message


def test_no_port_is_no_modem() -> None:
    with pytest.raises(SmsError) as raised:
        GsmModem("/dev/nonexistent-modem").check()
    assert raised.value.kind is SmsErrorKind.NO_MODEM


def test_received_messages_are_read_and_deleted(make_modem: Callable[..., FakeModem]) -> None:
    fake = make_modem()
    fake.receive("+84912345678", "LUOT KS")
    fake.receive("0987654321", "luot 1004 đâu rồi")
    modem = GsmModem(fake.path)
    got = modem.received()
    assert [(m.sender, m.text) for m in got] == [
        ("+84912345678", "LUOT KS"),
        ("0987654321", "luot 1004 đâu rồi"),
    ]
    assert modem.received() == []
