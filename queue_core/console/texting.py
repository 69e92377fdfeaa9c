"""What the console shows of the texts to citizens' phones: the notifier's health and the day's
counts on the hall, and the alert while no text can leave."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from queue_core.domain import Alert
from queue_core.notifier import NotifierState


def texts_panel(state: NotifierState | None, now: datetime) -> dict[str, Any] | None:
    """The hall's panel; None without ``[sms]``."""
    if state is None:
        return None
    failing_minutes = None
    if state.failing_since is not None:
        failing_minutes = max(0, int((now - state.failing_since).total_seconds() // 60))
    return {
        "driver": state.driver,
        "where": state.where,
        "ok": state.failing is None,
        "failing": state.failing,
        "failing_minutes": failing_minutes,
        "last_error": state.last_error,
        "last_sent": state.last_sent,
        "signal": state.signal,
        "today": dict(state.today),
    }


def texts_alerts(state: NotifierState | None) -> tuple[Alert, ...]:
    """``sms_failing`` while the modem or gateway cannot send (until a text leaves or a check
    finds it well)."""
    if state is None or state.failing is None:
        return ()
    device = "Modem SMS" if state.driver == "modem" else "Cổng SMS"
    return (
        Alert(
            "sms:failing",
            "sms_failing",
            "sms",
            f"{device} ({state.where}) không gửi được tin nhắn: {state.failing}",
            f"The SMS {state.driver} ({state.where}) cannot send: {state.failing}",
        ),
    )
