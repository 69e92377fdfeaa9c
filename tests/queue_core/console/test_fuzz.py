"""Hypothesis against every form of the console on a real core: no input gets a 5xx.

The forms are found, not listed: every POST route of the console's routers must be the action
of a form on one of its pages (with a device, a waiting ticket, a notice and staff in place so
that every form is drawn), and each form is posted with its own fields and more, drawn from
what the page offers and from the edges: dates and moments at and past their limits, numbers
past 64 bits and digits that are not ASCII, long and odd strings, deep JSON, more fields than
the console takes, a missing or wrong CSRF token, a JSON body instead of a form. The routes that
read a query (reports and their downloads, the language switch, the login page) are fuzzed the
same way. Bounded in count so that CI stays fast; every answer is below 500, every JSON answer
in the contract's error shape, and the core logs no trace.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from queue_core.api import create_app
from queue_core.api.json_depth import MAX_JSON_DEPTH
from queue_core.console.auth import MAX_FORM_FIELDS
from tests.queue_core.conftest import MORNING
from tests.queue_core.console.conftest import log_in, login_csrf
from tests.queue_core.test_appointments import SITE as BOOKING_SITE
from tests.support.server import CoreServer, running_core
from tests.test_design import served_rows

EXAMPLES_PER_FORM = 25
PAGES = (
    "/console", "/console/devices", "/console/admin", "/console/bookings", "/console/audit",
    "/console/reports",
)  # fmt: skip
QUERY_ROUTES = {
    "/console/reports": ("from", "to", "by", "period"),
    "/console/reports.csv": ("from", "to", "by", "period"),
    "/console/reports.xlsx": ("from", "to", "by", "period"),
    "/console/lang": ("to", "next"),
    "/console/login": ("next",),
}
"""The GET routes that read a query, and what they read."""
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
FORMLESS = {"/console/admin/notice-clear": ("csrf",)}
"""POST routes no page draws a form for (clearing the notices is a route, not yet a button),
and the fields they read."""


# --- the forms, as the pages draw them ----------------------------------------------------


class Form:
    def __init__(self, action: str) -> None:
        self.action = action
        self.fields: dict[str, list[str]] = {}
        self.kinds: dict[str, str] = {}
        """An input's type (``date``, ``datetime-local``…) where the page gives one."""

    def offer(self, name: str | None, value: str | None, kind: str | None = None) -> None:
        if name:
            values = self.fields.setdefault(name, [])
            if value is not None and value not in values:
                values.append(value)
            if kind:
                self.kinds[name] = kind


class Forms(HTMLParser):
    """Every ``<form method="post">`` of a page: its action and the values it offers."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._form = Form(a.get("action") or "")
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag in ("input", "button", "textarea"):
            self._form.offer(a.get("name"), a.get("value") or "", a.get("type"))
        elif tag == "select":
            self._select = a.get("name")
            self._form.offer(self._select, None)
        elif tag == "option" and self._select:
            self._form.offer(self._select, a.get("value") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def forms_on(html: str) -> list[Form]:
    parser = Forms()
    parser.feed(html)
    return parser.forms


def route_pattern(path: str) -> re.Pattern[str]:
    return re.compile(re.sub(r"\\\{[a-z_]+\\\}", "[^/]+", re.escape(path)) + "$")


def console_routes(method: str) -> list[str]:
    app = create_app(Path("/nonexistent/luot.db"))  # built, never started
    return sorted(
        path for m, path in served_rows(app) if m == method and path.startswith("/console")
    )


POST_ROUTES = console_routes("POST")


# --- the core, set up so that every form is drawn ---------------------------------------


class Console:
    """A supervisor's console client that logs in again as a new supervisor whenever its
    session is gone (a fuzzed form may disable an account or change a PIN)."""

    def __init__(self, core: CoreServer) -> None:
        self.core = core
        self.client = httpx.Client(base_url=core.base_url, timeout=30)
        self.logins = 0
        self.csrf = ""
        self.log_in()

    def log_in(self) -> None:
        self.logins += 1
        username = f"fuzz{self.logins}"
        self.core.add_staff(username, "246810", "admin")
        self.client.cookies.clear()
        assert log_in(self.client, username, "246810").status_code == 303
        found = re.search(r'name="csrf" value="([^"]+)"', self.client.get("/console").text)
        assert found
        self.csrf = found.group(1)

    def ensure(self) -> None:
        """Logged in: a fuzzed form may have ended this session (or its account)."""
        if self.client.get("/console/fragment/hall").status_code != 200:
            self.log_in()

    def page(self, path: str) -> str:
        self.ensure()
        response = self.client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        return response.text


@pytest.fixture(scope="module")
def core(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CoreServer]:
    # a site that takes appointments, at 09:00, so that the bookings page draws its forms
    directory = Path(tmp_path_factory.mktemp("fuzz"))
    with running_core(directory, BOOKING_SITE, clock=(MORNING, 1.0)) as server:
        kiosk = server.pair_device("kiosk")
        server.add_staff("other", "1357", "clerk")
        with httpx.Client(base_url=server.base_url) as api:
            issued = api.post(
                "/api/v1/tickets",
                json={"service": "lltp"},
                headers={"Authorization": f"Bearer {kiosk}"},
            )
            assert issued.status_code == 201, issued.text
        yield server


@pytest.fixture(scope="module")
def console(core: CoreServer) -> Iterator[Console]:
    session = Console(core)
    posted = session.client.post(
        "/console/admin/notice", data={"csrf": session.csrf, "text": "Nghỉ trưa"}
    )
    assert posted.status_code == 303
    slot = re.search(r'name="slot" id="book-slot"><option value="([^"]+)"',
                     session.client.get("/console/bookings").text)  # fmt: skip
    assert slot is not None
    booked = session.client.post(
        "/console/bookings/book",
        data={"csrf": session.csrf, "service": "lltp", "slot": slot.group(1), "name": "Lê Văn A"},
    )
    assert booked.status_code == 303  # a booking, so that its cancel form is drawn
    yield session
    session.client.close()


@pytest.fixture(scope="module")
def forms(console: Console) -> dict[str, Form]:
    """Each POST route's form (the fields and values of all forms with that action)."""
    found: dict[str, Form] = {}
    for page in PAGES:
        for form in forms_on(console.page(page)):
            route = next((r for r in POST_ROUTES if route_pattern(r).match(form.action)), None)
            assert route is not None, f"{page}: a form posts to {form.action}, not a route"
            merged = found.setdefault(route, Form(form.action))
            for name, values in form.fields.items():
                for value in values or [""]:
                    merged.offer(name, value, form.kinds.get(name))
    login = forms_on(httpx.get(console.core.base_url + "/console/login").text)
    found["/console/login"] = login[0]
    for route, names in FORMLESS.items():
        assert route not in found, f"{route} has a form now: take it out of FORMLESS"
        found[route] = Form(route)
        for name in names:
            found[route].offer(name, "")
    return found


