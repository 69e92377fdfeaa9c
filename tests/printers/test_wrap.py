"""Word wrapping: no line wider than the paper, no word cut, long words shrunk to fit."""

from __future__ import annotations

import pytest

from printers.fonts import Weight, font, text_width, wrap, wrap_balanced
from tests.printers.samples import AGENCY, SERVICE

TEXTS = [
    SERVICE,
    AGENCY,
    "Đăng ký thường trú, tạm trú, xác nhận thông tin về cư trú cho công dân Việt Nam",
    "Chứng thực chữ ký trong các giấy tờ, văn bản (trừ bản dịch) bằng tiếng Việt",
    "Một từ-rất-dài-không-có-khoảng-trắng-nào-để-xuống-dòng-được-cả ở giữa câu",
]


def _ink_width(line: str, weight: Weight, size: int) -> int:
    left, _, right, _ = font(weight, size).getbbox(line, anchor="ls")
    return right - min(left, 0)


@pytest.mark.parametrize("wrapper", [wrap, wrap_balanced])
@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("max_width", [360, 540, 200])
@pytest.mark.parametrize("weight", [Weight.BOLD, Weight.REGULAR])
def test_no_line_too_wide_and_no_word_cut(wrapper, text, max_width, weight):
    size = 33 if max_width == 540 else 22
    lines = wrapper(text, weight, size, max_width)
    for line in lines:
        assert text_width(line.text, weight, line.size) <= max_width
        assert _ink_width(line.text, weight, line.size) <= max_width + 2
    words = [word for line in lines for word in line.text.split(" ")]
    assert words == text.split()  # the same words, whole, in order


def test_a_word_too_long_for_the_line_is_shrunk_not_cut():
    word = "Chứng-thực-hợp-đồng-giao-dịch-liên-quan-đến-bất-động-sản"
    lines = wrap(f"Thủ tục {word} nhanh", Weight.BOLD, 22, 200)
    long_line = next(line for line in lines if line.text == word)
    assert long_line.size < 22
    assert text_width(word, Weight.BOLD, long_line.size) <= 200
    assert [line.size for line in lines if line.text != word] == [22] * (len(lines) - 1)


def test_a_no_break_space_holds_words_together():
    lines = wrap("Thời gian chờ dự kiến: khoảng 35\u00a0phút", Weight.MEDIUM, 20, 230)
    assert any("35\u00a0phút" in line.text for line in lines)


def test_balanced_lines_keep_the_count_and_even_out():
    greedy = wrap(SERVICE, Weight.BOLD, 22, 360)
    balanced = wrap_balanced(SERVICE, Weight.BOLD, 22, 360)
    assert len(balanced) == len(greedy)
    widths = [text_width(line.text, Weight.BOLD, 22) for line in balanced]
    greedy_widths = [text_width(line.text, Weight.BOLD, 22) for line in greedy]
    assert max(widths) - min(widths) <= max(greedy_widths) - min(greedy_widths)
