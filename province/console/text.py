"""The provincial console's words, Vietnamese first and English second, from one catalogue."""

from __future__ import annotations

from collections.abc import Callable

LANGS = ("vi", "en")

TEXT: dict[str, tuple[str, str]] = {
    # the frame
    "console": ("Bảng điều hành cấp tỉnh", "Provincial console"),
    "overview": ("Tổng quan", "Overview"),
    "alerts": ("Cảnh báo", "Alerts"),
    "reports": ("Báo cáo", "Reports"),
    "admin": ("Quản trị", "Administration"),
    "audit": ("Nhật ký thay đổi", "Audit log"),
    "centre": ("Trung tâm", "Centre"),
    "language": ("English", "Tiếng Việt"),
    "logout": ("Đăng xuất", "Log out"),
    "refreshed": ("Cập nhật lúc", "Updated at"),
    # logging in
    "login": ("Đăng nhập", "Log in"),
    "login_hint": (
        "Dành cho cán bộ cấp tỉnh theo dõi các trung tâm phục vụ hành chính công.",
        "For the province's staff who follow the public administration centres.",
    ),
    "username": ("Tên đăng nhập", "Username"),
    "password": ("Mật khẩu", "Password"),
    "wrong_password": (
        "Tên đăng nhập hoặc mật khẩu không đúng.",
        "The username or password is not right.",
    ),
    "account_locked": (
        "Nhập sai mật khẩu quá nhiều lần: tài khoản tạm khoá ít phút.",
        "Too many wrong passwords: the account is locked for a few minutes.",
    ),
    "too_many_attempts": (
        "Máy này đã nhập sai mật khẩu quá nhiều lần: vui lòng đợi vài phút rồi thử lại.",
        "Too many wrong passwords from this computer: please wait a few minutes.",
    ),
    "viewer_role": ("Theo dõi", "Viewer"),
    "admin_role": ("Quản trị", "Administrator"),
    # the overview
    "centres": ("Trung tâm", "Centres"),
    "centres_count": ("Số trung tâm", "Centres"),
    "state": ("Tình trạng", "State"),
    "state_ok": ("Đang hoạt động", "Working"),
    "state_silent": ("Mất liên lạc", "Silent"),
    "state_after_hours": ("Ngoài giờ", "After hours"),
    "state_never": ("Chưa gửi dữ liệu", "Never heard from"),
    "state_revoked": ("Đã thu hồi", "Revoked"),
    "last_contact": ("Liên lạc cuối", "Last contact"),
    "never": ("chưa có", "never"),
    "ago": ("trước", "ago"),
    "business_day": ("Ngày làm việc", "Business day"),
    "waiting": ("Đang chờ", "Waiting"),
    "longest_wait": ("Chờ lâu nhất", "Longest wait"),
    "counters_open": ("Quầy mở", "Counters open"),
    "issued_today": ("Cấp số hôm nay", "Issued today"),
    "served_today": ("Đã phục vụ hôm nay", "Served today"),
    "issued": ("Cấp số", "Issued"),
    "served": ("Đã phục vụ", "Served"),
    "gave_up": ("Bỏ về", "Gave up"),
    "gave_up_today": ("Bỏ về hôm nay", "Gave up today"),
    "gave_up_hint": (
        "Huỷ khi chưa được gọi, hoặc vắng mặt khi được gọi sau thời gian chờ mục tiêu",
        "Cancelled before any call, or a no-show called after the target wait",
    ),
    "no_show": ("Vắng mặt", "No-show"),
    "cancelled": ("Đã huỷ", "Cancelled"),
    "within_target": ("Đạt mục tiêu", "Within target"),
    "within_target_hint": (
        "Được gọi trong thời gian chờ mục tiêu, trên số người được gọi cộng số người bỏ về "
        "trước khi được gọi",
        "Called within the target wait, out of those called plus those who gave up before a call",
    ),
    "alerts_now": ("Cảnh báo hiện có", "Alerts now"),
    "minutes": ("phút", "min"),
    "no_centres": (
        "Chưa có trung tâm nào. Quản trị viên thêm trung tâm ở trang Quản trị.",
        "No centre yet. An administrator adds centres on the Administration page.",
    ),
    "not_today": ("chưa mở hôm nay", "not open today"),
    "no_site": ("chưa có tệp cấu hình", "no site file yet"),
    # alerts
    "no_alerts": ("Không có cảnh báo.", "No alerts."),
    "all_alerts": ("Xem tất cả {n} cảnh báo →", "See all {n} alerts →"),
    "since": ("Từ lúc", "Since"),
    "kind": ("Loại", "Kind"),
    "message": ("Nội dung", "Message"),
    "source": ("Nguồn", "Source"),
    "source_province": ("Tỉnh theo dõi", "Seen by the province"),
    "source_centre": ("Trung tâm báo", "Raised by the centre"),
    "kind_silent": ("Mất liên lạc", "Silent"),
    "kind_wait": ("Chờ quá mục tiêu", "Wait past target"),
    "kind_backup_stale": ("Sao lưu quá cũ", "Backup stale"),
    "kind_backup_failed": ("Sao lưu lỗi", "Backup failed"),
    "kind_device_paper_out": ("Máy in hết giấy", "Printer out of paper"),
    "kind_device_printer_offline": ("Máy in mất kết nối", "Printer offline"),
    "kind_device_printer_fault": ("Máy in báo lỗi", "Printer fault"),
    "kind_device_no_printer": ("Kiosk không có máy in", "No printer"),
    "kind_device_lost": ("Thiết bị mất liên lạc", "Device lost"),
    "kind_device_flooding": ("Thiết bị gửi quá nhiều", "Device flooding"),
    "kind_counter_paused": ("Quầy tạm dừng lâu", "Counter paused long"),
    "kind_counter_idle": ("Quầy mở không phục vụ", "Counter idle"),
    "kind_province_unreachable": ("Không gửi được lên tỉnh", "Province unreachable"),
    "kind_province_refused": ("Tỉnh từ chối dữ liệu", "Refused by the province"),
    "kind_other": ("Cảnh báo khác", "Other alert"),
    "silent_message": (
        "Không nhận được dữ liệu từ {minutes} phút (giới hạn {limit} phút).",
        "Nothing heard for {minutes} min (the limit is {limit} min).",
    ),
    "never_message": (
        "Chưa gửi dữ liệu lần nào kể từ khi được đăng ký.",
        "Has sent nothing since it was registered.",
    ),
    "wait_message": (
        "{service}: có người đã chờ {minutes} phút (mục tiêu {target} phút).",
        "{service}: someone has waited {minutes} min (target {target} min).",
    ),
    "alerts_hint": (
        "Tỉnh tự theo dõi: trung tâm mất liên lạc quá {limit} phút trong giờ làm việc, và người "
        "chờ quá thời gian mục tiêu của dịch vụ. Các cảnh báo khác (sao lưu, thiết bị, quầy) do "
        "chính trung tâm báo trong nhật ký sự kiện.",
        "Seen by the province: a centre silent for more than {limit} min in its opening hours, "
        "and someone waiting past the service's target. The others (backups, devices, counters) "
        "are the centres' own, from their event logs.",
    ),
    # the drill-down
    "live": ("Trực tiếp", "Live"),
    "services": ("Dịch vụ", "Services"),
    "service": ("Dịch vụ", "Service"),
    "agency": ("Cơ quan", "Agency"),
    "target": ("Mục tiêu", "Target"),
    "counters": ("Quầy", "Counters"),
    "counter": ("Quầy", "Counter"),
    "clerk": ("Cán bộ", "Clerk"),
    "open": ("Đang mở", "Open"),
    "paused": ("Tạm dừng", "Paused"),
    "closed": ("Đóng", "Closed"),
    "acked_seq": ("Sự kiện đã nhận", "Events held"),
    "last_event": ("Sự kiện mới nhất", "Newest event"),
    "site_loaded": ("Tệp cấu hình", "Site file"),
    "last_days": ("7 ngày gần nhất", "The last 7 days"),
    "centre_report": ("Báo cáo của trung tâm", "This centre's report"),
    "no_such_centre": ("Không có trung tâm này.", "There is no such centre."),
    "nobody_waiting": ("Không có ai đang chờ.", "Nobody is waiting."),
    "waiting_now": ("Người đang chờ, theo dịch vụ", "Who waits now, by service"),
    "all_services": ("Tất cả {n} dịch vụ", "All {n} services"),
    "no_counters": ("Chưa có quầy nào hoạt động.", "No counter has opened yet."),
    # reports
    "from": ("Từ ngày", "From"),
    "to": ("Đến ngày", "To"),
    "by": ("Theo", "By"),
    "by_centre": ("Trung tâm", "Centre"),
    "by_agency": ("Cơ quan", "Agency"),
    "by_service": ("Dịch vụ", "Service"),
    "period": ("Chu kỳ", "Period"),
    "day": ("Ngày", "Day"),
    "week": ("Tuần", "Week"),
    "month": ("Tháng", "Month"),
    "all_centres": ("Tất cả trung tâm", "All centres"),
    "show": ("Xem", "Show"),
    "download_csv": ("Tải CSV", "Download CSV"),
    "download_xlsx": ("Tải Excel", "Download XLSX"),
    "wait_mean": ("Chờ TB (phút)", "Mean wait (min)"),
    "wait_p50": ("Chờ P50", "Wait P50"),
    "wait_p90": ("Chờ P90", "Wait P90"),
    "service_mean": ("Phục vụ TB (phút)", "Mean service (min)"),
    "gave_up_share": ("Tỷ lệ bỏ về", "Share who gave up"),
    "dossiers": ("Hồ sơ", "Dossiers"),
    "received": ("Tiếp nhận", "Received"),
    "resolved": ("Đã giải quyết", "Resolved"),
    "early": ("Trước hạn", "Early"),
    "on_time": ("Đúng hạn", "On time"),
    "late": ("Quá hạn", "Late"),
    "in_time_share": ("Tỷ lệ đúng hạn", "Share in time"),
    "in_time_hint": (
        "Giải quyết trước hạn hoặc đúng hạn, trên số hồ sơ đã giải quyết",
        "Resolved early or on time, out of those resolved",
    ),
    "dossiers_note": (
        "Theo ngày tiếp nhận và ngày giải quyết của hồ sơ, từ dữ liệu trung tâm nhận từ hệ thống "
        "một cửa điện tử.",
        "By the day a dossier was received and the day it was resolved, from what each centre "
        "reads of the one-stop e-system.",
    ),
    "rated": ("Lượt đánh giá", "Ratings"),
    "best_share": ("Hài lòng nhất", "Best level"),
    "rating": ("Đánh giá (tốt → kém)", "Ratings (best → worst)"),
    "level": ("Mức", "Level"),
    "total": ("Tổng", "Total"),
    "by_period": ("Theo kỳ", "By period"),
    "chart_issued_served": ("Cấp số và đã phục vụ theo kỳ", "Issued and served per period"),
    "chart_waits": ("Thời gian chờ (phút)", "Waits (minutes)"),
    "chart_waits_top": (
        "Thời gian chờ (phút): {n} nhóm chờ lâu nhất trong {of}",
        "Waits (minutes): the {n} longest of {of}",
    ),
    "chart_within": ("Tỷ lệ đạt mục tiêu", "Share within target"),
    "no_data": ("Không có số liệu trong khoảng này.", "No figures in this range."),
    "report_note": (
        "P50 và P90 tính theo phút tròn từ biểu đồ thời gian chờ cộng dồn của các trung tâm; "
        "“bỏ về”: phiếu huỷ khi chưa được gọi, hoặc vắng mặt sau khi đã chờ quá mục tiêu.",
        "P50 and P90 are whole minutes, from the centres' wait histograms summed; “gave up”: "
        "a ticket cancelled before it was called, or a no-show after a wait past the target.",
    ),
    # administration
    "add_centre": ("Thêm trung tâm", "Add a centre"),
    "centre_id": ("Mã trung tâm", "Centre id"),
    "centre_id_hint": (
        "chữ thường, số, dấu - (ví dụ hcc-tinh)",
        "lower case, digits, - (hcc-tinh)",
    ),
    "name": ("Tên", "Name"),
    "code": ("Mã", "Id"),
    "add": ("Thêm", "Add"),
    "token_once": (
        "Mã truy cập của trung tâm — chỉ hiện một lần này. Ghi vào tệp cấu hình của trung tâm:",
        "The centre's token — shown this once. Put it in the centre's site file:",
    ),
    "site_hint": (
        "Tệp cấu hình (mục tiêu chờ, giờ làm việc) nạp bằng lệnh",
        "Its site file (target waits, opening hours) is given with",
    ),
    "revoke": ("Thu hồi", "Revoke"),
    "revoke_centre": ("Thu hồi trung tâm", "Revoke a centre"),
    "revoke_hint": (
        "Mã truy cập của trung tâm bị từ chối từ nay; dữ liệu đã nhận được giữ lại.",
        "The centre's token is refused from now on; what it sent is kept.",
    ),
    "confirm": ("Tôi xác nhận", "I confirm"),
    "staff": ("Cán bộ cấp tỉnh", "Provincial staff"),
    "add_staff": ("Thêm cán bộ", "Add staff"),
    "display_name": ("Họ tên", "Full name"),
    "role": ("Vai trò", "Role"),
    "active": ("Hoạt động", "Active"),
    "disabled": ("Đã khoá", "Disabled"),
    "disable": ("Khoá tài khoản", "Disable"),
    "enable": ("Mở khoá", "Enable"),
    "new_password": ("Mật khẩu mới", "New password"),
    "set_password": ("Đặt mật khẩu", "Set password"),
    "password_hint": ("ít nhất 10 ký tự", "at least 10 characters"),
    "done": ("Đã lưu thay đổi.", "The change is saved."),
    "admins_only": (
        "Chỉ quản trị viên được thay đổi; tài khoản của bạn chỉ được xem.",
        "Only administrators make changes; your account reads.",
    ),
    # audit
    "when": ("Thời điểm", "When"),
    "who": ("Người thực hiện", "Who"),
    "what": ("Thay đổi", "What"),
    "before": ("Trước", "Before"),
    "after": ("Sau", "After"),
    "no_audit": ("Chưa có thay đổi nào.", "No change yet."),
}


def translator(lang: str) -> Callable[..., str]:
    """``t(key, **values)``: the key's words in ``lang``, ``{name}`` filled from ``values``."""
    index = 1 if lang == "en" else 0

    def t(key: str, **values: object) -> str:
        pair = TEXT.get(key)
        text = key if pair is None else pair[index]
        return text.format(**values) if values else text

    return t
