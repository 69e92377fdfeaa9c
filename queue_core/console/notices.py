"""The administration page's notice forms: post (now or scheduled), withdraw one, clear all."""

from __future__ import annotations

from starlette.requests import Request

from queue_core import clock
from queue_core.console import auth
from queue_core.console.admin import command_form, required
from queue_core.console.dates import moment_field
from queue_core.console.rendering import page_router
from queue_core.domain import Command, ScheduleNotice, SetNotices, WithdrawNotice

router = page_router()


def _post_notice(form: dict[str, str], request: Request) -> Command:
    text = required(form, "text", "Write the notice (at most 300 characters).", 300)
    zone = auth.runtime_of(request).site.timezone
    show_at, hide_at = form.get("show_at", ""), form.get("hide_at", "")
    if not show_at and not hide_at:
        return ScheduleNotice(text, clock.now(), None)
    start = moment_field(show_at, "show_at", zone) if show_at else clock.now()
    end = moment_field(hide_at, "hide_at", zone) if hide_at else None
    return ScheduleNotice(text, start, end)


def _withdraw_notice(form: dict[str, str], _request: Request) -> Command:
    return WithdrawNotice(required(form, "text", "Choose a notice.", 300))


def _clear_notices(_form: dict[str, str], _request: Request) -> Command:
    return SetNotices(())


command_form(router, "notice", _post_notice)
command_form(router, "notice-withdraw", _withdraw_notice)
command_form(router, "notice-clear", _clear_notices)
