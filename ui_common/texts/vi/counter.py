"""Words of the counter: clerk's panel, citizen-facing display, rating — in Vietnamese."""

TEXTS = {
    # the clerk's panel: login
    "counter_login_title": "Đăng nhập quầy",
    "counter_username": "Tên đăng nhập",
    "counter_pin": "Mã PIN",
    "counter_login": "Đăng nhập",
    "counter_logout": "Đăng xuất",
    "counter_wrong_pin": "Tên đăng nhập hoặc mã PIN không đúng. Vui lòng nhập lại.",
    "counter_locked": (
        "Nhập sai mã PIN quá nhiều lần: tài khoản tạm khóa tại quầy này trong ít phút. "
        "Vui lòng thử lại sau hoặc báo quản trị viên."
    ),
    "counter_too_many": (
        "Quầy này đã nhập sai mã PIN quá nhiều lần: vui lòng đợi vài phút rồi thử lại."
    ),
    "counter_not_assigned": (
        "Anh/chị không làm việc tại quầy {counter} hôm nay. Vui lòng đăng nhập tại quầy của "
        "mình, hoặc nhờ giám sát viên phân công quầy này."
    ),
    "counter_login_needed": "Vui lòng nhập tên đăng nhập và mã PIN.",
    "counter_signing_in": "Đang đăng nhập…",
    # the clerk's panel: the counter and its ticket
    "counter_clerk": "Cán bộ: {name}",
    "counter_state_open": "Đang mở",
    "counter_state_paused": "Tạm nghỉ",
    "counter_state_closed": "Đã đóng",
    "counter_no_ticket": "Chưa gọi số nào",
    "counter_idle_open": "Bấm Gọi số tiếp (F1) để mời công dân tiếp theo.",
    "counter_idle_paused": "Quầy đang tạm nghỉ: bấm Mở quầy (F8) để gọi số tiếp.",
    "counter_idle_closed": "Quầy đã đóng: bấm Mở quầy (F8) để bắt đầu gọi số.",
    "counter_status_called": "Đã gọi – chờ công dân đến",
    "counter_status_serving": "Đang phục vụ",
    "counter_called_ago": "Gọi lúc {time} · đã {elapsed}",
    "counter_started_ago": "Bắt đầu lúc {time} · đã {elapsed}",
    "counter_recalls": "Đã gọi lại {n} lần",
    "counter_recalls_one": "Đã gọi lại 1 lần",
    "counter_from_counter": "Chuyển từ quầy {n}",
    "counter_priority": "Ưu tiên",
    "counter_appointment": "Lịch hẹn {time}",
    "counter_services": "Dịch vụ của quầy",
    "counter_waiting_list": "Đang chờ quầy này",
    "counter_nobody_waiting": "Không có ai đang chờ",
    "counter_today": "Hôm nay",
    "counter_today_counter": "Quầy",
    "counter_today_clerk": "Bạn",
    "counter_not_here": "{number} (chưa đến)",
    "counter_more_n": "+{n}",
    "counter_col_waiting": "Đang chờ",
    "counter_col_called": "Đã gọi",
    "counter_col_served": "Xong",
    "counter_col_no_show": "Vắng",
    "counter_col_average": "Phút/hồ sơ",
    # the clerk's panel: actions
    "action_next": "Gọi số tiếp",
    "action_recall": "Gọi lại",
    "action_start": "Bắt đầu",
    "action_finish": "Hoàn thành",
    "action_no_show": "Vắng mặt",
    "action_transfer": "Chuyển",
    "action_call_chosen": "Gọi số khác",
    "action_pause": "Tạm nghỉ",
    "action_open": "Mở quầy",
    "action_close": "Đóng quầy",
    # the clerk's panel: what happened
    "counter_nobody_to_call": "Không còn ai đang chờ quầy này.",
    "counter_offline": "Mất kết nối với hệ thống: các nút tạm khóa. Không số nào bị gọi hai lần.",
    "counter_reloaded": "Đã kết nối lại – trạng thái quầy đã được cập nhật.",
    "refused_ticket_in_progress": (
        "Số đang gọi chưa được bắt đầu: bấm Bắt đầu nếu công dân đã đến, hoặc Gọi lại / Vắng mặt."
    ),
    "refused_recall_first": "Cần gọi lại ít nhất {n} lần trước khi đánh dấu vắng mặt.",
    "refused_counter_not_open": "Quầy chưa mở: bấm Mở quầy (F8) trước khi gọi số.",
    "refused_no_current_ticket": "Quầy chưa có số nào: hãy gọi số tiếp.",
    "refused_not_callable_here": "Số này không còn chờ quầy này.",
    "refused_not_checked_in": (
        "Số này lấy bằng tin nhắn và người dân chưa nhập mã ở ki-ốt: chưa gọi được."
    ),
    "refused_session": "Phiên làm việc đã hết: vui lòng đăng nhập lại.",
    "refused_other": "Hệ thống từ chối: {message}",
    # the transfer dialog
    "transfer_title": "Chuyển số {number}",
    "transfer_to_service": "Sang dịch vụ",
    "transfer_to_counter": "Sang quầy",
    "transfer_front": "Lên đầu hàng chờ",
    "transfer_back": "Xuống cuối hàng chờ",
    "transfer_confirm": "Chuyển",
    # the out-of-turn call dialog
    "texts_button": "Nhắn tin cho công dân",
    "texts_title": "Nhắn tin cho số {number} khi sắp đến lượt",
    "texts_consent": (
        "Chỉ nhập khi công dân đồng ý: số điện thoại chỉ dùng để nhắn tin về số thứ tự này "
        "và được xoá khi hết ngày."
    ),
    "texts_confirm": "Lưu số điện thoại",
    "texts_done": "Sẽ nhắn tin đến {phone} khi sắp đến lượt và khi được gọi.",
    "texts_invalid": (
        "Số này không phải số di động Việt Nam (10 số, bắt đầu bằng 03, 05, 07, 08, 09)."
    ),
    "call_chosen_title": "Gọi một số ngoài thứ tự",
    "call_chosen_reason": "Lý do (được ghi vào nhật ký)",
    "call_chosen_reason_hint": "Ví dụ: công dân quay lại bổ sung giấy tờ",
    "call_chosen_confirm": "Gọi số này",
    "call_chosen_empty": "Không có số nào đang chờ quầy này.",
    # the citizen-facing display
    "display_counter": "QUẦY {n}",
    "display_inviting": "Mời công dân có số",
    "display_clerk_on_duty": "Cán bộ tiếp nhận",
    "display_more_services": "+{n} dịch vụ khác",
    "display_waiting": "Đang chờ",
    "display_nobody_waiting": "Hiện không có ai chờ",
    "display_paused": "Quầy tạm nghỉ",
    "display_paused_detail": "Xin vui lòng chờ trong giây lát",
    "display_closed": "Quầy đã đóng",
    "display_closed_detail": "Xin mời quý khách đến quầy khác",
    "display_welcome": "Xin kính chào quý khách",
    # the rating
    "rating_question": "Quý khách có hài lòng với việc giải quyết thủ tục hành chính không?",
    "rating_touch": "Chạm vào một biểu tượng để đánh giá",
    "rating_reason_question": "Xin cho biết lý do (không bắt buộc)",
    "rating_skip": "Bỏ qua",
    "rating_thanks": "Xin cảm ơn quý khách!",
    "rating_thanks_detail": "Ý kiến của quý khách giúp chúng tôi phục vụ tốt hơn.",
}
