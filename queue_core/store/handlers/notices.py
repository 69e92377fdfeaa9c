"""The notices on the boards: set, scheduled, withdrawn, put up and taken down on time."""

from __future__ import annotations

import json

from queue_core.domain import (
    ApplyNoticeSchedule,
    DomainError,
    EventType,
    NotFound,
    ScheduleNotice,
    SetNotices,
    WithdrawNotice,
)
from queue_core.store import audit
from queue_core.store.handlers.context import Context, Handler
from queue_core.store.records import to_db_time


def _set_notices(ctx: Context, cmd: SetNotices) -> int:
    ctx.conn.execute(
        "INSERT OR REPLACE INTO meta(key, value) VALUES ('notices', ?)",
        (json.dumps(list(cmd.notices), ensure_ascii=False),),
    )
    ctx.emit(EventType.NOTICE_CHANGED, notices=list(cmd.notices))
    return len(cmd.notices)


def _put_notices(ctx: Context, before: list[str], after: list[str]) -> None:
    if after == before:
        return
    ctx.conn.execute(
        "INSERT OR REPLACE INTO meta(key, value) VALUES ('notices', ?)",
        (json.dumps(after, ensure_ascii=False),),
    )
    ctx.emit(EventType.NOTICE_CHANGED, notices=after)


def _check_notice(text: str) -> str:
    text = text.strip()
    if not text or len(text) > 300:
        raise DomainError("invalid_notice", "A notice is 1 to 300 characters.", field="text")
    return text


def _schedule_notice(ctx: Context, cmd: ScheduleNotice) -> int:
    text = _check_notice(cmd.text)
    if cmd.hide_at is not None and cmd.hide_at <= cmd.show_at:
        raise DomainError("invalid_schedule", "A notice must end after it starts.", field="hide_at")
    if cmd.hide_at is not None and cmd.hide_at <= ctx.now:
        raise DomainError("invalid_schedule", "This notice would end in the past.", "hide_at")
    cursor = ctx.conn.execute(
        "INSERT INTO scheduled_notices(text, show_at, hide_at, shown, done) VALUES (?, ?, ?, 0, 0)",
        (
            text,
            to_db_time(cmd.show_at),
            None if cmd.hide_at is None else to_db_time(cmd.hide_at),
        ),
    )
    _apply_notice_schedule(ctx, ApplyNoticeSchedule())
    return int(cursor.lastrowid or 0)


def _withdraw_notice(ctx: Context, cmd: WithdrawNotice) -> int:
    text = cmd.text.strip()
    before = audit.current_notices(ctx.conn, ctx.site)
    pending = ctx.conn.execute(
        "UPDATE scheduled_notices SET done = 1 WHERE text = ? AND done = 0", (text,)
    ).rowcount
    if text not in before and not pending:
        raise NotFound("unknown_notice", "There is no such notice.", field="text")
    after = [n for n in before if n != text]
    _put_notices(ctx, before, after)
    return len(after)


def _apply_notice_schedule(ctx: Context, _cmd: ApplyNoticeSchedule) -> int:
    now = to_db_time(ctx.now)
    before = audit.current_notices(ctx.conn, ctx.site)
    after = list(before)
    rows = ctx.conn.execute(
        "SELECT id, text, show_at, hide_at, shown FROM scheduled_notices WHERE done = 0"
    ).fetchall()
    for row_id, text, show_at, hide_at, shown in rows:
        ended = hide_at is not None and hide_at <= now
        if ended:
            if shown and text in after:
                after.remove(text)
            ctx.conn.execute("UPDATE scheduled_notices SET done = 1 WHERE id = ?", (row_id,))
        elif not shown and show_at <= now:
            if text not in after:
                after.append(text)
            done = 1 if hide_at is None else 0  # no end: it is an ordinary notice now
            ctx.conn.execute(
                "UPDATE scheduled_notices SET shown = 1, done = ? WHERE id = ?", (done, row_id)
            )
    _put_notices(ctx, before, after)
    return len(after)


HANDLERS: dict[type, Handler] = {
    SetNotices: _set_notices,
    ScheduleNotice: _schedule_notice,
    WithdrawNotice: _withdraw_notice,
    ApplyNoticeSchedule: _apply_notice_schedule,
}
