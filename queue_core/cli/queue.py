"""The queue from a terminal: issue, a counter's moves (next, recall, start, finish, no-show,
open, pause, close), and ending the day."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from queue_core.cli.common import Action, Commands, command, run, show
from queue_core.domain import (
    CallNext,
    Command,
    CounterState,
    FinishService,
    IssueTicket,
    MarkNoShow,
    PriorityKind,
    Recall,
    ResetDay,
    SetCounterState,
    StartService,
    Ticket,
)
from queue_core.shapes import ticket_json
from queue_core.store import TicketView


def cmd_issue(args: argparse.Namespace) -> None:
    issue = IssueTicket(
        args.service,
        priority=args.priority is not None,
        priority_kind=args.priority,
        channel="cli",
    )
    store, view = run(args, issue)
    assert isinstance(view, TicketView)
    data = ticket_json(
        store.site,
        view.ticket,
        view.ahead,
        view.estimate_minutes,
        with_token=True,
        wait=view.estimate_range,
    )
    show(
        args,
        data,
        f"{view.ticket.number}  {data['service']['name']}  "
        f"({view.ahead} ahead, ~{view.estimate_minutes} min)",
    )


def _ticket_action(command_type: Callable[[int], Command]) -> Action:
    def action(args: argparse.Namespace) -> None:
        store, ticket = run(args, command_type(args.counter))
        if ticket is None:
            show(args, None, f"counter {args.counter}: nobody is waiting")
            return
        assert isinstance(ticket, Ticket)
        data = ticket_json(store.site, ticket)
        show(args, data, f"counter {args.counter}: {ticket.number} {ticket.status.value}")

    return action


def _counter_action(state: CounterState) -> Action:
    def action(args: argparse.Namespace) -> None:
        run(args, SetCounterState(args.counter, state))
        print(f"counter {args.counter}: {state.value}")

    return action


def cmd_reset_day(args: argparse.Namespace) -> None:
    _store, closed = run(args, ResetDay(args.reason))
    print(f"business day ended: {closed} unserved ticket(s) closed")


def add_commands(commands: Commands) -> None:
    p = command(commands, "issue", cmd_issue, "issue a ticket for a service", json_flag=True)
    p.add_argument("service", help="the service id")
    p.add_argument(
        "--priority",
        nargs="?",
        const=PriorityKind.ELDERLY.value,
        choices=[k.value for k in PriorityKind],
        help="a priority ticket",
    )
    for name, command_type, help_text in (
        ("next", CallNext, "call the next ticket at a counter"),
        ("recall", Recall, "call the counter's ticket again"),
        ("start", StartService, "start serving the counter's ticket"),
        ("finish", FinishService, "finish serving the counter's ticket"),
        ("no-show", MarkNoShow, "mark the counter's ticket as not present"),
    ):
        p = command(commands, name, _ticket_action(command_type), help_text, json_flag=True)
        p.add_argument("counter", type=int, help="the counter number")
    for name, state in (
        ("open", CounterState.OPEN),
        ("pause", CounterState.PAUSED),
        ("close", CounterState.CLOSED),
    ):
        p = command(commands, name, _counter_action(state), f"{name} a counter")
        p.add_argument("counter", type=int, help="the counter number")
    p = command(
        commands, "reset-day", cmd_reset_day, "end the business day: unserved tickets are cancelled"
    )
    p.add_argument("--reason", default="day ended by hand")