def test_every_post_route_of_the_console_is_a_form_on_its_pages(forms: dict[str, Form]) -> None:
    assert len(POST_ROUTES) >= 14
    assert sorted(forms) == POST_ROUTES


# --- what is drawn --------------------------------------------------------------------------

DAYS = [
    "0001-01-01", "9999-12-31", "1999-12-31", "2000-01-01", "2099-12-31", "2100-01-01",
    "2024-02-29", "2026-02-29", "2026-13-01", "0000-00-00", "+2026-01-01", "2026-1-1",
    "20261125", "2026-W48-3",
]  # fmt: skip
MOMENTS = [
    *(f"{day}T00:00" for day in DAYS),
    "9999-12-31T23:59:59.999999", "9999-12-31T23:59-12:00", "0001-01-01T00:00+14:00",
    "2026-11-25T08:00Z", "2026-11-25T24:00", "2026-11-25T08:00+99:00", "2026-11-25 08:00",
]  # fmt: skip
NUMBERS = [
    "0", "-1", "1", "2147483648", "9223372036854775807", "9223372036854775808",
    "99999999999999999999", "1e308", "NaN", "1.5", " 1", "0x1f", "٣", "²", "１２",
]  # fmt: skip
ODD = [
    "", " ", "\x00", "\r\n", "\t", "&=;%", "%00", "\u202e", "\ufeff", "e\u0301",
    "Nguyễn Văn A", "<script>alert(1)</script>", "' OR 1=1 --", "{{ 7*7 }}", "../../etc/passwd",
    "[" * 5000, "{" * 40 + "}" * 40, '{"a": ' * 50 + "1" + "}" * 50,
]  # fmt: skip

odd_text = st.one_of(
    st.sampled_from(ODD),
    st.text(max_size=40),
    st.text(min_size=300, max_size=3000),
    st.integers(1, 20).map(lambda n: "🙂" * n * 100),
)
edge_value = st.one_of(
    st.sampled_from(DAYS), st.sampled_from(MOMENTS), st.sampled_from(NUMBERS), odd_text
)


def edges_of(form: Form, name: str) -> list[str]:
    """The edges of a field's kind: a date's, a moment's, a number's when the page offers
    numbers, else odd strings."""
    offered = form.fields.get(name) or [""]
    kind = form.kinds.get(name)
    if kind == "date":
        return DAYS
    if kind == "datetime-local":
        return MOMENTS
    if all(v.isdigit() for v in offered) and any(offered):
        return NUMBERS
    return ODD


def value_for(form: Form, name: str) -> st.SearchStrategy[str]:
    """What the page offers, an edge of the field's kind, or any edge."""
    edges = st.sampled_from(edges_of(form, name))
    return st.one_of(st.sampled_from(form.fields.get(name) or [""]), edges, edge_value)


CSRF = "<the session's CSRF token>"
"""Stands for the token in drawn forms: the session, and so its token, may change between
examples (a fuzzed form may end it)."""


