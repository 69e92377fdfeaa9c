"""The hall board's words, in English."""

TEXTS = {
    "board_now_calling": "NOW CALLING",
    "board_to_counter": "COUNTER",
    "board_recall": "RECALL",
    "board_next_up": "Next",
    "board_counters": "Counters",
    "board_recent": "Recent calls",
    "board_waiting": "Waiting",
    "board_today": "Today",
    "board_issued": "Issued",
    "board_served": "Served",
    "board_within_target": "Within target",
    "board_average_wait": "Average wait",
    "board_counter_paused": "Paused",
    "board_counter_closed": "Closed",
    "board_counter_open": "Ready",
    "board_people": "{n} people",
    "board_no_calls": "No number called yet",
    "board_percent": "{n}%",
}
