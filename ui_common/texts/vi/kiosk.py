"""The kiosk's words, in Vietnamese."""

TEXTS = {
    "kiosk_welcome": "Xin mời chọn lĩnh vực cần giải quyết",
    "kiosk_waiting": "{n} người đang chờ",
    "kiosk_estimate": "Chờ khoảng {minutes} phút",
    "kiosk_estimate_none": "Chờ dưới 1 phút",
    "kiosk_estimate_range": "Chờ khoảng {low}–{high} phút",
    "kiosk_estimate_short": "Chờ dưới {m} phút",
    "kiosk_search_button": "Tìm theo tên thủ tục",
    "kiosk_lookup_button": "Tra cứu thủ tục",
    "kiosk_priority_button": "Ưu tiên",
    "kiosk_priority_who": "Người cao tuổi · Người khuyết tật · Phụ nữ mang thai · Người có công",
    "kiosk_priority_title": "Lấy số ưu tiên",
    "kiosk_priority_prompt": (
        "Số ưu tiên được phục vụ trước. Xin xác nhận bạn thuộc diện nào dưới đây:"
    ),
    "kiosk_priority_elderly": "Người cao tuổi",
    "kiosk_priority_disabled": "Người khuyết tật",
    "kiosk_priority_pregnant": "Phụ nữ mang thai",
    "kiosk_priority_merit": "Người có công với cách mạng",
    "kiosk_priority_no": "Không, tôi lấy số thường",
    "kiosk_priority_mode": "Bạn đang lấy số ƯU TIÊN: {kind}",
    "kiosk_priority_drop": "Bỏ ưu tiên",
    "kiosk_choose_service": "Chọn thủ tục",
    "kiosk_procedure_button": "Xem thủ tục",
    "kiosk_reason_closed_now": "Ngoài giờ nhận hồ sơ",
    "kiosk_reason_closed_today": "Hôm nay tạm ngừng nhận hồ sơ",
    "kiosk_reason_daily_cap_reached": "Hôm nay đã hết số",
    "kiosk_reason_unavailable": "Tạm ngừng nhận hồ sơ",
    "kiosk_agency_closed": "Hiện không nhận hồ sơ",
    "kiosk_search_title": "Tìm thủ tục",
    "kiosk_lookup_title": "Tra cứu thủ tục",
    "kiosk_search_hint": "Gõ vài chữ trong tên thủ tục, không cần dấu. Ví dụ: cap giay",
    "kiosk_search_none": "Không thấy thủ tục nào có “{query}”. Xin gõ chữ khác.",
    "kiosk_search_count": "{n} thủ tục phù hợp",
    "kiosk_key_space": "Dấu cách",
    "kiosk_key_clear": "Xóa hết",
    "kiosk_procedure_documents": "Hồ sơ cần chuẩn bị",
    "kiosk_procedure_time": "Thời gian giải quyết",
    "kiosk_procedure_fee": "Lệ phí",
    "kiosk_procedure_missing": (
        "Chưa có thông tin chi tiết cho thủ tục này. Cán bộ tại quầy sẽ hướng dẫn bạn."
    ),
    "kiosk_take_for_procedure": "Lấy số cho thủ tục này",
    "kiosk_printing": "Đang in phiếu…",
    "kiosk_printing_detail": "Xin chờ trong giây lát.",
    "kiosk_your_number": "Số thứ tự của bạn",
    "kiosk_ticket_priority": "ƯU TIÊN",
    "kiosk_ticket_take": "Xin nhận phiếu ở khe máy in bên dưới.",
    "kiosk_ticket_qr": "Quét mã để theo dõi lượt trên điện thoại",
    "kiosk_paperless_title": "Không in được phiếu",
    "kiosk_paperless": "Xin chụp ảnh màn hình này hoặc quét mã QR để giữ số của bạn.",
    "kiosk_done": "Xong",
    "kiosk_problem_title": "Chưa lấy được số",
    "kiosk_problem_no_number": "Chưa có số nào được cấp. Xin báo cán bộ hướng dẫn.",
    "kiosk_problem_core_away": (
        "Hệ thống đang kết nối lại. Chưa có số nào được cấp, xin thử lại sau ít phút."
    ),
    "kiosk_problem_refused": "Thủ tục này hiện không nhận số.",
    "kiosk_problem_too_fast": "Máy đang cấp số quá nhanh. Xin chờ vài giây rồi thử lại.",
    "kiosk_no_printer": "Ki-ốt chưa được nối với máy in.",
    "kiosk_try_again": "Thử lại",
    "kiosk_people": "người",
    "kiosk_texts_offer": "Nhắn tin cho tôi khi sắp đến lượt",
    "kiosk_texts_title": "Nhắn tin khi sắp đến lượt",
    "kiosk_texts_prompt": "Nhập số điện thoại di động của anh/chị:",
    "kiosk_texts_empty": "09xx xxx xxx",
    "kiosk_texts_consent": (
        "Bấm “Gửi” là anh/chị đồng ý nhận tin nhắn về số thứ tự này: khi sắp đến lượt và "
        "khi được gọi. Số điện thoại chỉ dùng cho việc này và được xoá khi hết ngày."
    ),
    "kiosk_texts_send": "Gửi",
    "kiosk_texts_sending": "Đang gửi…",
    "kiosk_texts_invalid": (
        "Số này không phải số di động Việt Nam (10 số, bắt đầu bằng 03, 05, 07, 08 hoặc 09)."
    ),
    "kiosk_texts_away": (
        "Không kết nối được hệ thống. Số thứ tự của anh/chị vẫn giữ nguyên; xin thử lại."
    ),
    "kiosk_texts_refused": (
        "Không đăng ký nhận tin được cho số thứ tự này. Xin hỏi cán bộ tại quầy."
    ),
    "kiosk_texts_done": "Sẽ nhắn tin đến {phone} khi sắp đến lượt.",
    "kiosk_dossier_button": "Tra cứu hồ sơ",
    "kiosk_dossier_title": "Tra cứu hồ sơ",
    "kiosk_dossier_prompt": (
        "Nhập mã hồ sơ in trên giấy hẹn trả kết quả, hoặc đưa mã vạch trên giấy hẹn vào máy quét."
    ),
    "kiosk_dossier_code_empty": "Mã hồ sơ…",
    "kiosk_dossier_look_up": "Tra cứu",
    "kiosk_dossier_code": "Mã hồ sơ: {code}",
    "kiosk_dossier_asking": "Đang tra cứu hồ sơ…",
    "kiosk_dossier_unknown": "Không tìm thấy hồ sơ",
    "kiosk_dossier_unknown_detail": (
        "Không có hồ sơ nào mang mã này. Xin kiểm tra lại mã trên giấy hẹn trả kết quả,"
        " hoặc hỏi cán bộ tại quầy."
    ),
    "kiosk_dossier_busy": "Ki-ốt vừa tra cứu quá nhiều lần. Xin thử lại sau một phút.",
    "kiosk_dossier_away": "Không kết nối được hệ thống. Xin thử lại sau ít phút.",
    "kiosk_dossier_procedure": "Thủ tục",
    "kiosk_dossier_agency": "Cơ quan giải quyết",
    "kiosk_dossier_holder": "Người nộp",
    "kiosk_dossier_received": "Ngày tiếp nhận",
    "kiosk_dossier_due": "Ngày hẹn trả",
    "kiosk_dossier_resolved": "Ngày có kết quả",
    "kiosk_dossier_early": "Có kết quả sớm hơn ngày hẹn.",
    "kiosk_dossier_on_time": "Có kết quả đúng hẹn.",
    "kiosk_dossier_late": "Có kết quả sau ngày hẹn.",
    "kiosk_dossier_pending": "Hồ sơ đang trong thời hạn giải quyết.",
    "kiosk_dossier_overdue": "Hồ sơ đã quá ngày hẹn trả. Xin hỏi cán bộ tại quầy.",
    "kiosk_dossier_ready": "Mời bạn đến nhận kết quả.",
    "kiosk_dossier_counters": "Nhận tại: {counters}",
    "kiosk_dossier_counter": "Quầy {n}",
    "kiosk_dossier_bring": "Xin mang theo: {bring}",
    "kiosk_dossier_take": "Lấy số nhận kết quả",
    "kiosk_dossier_no_result_service": "Xin hỏi cán bộ hướng dẫn để nhận kết quả.",
    "kiosk_dossier_again": "Tra mã khác",
    "kiosk_booking_button": "Tôi có lịch hẹn",
    "kiosk_booking_title": "Tôi có lịch hẹn",
    "kiosk_booking_prompt": (
        "Quét mã QR của lịch hẹn vào máy đọc bên dưới màn hình, hoặc nhập mã 6 ký tự của "
        "lịch hẹn, hay mã nhận qua tin nhắn khi lấy số bằng tin nhắn."
    ),
    "kiosk_booking_code_empty": "Mã lịch hẹn…",
    "kiosk_booking_submit": "Xác nhận",
    "kiosk_booking_slot": "Lịch hẹn lúc {time}",
    "kiosk_booking_early": "Bạn đến sớm",
    "kiosk_booking_early_detail": (
        "Lịch hẹn của bạn lúc {slot}, thủ tục {service}. Xin quay lại từ {back} để nhận số "
        "theo lịch hẹn, hoặc lấy số thường ngay bây giờ."
    ),
    "kiosk_booking_late": "Lịch hẹn đã quá giờ",
    "kiosk_booking_late_detail": (
        "Lịch hẹn của bạn lúc {slot} đã quá thời gian cho phép nên không còn giữ chỗ. Bạn "
        "vẫn được phục vụ: xin lấy số thường, như người đến trực tiếp."
    ),
    "kiosk_booking_walk_in": "Lấy số thường",
    "kiosk_booking_later": "Tôi sẽ quay lại",
    "kiosk_problem_unknown_booking": (
        "Không tìm thấy lịch hẹn với mã này. Xin kiểm tra lại mã, hoặc lấy số thường."
    ),
    "kiosk_problem_booking_closed": (
        "Lịch hẹn này đã được dùng hoặc đã huỷ, hoặc số lấy bằng tin nhắn đã qua lượt. Xin "
        "hỏi cán bộ hướng dẫn, hoặc lấy số thường."
    ),
    "kiosk_large_text": "Aa  Chữ lớn",
    "kiosk_high_contrast": "Tương phản cao",
    "kiosk_voice_button": "Hướng dẫn bằng giọng nói",
    "kiosk_voice_on": (
        "Đã bật hướng dẫn bằng giọng nói. Phím 4 và 6 để nghe từng lựa chọn, phím 5 để "
        "chọn, phím 0 để quay lại."
    ),
    "kiosk_voice_home": "Màn hình chính.",
    "kiosk_voice_greyed": "Hiện không lấy số được.",
    "kiosk_voice_ticket_rule": (
        "Xin nhận phiếu ở khe máy in. Khi nghe gọi số của bạn, mời đến quầy được đọc trên "
        "loa và hiện trên bảng."
    ),
}
