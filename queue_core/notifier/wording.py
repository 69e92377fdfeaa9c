"""The words of a text to a citizen's phone, in Vietnamese or English: short, so that one fits
one message in UCS-2 (70 letters) whenever it can."""

from __future__ import annotations

from queue_core.domain.remote import Unchecked
from queue_core.domain.sms import SmsKind
from queue_core.domain.waitrange import SHORT_WAIT, WaitRange

__all__ = ["CHECK_IN", "REPLIES", "text_of", "wait_words"]

WORDS: dict[str, dict[str, str]] = {
    "vi": {
        "near": "Lượt: vé {number} còn {ahead} người phía trước. Mời quay lại sảnh chờ.",
        "next": "Lượt: vé {number} sắp được gọi. Mời quay lại sảnh chờ ngay.",
        "called": "Lượt: mời vé {number} đến Quầy {counter}.",
        "check_in": " Nhớ nhập mã {code} ở ki-ốt (Tôi có lịch hẹn).",
        "passed": "Lượt: vé {number} đã qua lượt vì chưa nhập mã ở ki-ốt. Mời lấy số mới.",
    },
    "en": {
        "near": "Lượt: ticket {number}, {ahead} ahead of you. Please come back to the hall.",
        "next": "Lượt: ticket {number} is next. Please come back to the hall now.",
        "called": "Lượt: ticket {number}, please go to counter {counter}.",
        "check_in": " Remember to enter code {code} at the kiosk (I have an appointment).",
        "passed": "Lượt: ticket {number} passed: not checked in at the kiosk. Take a new one.",
    },
}


def text_of(
    kind: SmsKind, lang: str, number: str, ahead: int, counter: int | None, code: str = ""
) -> str:
    """``code``: the check-in code of a number taken by text whose holder has not checked in
    yet, recalled near the turn (without it the turn passes them by)."""
    words = WORDS.get(lang, WORDS["vi"])
    key = "next" if kind is SmsKind.NEAR and ahead == 0 else kind.value
    said = words[key].format(number=number, ahead=ahead, counter=counter or "")
    if code and kind is SmsKind.NEAR:
        said += words["check_in"].format(code=code)
    return said


REPLIES = {
    "took": "Lượt: số {number}, còn {ahead} người trước, chờ {wait}.",
    "waiting": "Lượt: số {number} còn {ahead} người trước, chờ {wait}.",
    "called": "Lượt: số {number} đang được mời đến Quầy {counter}.",
    "over": "Lượt: số {number} đã kết thúc lượt hôm nay.",
    "unknown": "Lượt: hôm nay không có số {number}.",
    "off": "Lượt: trung tâm không cấp số qua tin nhắn. Mời lấy số tại ki-ốt.",
    "cap": "Lượt: mỗi số điện thoại lấy tối đa {cap} số qua tin nhắn một ngày.",
    "refused": "Lượt: dịch vụ này hiện không nhận số. Mời hỏi tại trung tâm.",
    "help": "Lượt: nhắn {keyword} <mã dịch vụ> để lấy số (ví dụ {keyword} {example}), "
    "{keyword} <số> để xem lượt.",
}
"""The answers to a citizen's text to the modem (Vietnamese: the phone is in Vietnam)."""

CHECK_IN = {
    Unchecked.NO_SHOW: " Đến nơi, nhập mã {code} ở ki-ốt (Tôi có lịch hẹn); đến lượt mà chưa "
    "nhập là vắng mặt.",
    Unchecked.SKIP: " Đến nơi, nhập mã {code} ở ki-ốt (Tôi có lịch hẹn); số chỉ được gọi sau "
    "khi nhập mã.",
}
"""What follows ``took``: the code that checks the holder in, and the site's rule for a turn
that comes before they do."""


def wait_words(wait: WaitRange) -> str:
    """The wait as a text says it: "dưới 5 phút", or "20–35 phút"."""
    return f"dưới {SHORT_WAIT} phút" if wait.short else f"{wait.low}–{wait.high} phút"