@st.composite
def form_data(draw: st.DrawFn, form: Form) -> list[tuple[str, str]]:
    """The form's fields, each what the page offers or something at an edge; sometimes a
    field left out, sometimes many more than the console takes."""
    data: list[tuple[str, str]] = []
    for name in form.fields:
        if name == "csrf":
            value = draw(st.sampled_from([CSRF] * 8 + ["", "x" * 64, CSRF.upper()]))
        else:
            value = draw(value_for(form, name))
        if draw(st.integers(0, 9)):  # now and then a field is missing
            data.append((name, value))
    extra = draw(st.sampled_from([0, 0, 0, 3, MAX_FORM_FIELDS - len(data), MAX_FORM_FIELDS + 5]))
    data += [
        (draw(st.sampled_from(["x", "csrf", "pin", "a b"])) + str(i), "1") for i in range(extra)
    ]
    return data


def no_trace_since(core: CoreServer, start: int) -> None:
    """The core logged no bug since its log was ``start`` characters long."""
    log = core.log()[start:]
    assert "Traceback" not in log and "unexpected error" not in log, log[-3000:]


def answered_well(response: httpx.Response) -> None:
    assert response.status_code < 500, (response.request.url, response.text[:500])
    if response.status_code >= 400 and "json" in response.headers.get("content-type", ""):
        body = response.json()
        assert set(body) == {"error"} and set(body["error"]) <= {"code", "message", "field"}
        assert re.fullmatch(r"[a-z][a-z0-9_]*", body["error"]["code"]), body


PATH_EDGES = [*NUMBERS[:9], "x", "%2e%2e", "1%2F2"]


def fill(path: str, value: str) -> str:
    """The route's path with its parameter (the console's have one at most) set."""
    return re.sub(r"\{[a-z_]+\}", value, path)


settings_for_forms = settings(
    max_examples=EXAMPLES_PER_FORM,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.mark.parametrize("route", POST_ROUTES)
def test_no_form_of_the_console_answers_5xx(
    core: CoreServer, console: Console, forms: dict[str, Form], route: str
) -> None:
    form = forms[route]
    offered = form.action.rstrip("/").split("/")[-2] if "{" in route else ""
    logged = len(core.log())

    def post(path: str, fields: list[tuple[str, str]]) -> None:
        if route == "/console/login":
            console.client.cookies.clear()
            csrf = login_csrf(console.client)
        else:
            console.ensure()
            csrf = console.csrf
        body = urlencode([(name, csrf if value is CSRF else value) for name, value in fields])
        answered_well(console.client.post(path, content=body, headers=FORM))

    # Every edge of each field's kind, once, the other fields as the page offers them.
    usual = [
        (name, CSRF if name == "csrf" else (values or [""])[0])
        for name, values in form.fields.items()
    ]
    for name in form.fields:
        if name != "csrf":
            for edge in edges_of(form, name):
                post(fill(route, offered), [(n, edge if n == name else v) for n, v in usual])
    for edge in PATH_EDGES if offered else ():
        post(fill(route, edge), usual)

    # Then the fields together, more of them, and bodies that are not forms.
    @given(data=st.data())
    @settings_for_forms
    def drawn(data: st.DataObject) -> None:
        path = fill(route, data.draw(st.sampled_from([offered, *PATH_EDGES]))) if offered else route
        if data.draw(st.integers(0, 9)):
            post(path, data.draw(form_data(form)))
        else:
            deep = "[" * data.draw(st.integers(MAX_JSON_DEPTH - 2, 3000)) + "1"
            headers = {"Content-Type": "application/json"}
            answered_well(console.client.post(path, content=deep, headers=headers))

    drawn()
    if route == "/console/login":
        console.log_in()
    no_trace_since(core, logged)


def test_the_console_routes_that_read_a_query_are_those_fuzzed_here() -> None:
    """A new GET route of the console that reads its query joins QUERY_ROUTES."""
    gets = console_routes("GET")
    assert set(QUERY_ROUTES) <= set(gets)


@pytest.mark.parametrize("route", sorted(QUERY_ROUTES))
def test_no_query_of_the_console_answers_5xx(
    core: CoreServer, console: Console, route: str
) -> None:
    names = QUERY_ROUTES[route]
    logged = len(core.log())
    usual = {"by": ["service", "counter", "staff"], "period": ["day", "week", "month"]}

    @given(data=st.data())
    @settings_for_forms
    def get(data: st.DataObject) -> None:
        query: list[tuple[str, str]] = []
        for name in names:
            choices = [st.sampled_from(usual.get(name, ["vi", "en", "/console"])), edge_value]
            if data.draw(st.integers(0, 5)):
                query.append((name, data.draw(st.one_of(choices))))
        if data.draw(st.integers(0, 5)) == 0:
            query += [(f"q{i}", "1") for i in range(200)]
        console.ensure()
        answered_well(console.client.get(route, params=query))

    get()
    no_trace_since(core, logged)
