"""The words of a text to a citizen's phone, in Vietnamese or English: short, so that one fits
one message in UCS-2 (70 letters) whenever it can."""

from __future__ import annotations

from queue_core.domain.sms import SmsKind

__all__ = ["text_of"]

WORDS: dict[str, dict[str, str]] = {
    "vi": {
        "near": "Lượt: vé {number} còn {ahead} người phía trước. Mời quay lại sảnh chờ.",
        "next": "Lượt: vé {number} sắp được gọi. Mời quay lại sảnh chờ ngay.",
        "called": "Lượt: mời vé {number} đến Quầy {counter}.",
    },
    "en": {
        "near": "Lượt: ticket {number}, {ahead} ahead of you. Please come back to the hall.",
        "next": "Lượt: ticket {number} is next. Please come back to the hall now.",
        "called": "Lượt: ticket {number}, please go to counter {counter}.",
    },
}


def text_of(kind: SmsKind, lang: str, number: str, ahead: int, counter: int | None) -> str:
    words = WORDS.get(lang, WORDS["vi"])
    key = "next" if kind is SmsKind.NEAR and ahead == 0 else kind.value
    return words[key].format(number=number, ahead=ahead, counter=counter or "")
