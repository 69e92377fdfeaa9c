"""The reports' words, Vietnamese first and English second, from one catalogue."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

LANGS = ("vi", "en")

_P50_P90 = (
    "P50: một nửa số người chờ không quá; P90: 9 trên 10 người chờ không quá",
    "P50: half waited no longer; P90: 9 in 10 waited no longer",
)
"""What the two percentiles mean, said the same way under every table and chart."""

TEXT: dict[str, tuple[str, str]] = {
    "service": ("Dịch vụ", "Service"),
    "counter": ("Quầy", "Counter"),
    "staff": ("Cán bộ", "Clerk"),
    "day": ("Ngày", "Day"),
    "week": ("Tuần", "Week"),
    "month": ("Tháng", "Month"),
    "hour": ("Giờ", "Hour"),
    # The same inside a sentence: "theo dịch vụ", "by service".
    "of_service": ("dịch vụ", "service"),
    "of_counter": ("quầy", "counter"),
    "of_staff": ("cán bộ", "clerk"),
    "of_day": ("ngày", "day"),
    "of_week": ("tuần", "week"),
    "of_month": ("tháng", "month"),
    "total": ("Tổng", "Total"),
    "issued": ("Đã cấp số", "Issued"),
    "served": ("Đã phục vụ", "Served"),
    "no_show": ("Vắng mặt", "No-show"),
    "cancelled": ("Đã huỷ", "Cancelled"),
    "gave_up": ("Bỏ về", "Gave up"),
    "called": ("Đã được gọi", "Called"),
    "wait_mean": ("Chờ trung bình (phút)", "Mean wait (min)"),
    "wait_p50": ("Chờ P50 (phút)", "Wait P50 (min)"),
    "wait_p90": ("Chờ P90 (phút)", "Wait P90 (min)"),
    "service_mean": ("Phục vụ trung bình (phút)", "Mean service (min)"),
    "service_p90": ("Phục vụ P90 (phút)", "Service P90 (min)"),
    "within_target": ("Đúng hẹn, tính cả người bỏ về (%)", "On time, counting who gave up (%)"),
    "ratings": ("Số lượt đánh giá", "Ratings"),
    "booked": ("Đã đặt lịch", "Booked"),
    "checked_in": ("Đã đến", "Checked in"),
    "missed": ("Lỡ hẹn", "Missed"),
    "called_on_time": ("Được gọi ≤ 10 phút", "Called ≤ 10 min"),
    "judged": ("Được tính", "Counted"),
    "punctuality": ("Gọi đúng giờ hẹn (%)", "Called on time (%)"),
    "arrival": ("Đến so với giờ hẹn (phút)", "Arrival against the slot (min)"),
    "share_of": ("{name} (%)", "{name} (%)"),
    "sheet_hours": ("Theo giờ", "By hour"),
    "sheet_ratings": ("Đánh giá", "Ratings"),
    "sheet_by": ("Theo {by}", "By {by}"),
    # The terminal's narrow headers, explained by the legend under its table.
    "short_issued": ("Cấp số", "Issued"),
    "short_served": ("Phục vụ", "Served"),
    "short_no_show": ("Vắng", "No-show"),
    "short_cancelled": ("Huỷ", "Cancel"),
    "short_gave_up": ("Bỏ về", "Gave up"),
    "short_called": ("Được gọi", "Called"),
    "short_wait_mean": ("Chờ TB", "Avg wait"),
    "short_wait_p50": ("Chờ P50", "P50"),
    "short_wait_p90": ("Chờ P90", "P90"),
    "short_service_mean": ("PV TB", "Avg svc"),
    "short_service_p90": ("PV P90", "Svc P90"),
    "short_within_target": ("Đạt MT", "On target"),
    "short_ratings": ("Đánh giá", "Ratings"),
    "short_booked": ("Đặt lịch", "Booked"),
    "short_checked_in": ("Đã đến", "In"),
    "short_missed": ("Lỡ hẹn", "Missed"),
    "short_called_on_time": ("Gọi ≤10", "≤10 min"),
    "short_judged": ("Tính", "Counted"),
    "short_punctuality": ("Đúng giờ", "On time"),
    "short_arrival": ("Đến", "Arrival"),
    "legend": (
        f"Thời gian tính bằng phút. TB: trung bình; {_P50_P90[0]}; PV: phục vụ; "
        "Bỏ về: huỷ khi chưa được gọi, hoặc vắng mặt khi được gọi sau thời gian chờ mục tiêu; "
        "Đạt MT: được gọi trong thời gian chờ mục tiêu, trên số người được gọi cộng số người "
        "bỏ về trước khi được gọi.",
        f"Times in minutes. Avg: mean; {_P50_P90[1]}; svc: service; "
        "Gave up: cancelled before any call, or a no-show called after the target wait; "
        "On target: called within the target wait, out of those called plus those who gave "
        "up before a call.",
    ),
    "appointments_legend": (
        "Lịch hẹn: Đặt lịch: mọi lịch hẹn của những ngày này, dù sau đó ra sao; Đã đến: đã "
        "xác nhận tại ki-ốt; Gọi ≤10: được gọi lần đầu trong vòng 10 phút từ đầu giờ hẹn; "
        "Tính: người đã đến được gọi, cộng người đã đến mà phiếu bị huỷ khi chưa được gọi; "
        "Đúng giờ: Gọi ≤10 trên Tính; Đến: phút đến so với giờ hẹn, trung bình (sớm là âm).",
        "Appointments: Booked: every booking for these days, whatever became of it; In: "
        "checked in at the kiosk; ≤10 min: first called within 10 minutes of the slot's start; "
        "Counted: holders checked in and called, plus those whose ticket was cancelled "
        "uncalled; On time: ≤10 min over Counted; Arrival: mean minutes against the slot "
        "(early negative).",
    ),
    "appointments_by": ("Lịch hẹn theo {by}", "Appointments by {by}"),
    "appointments_per": ("Lịch hẹn theo {period}", "Appointments by {period}"),
    "report_by": ("Báo cáo theo {by}", "Report by {by}"),
    "ratings_by": ("Đánh giá của người dân theo {by}", "Citizens' ratings by {by}"),
    "by_hour": ("Theo giờ (toàn trung tâm)", "By hour (the whole centre)"),
    "per_period": ("Theo {period}", "By {period}"),
    "no_tickets": ("Không có phiếu nào trong thời gian này.", "No tickets in this period."),
    # The charts: a title and, under it, its translation.
    "chart_hours": ("Lượt đến và thời gian chờ theo giờ", "Arrivals and waiting time by hour"),
    "chart_wait": ("Thời gian chờ theo {by}", "Waiting time by {by}"),
    "chart_ratings": ("Mức độ hài lòng theo {by}", "Satisfaction by {by}"),
    "arrivals": ("Số phiếu cấp trong giờ", "Tickets issued in the hour"),
    "minutes_axis": ("Thời gian chờ (phút)", "Waiting time (min)"),
    "tickets_axis": ("Số phiếu", "Tickets"),
    "p50_line": ("Chờ P50", "Wait P50"),
    "p90_line": ("Chờ P90", "Wait P90"),
    "target_mark": ("Thời gian chờ mục tiêu", "Target wait"),
    "p50_p90": ("P50 / P90", "P50 / P90"),
    "note_hours": (
        f"Chờ: từ lúc lấy số đến lúc được gọi, của những người lấy số trong giờ đó. {_P50_P90[0]}.",
        f"Wait: from taking a ticket to being called, for the tickets issued in that hour. "
        f"{_P50_P90[1]}.",
    ),
    "note_wait": (
        f"{_P50_P90[0]}; vạch đen: thời gian chờ mục tiêu.",
        f"{_P50_P90[1]}; black mark: the target wait.",
    ),
    "whole_centre": ("Toàn trung tâm", "Whole centre"),
    "share_axis": ("Tỉ lệ lượt đánh giá (%)", "Share of ratings (%)"),
    "no_ratings": ("chưa có đánh giá", "no ratings"),
    "ratings_column": ("Số lượt", "Ratings"),
    "note_ratings": (
        "Thanh nhạt: dưới {n} lượt đánh giá, quá ít để so sánh.",
        "Faint bars: fewer than {n} ratings, too few to compare.",
    ),
    "no_data": ("Không có số liệu", "No figures"),
}


def translator(lang: str) -> Callable[..., str]:
    index = 1 if lang == "en" else 0

    def t(key: str, **values: object) -> str:
        return TEXT[key][index].format(**values)

    return t


def other(lang: str) -> str:
    """The language a chart's subtitle is in."""
    return "vi" if lang == "en" else "en"


def date_range(first: date, last: date) -> str:
    if first == last:
        return f"{first:%d/%m/%Y}"
    return f"{first:%d/%m/%Y} – {last:%d/%m/%Y}"
