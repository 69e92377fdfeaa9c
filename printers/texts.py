"""The words a printer shows to people: one catalogue per language, Vietnamese first."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["TEXTS", "Lang", "text"]


class Lang(StrEnum):
    """The language a ticket is printed for (the API's ``lang``)."""

    VI = "vi"
    EN = "en"


# A no-break space (\u00a0) keeps words on one line when a line must wrap.
_VI: dict[str, str] = {
    # ticket
    "number_label": "SỐ THỨ TỰ CỦA BẠN",
    "priority": "ƯU TIÊN",
    "appointment": "LỊCH HẸN {time}",
    "issued": "Lấy số lúc {time} ngày {date}",
    "ahead_none": "Không có ai đang chờ trước bạn",
    "ahead_one": "1 người đang chờ trước bạn",
    "ahead_many": "{n} người đang chờ trước bạn",
    "estimate_none": "Thời\u00a0gian\u00a0chờ\u00a0dự\u00a0kiến: dưới 1 phút",
    "estimate_one": "Thời\u00a0gian\u00a0chờ\u00a0dự\u00a0kiến: khoảng 1\u00a0phút",
    "estimate_many": "Thời\u00a0gian\u00a0chờ\u00a0dự\u00a0kiến: khoảng {m}\u00a0phút",
    "estimate_unknown": "Chưa ước tính được thời gian chờ",
    "estimate_range": "Thời\u00a0gian\u00a0chờ\u00a0dự\u00a0kiến: khoảng {low}–{high}\u00a0phút",
    "estimate_short": "Thời\u00a0gian\u00a0chờ\u00a0dự\u00a0kiến: dưới {m}\u00a0phút",
    "scan": "Quét mã để theo dõi lượt của bạn",
    "footer_default": "Vui lòng giữ phiếu và chú ý màn hình, loa gọi số.",
    # test page
    "test_title": "TRANG IN THỬ",
    "test_sample": "Tiếng Việt: Ắ Ằ Ẳ Ẵ Ặ ấ ầ ẩ ẫ ậ Ớ Ờ Ở Ỡ Ợ ứ ừ ử ữ ự đ Đ",
    "test_edges": "Khung viền phải thấy đủ bốn cạnh",
    # status
    "status_ready": "Sẵn sàng",
    "status_not_ready": "Không in được",
    "paper_ok": "giấy đủ",
    "paper_low": "giấy sắp hết",
    "paper_out": "hết giấy",
    "paper_unknown": "không rõ lượng giấy",
    "status_not_asked": "kết nối này không hỏi được trạng thái",
    # errors
    "err_unreachable": "Không kết nối được máy in ({detail}).",
    "err_not_found": "Không thấy máy in ({detail}). Kiểm tra cáp và nguồn.",
    "err_offline": "Máy in báo đang ngừng hoạt động.",
    "err_printer_error": "Máy in báo lỗi (kẹt dao cắt hoặc quá nhiệt). Tắt và bật lại máy in.",
    "err_paper_out": "Máy in hết giấy. Vui lòng thay cuộn giấy.",
    "err_cover_open": "Nắp máy in đang mở. Vui lòng đóng nắp.",
    "err_status_timeout": "Máy in không trả lời trong {seconds} giây.",
    "err_send_timeout": (
        "Máy in không nhận dữ liệu trong {seconds} giây; phiếu có thể chưa in xong. "
        "Kiểm tra máy in trước khi in lại."
    ),
    "err_send_failed": (
        "Gửi dữ liệu tới máy in bị lỗi ({detail}); phiếu có thể chưa in xong. "
        "Kiểm tra máy in trước khi in lại."
    ),
    "err_bad_answer": "Máy in trả lời lạ (0x{byte:02x}). Kiểm tra tốc độ baud và cấu hình.",
    "err_config": "Cấu hình máy in sai: {detail}",
    "err_usb_missing": "Chưa cài thư viện USB (pyusb) nên không in qua USB được.",
    "err_libusb_missing": "Chưa cài libusb (gói libusb-1.0-0) nên không in qua USB được.",
}

_EN: dict[str, str] = {
    "number_label": "YOUR NUMBER",
    "priority": "PRIORITY",
    "appointment": "BOOKED {time}",
    "issued": "Issued at {time} on {date}",
    "ahead_none": "Nobody is waiting ahead of you",
    "ahead_one": "1 person is waiting ahead of you",
    "ahead_many": "{n} people are waiting ahead of you",
    "estimate_none": "Estimated\u00a0wait: less than a minute",
    "estimate_one": "Estimated\u00a0wait: about 1\u00a0minute",
    "estimate_many": "Estimated\u00a0wait: about {m}\u00a0minutes",
    "estimate_unknown": "The waiting time is not estimated yet",
    "estimate_range": "Estimated\u00a0wait: about {low}–{high}\u00a0minutes",
    "estimate_short": "Estimated\u00a0wait: under {m}\u00a0minutes",
    "scan": "Scan to follow your turn on your phone",
    "footer_default": "Please keep this ticket and watch the screens for your number.",
    "test_title": "TEST PAGE",
    "test_sample": "Vietnamese: Ắ Ằ Ẳ Ẵ Ặ ấ ầ ẩ ẫ ậ Ớ Ờ Ở Ỡ Ợ ứ ừ ử ữ ự đ Đ",
    "test_edges": "All four sides of the frame must show",
    "status_ready": "Ready",
    "status_not_ready": "Cannot print",
    "paper_ok": "paper ok",
    "paper_low": "paper low",
    "paper_out": "paper out",
    "paper_unknown": "paper unknown",
    "status_not_asked": "this connection cannot ask for status",
    "err_unreachable": "Cannot reach the printer ({detail}).",
    "err_not_found": "Printer not found ({detail}). Check the cable and the power.",
    "err_offline": "The printer reports that it is offline.",
    "err_printer_error": (
        "The printer reports an error (cutter jam or overheating). Switch it off and on."
    ),
    "err_paper_out": "The printer is out of paper. Please load a new roll.",
    "err_cover_open": "The printer cover is open. Please close it.",
    "err_status_timeout": "The printer did not answer within {seconds} s.",
    "err_send_timeout": (
        "The printer took no data for {seconds} s; the ticket may be incomplete. "
        "Check the printer before printing again."
    ),
    "err_send_failed": (
        "Sending to the printer failed ({detail}); the ticket may be incomplete. "
        "Check the printer before printing again."
    ),
    "err_bad_answer": (
        "The printer gave an unexpected answer (0x{byte:02x}). Check the baud rate and settings."
    ),
    "err_config": "Printer settings are wrong: {detail}",
    "err_usb_missing": "The USB library (pyusb) is not installed, so USB printing is unavailable.",
    "err_libusb_missing": "libusb (package libusb-1.0-0) is not installed, so USB printing is "
    "unavailable.",
}

TEXTS: dict[Lang, dict[str, str]] = {Lang.VI: _VI, Lang.EN: _EN}


def text(lang: Lang, key: str, **values: object) -> str:
    """Return the catalogue text ``key`` in ``lang``, formatted with ``values``."""
    return TEXTS[lang][key].format(**values)
