"""The core's one error tree and its HTTP table: every code the source raises has the status its
kind says, and the statuses docs/design.md gives each code are the ones the API answers."""

from __future__ import annotations

import ast
import inspect
import json
import logging
import re
from pathlib import Path

import pytest

from queue_core import errors
from queue_core.api.errors import STATUS_BY_CODE, failure_response, status_of
from queue_core.errors import (
    AccessDenied,
    ApiError,
    Conflict,
    DomainError,
    LuotError,
    NotAuthenticated,
    NotFound,
    StoreError,
)

ROOT = Path(__file__).resolve().parents[3]
SOURCE = ROOT / "queue_core"

KIND_STATUS = {
    "NotFound": {404},
    "Conflict": {409, 423},  # a locked account is a state too, with its own status
    "NotAuthenticated": {401},
    "AccessDenied": {403},
    "StoreError": {503},
}
ANSWERED_BY_THE_APP = {"invalid_json", "method_not_allowed", "body_too_large", "internal_error"}
"""Codes the app's own handlers answer (bad JSON, the router, the body limit, a bug)."""


def raised_codes() -> list[tuple[str, str, str]]:
    """(class, code, where) for each error built with a literal code in queue_core."""
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        if "client" in path.relative_to(SOURCE).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            if node.func.id in KIND_STATUS and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    where = f"{path.relative_to(ROOT)}:{node.lineno}"
                    found.append((node.func.id, first.value, where))
    return found


def test_the_source_raises_some_of_each_kind() -> None:
    kinds = {kind for kind, _code, _where in raised_codes()}
    assert kinds == set(KIND_STATUS)


@pytest.mark.parametrize(("kind", "code", "where"), raised_codes())
def test_each_code_raised_has_the_status_of_its_kind(kind: str, code: str, where: str) -> None:
    assert STATUS_BY_CODE.get(code, 422) in KIND_STATUS[kind], f"{where}: {kind}({code!r})"


def design_statuses() -> list[tuple[int, str]]:
    """(status, code) from the status table under "### Errors" in docs/design.md."""
    text = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    table = text.split("### Errors", 1)[1].split("### ", 1)[0]
    rows = re.findall(r"^\| (\d{3}) \| (.*) \|$", table, flags=re.MULTILINE)
    return [
        (int(status), code)
        for status, words in rows
        for code in re.findall(r"`([a-z][a-z0-9_]*)`", words)
    ]


def test_design_md_names_codes_for_every_status() -> None:
    statuses = {status for status, _code in design_statuses()}
    assert {401, 403, 404, 409, 422, 423, 429, 503} <= statuses


@pytest.mark.parametrize(("status", "code"), design_statuses())
def test_the_api_answers_each_code_with_the_status_design_md_gives(status: int, code: str) -> None:
    if code in ANSWERED_BY_THE_APP:
        return
    assert STATUS_BY_CODE.get(code, 422) == status


def test_every_error_of_the_core_is_a_luot_error_drawn_in_the_tree() -> None:
    tree = errors.__doc__ or ""
    classes = [
        c
        for _name, c in inspect.getmembers(errors, inspect.isclass)
        if issubclass(c, Exception) and c.__module__ == errors.__name__
    ]
    assert sorted(c.__name__ for c in classes) == sorted(errors.__all__)
    for cls in classes:
        assert issubclass(cls, LuotError)
        assert re.search(rf"\b{cls.__name__}\b", tree), f"{cls.__name__} is not in the tree"


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (NotFound("unknown_ticket", "There is no ticket 9.", "ticket"), 404),
        (Conflict("recall_first", "Recall first."), 409),
        (Conflict("account_locked", "Locked."), 423),
        (NotAuthenticated("invalid_token", "Pair again."), 401),
        (AccessDenied("wrong_counter", "Another counter.", "n"), 403),
        (DomainError("invalid_score", "1 to 4.", "score"), 422),
        (DomainError("wrong_pin", "Not right.", "pin"), 401),
        (StoreError("database_busy", "Busy."), 503),
        (ApiError(429, "too_many_attempts", "Wait."), 429),
    ],
)
def test_the_status_comes_from_the_code(
    error: LuotError, status: int, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="luot.api")  # a database problem is logged
    assert status_of(error) == status
    response = failure_response(error)
    assert response.status_code == status
    assert json.loads(response.body) == {"error": error.as_dict()}


def test_anything_else_is_a_bug_answered_500(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.ERROR, logger="luot.api")  # the bug's trace is logged
    response = failure_response(RuntimeError("boom"))
    assert response.status_code == 500
    assert json.loads(response.body)["error"]["code"] == "internal_error"
