"""The hall board's words, in Vietnamese."""

TEXTS = {
    "board_now_calling": "MỜI CÔNG DÂN CÓ SỐ",
    "board_to_counter": "ĐẾN QUẦY",
    "board_recall": "GỌI LẠI",
    "board_next_up": "Tiếp theo",
    "board_counters": "Các quầy",
    "board_recent": "Vừa gọi",
    "board_waiting": "Đang chờ",
    "board_today": "Hôm nay",
    "board_issued": "Đã cấp số",
    "board_served": "Đã phục vụ",
    "board_within_target": "Chờ đúng hẹn",
    "board_average_wait": "Chờ trung bình",
    "board_counter_paused": "Tạm dừng",
    "board_counter_closed": "Đóng",
    "board_counter_open": "Sẵn sàng",
    "board_people": "{n} người",
    "board_no_calls": "Chưa có số nào được mời",
    "board_percent": "{n}%",
}
