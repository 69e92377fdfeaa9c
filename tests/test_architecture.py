"""The dependency rules of docs/design.md, checked on the source: every module imports alone,
the domain does no I/O and reads no clock, Qt stays in the apps, nobody imports an app but the
demo's module for it, the apps reach the core only through its client, nothing a centre runs
imports the demo, the harness, the simulator, the tests or the province, the province takes of
the core only its site reader, the bench imports no tests, and the store's modules are private
to it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = (
    "queue_core",
    "printers",
    "kiosk",
    "counter_display",
    "hall_board",
    "ui_common",
    "assets",
    "demo",
    "simulator",
    "harness",
    "province",
    "sms",
)
APPS = {"kiosk", "counter_display", "hall_board"}
QT_ALLOWED = APPS | {"ui_common"}
SHIPPING = APPS | {"queue_core", "printers", "sms", "ui_common", "assets"}
"""What a centre installs and runs."""
NOT_SHIPPED = {"demo", "harness", "simulator", "tests"}
PROVINCE = "province"
"""The province's service: installed where the province runs it, not in a centre."""
PROVINCE_MAY_USE = {"queue_core.config"}
"""What the province takes from the core: the one reader of a centre's site file."""
DEMO_OF_AN_APP = {"demo.apps", "demo.screenshots"}
"""The demo's modules that run inside one app's process or draw its screens: each named after
its app (``counter_samples`` after the counter), and the only modules outside an app that may
import it, or use Qt (through ``ui_common.qt``)."""
DEMO_NAMES = {"kiosk": "kiosk", "counter": "counter_display", "board": "hall_board"}
DOMAIN_FORBIDDEN = {
    "sqlite3",
    "sqlite_utils",
    "socket",
    "os",
    "time",
    "asyncio",
    "httpx",
    "websockets",
    "zeroconf",
    "PySide6",
    "random",
    "secrets",
    "subprocess",
    "pathlib",
    "threading",
    "logging",
    "queue_core.store",
    "queue_core.api",
    "queue_core.client",
}


def modules() -> list[tuple[str, Path]]:
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found.append((name, path))
    return found


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _matches(name: str, forbidden: set[str]) -> bool:
    return any(name == f or name.startswith(f + ".") for f in forbidden)


def test_every_module_imports_on_its_own() -> None:
    """Each module imported first in a fresh interpreter: circular imports show up here."""
    names = [name for name, _ in modules()]
    script = (
        "import importlib, sys\n"
        "failed = []\n"
        "for name in sys.argv[1:]:\n"
        "    for loaded in [m for m in sys.modules if m.split('.')[0] in "
        f"{PACKAGES!r}]:\n"
        "        del sys.modules[loaded]\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except Exception as exc:\n"
        "        failed.append(f'{name}: {exc!r}')\n"
        "print('\\n'.join(failed))\n"
    )
    # the modules shared between two interpreters at once: one per core of the machine
    halves = [names[0::2], names[1::2]]
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", script, *half],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
        )
        for half in halves
    ]
    for run in runs:
        out, err = run.communicate(timeout=300)
        assert run.returncode == 0, err[-2000:]
        assert out.strip() == ""


def import_graph() -> dict[str, set[str]]:
    """Which of our modules each module imports, at its top or inside a function."""
    known = dict(modules())

    def ours(name: str) -> str | None:
        while name and name not in known:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for name, path in known.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(filter(None, (ours(alias.name) for alias in node.names)))
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    base = ".".join([*up, *([node.module] if node.module else [])])
                for alias in node.names:
                    found.add(ours(f"{base}.{alias.name}") or ours(base) or "")
        graph[name] = found - {name, ""}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_circle_even_through_imports_inside_functions() -> None:
    """An import moved into a function hides a circle from the fresh-interpreter test above."""
    assert cycles(import_graph()) == []


def test_the_circle_finder_finds_a_circle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize(
    ("name", "path"), [m for m in modules() if m[0].startswith("queue_core.domain")]
)
def test_the_domain_is_pure(name: str, path: Path) -> None:
    bad = {i for i in imported(path) if _matches(i, DOMAIN_FORBIDDEN)}
    assert not bad, f"{name} imports {bad}"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            called = ast.unparse(func).rsplit(".", 2)[-2:]
            called = ".".join(called) if called[-1] == "time" else called[-1]
            assert called not in {"open", "now", "utcnow", "today", "time.time", "monotonic"}, (
                f"{name} reads the clock or a file: {called}() on line {node.lineno}"
            )


def apps_it_may_import(name: str) -> set[str]:
    """Its own app for a module of an app, or for the demo's module of that app; else none."""
    top = name.split(".")[0]
    if top in APPS:
        return {top}
    package, _, module = name.rpartition(".")
    if package in DEMO_OF_AN_APP:
        app = DEMO_NAMES.get(module.removesuffix("_samples"))
        return {app} if app else set()
    return set()


def test_the_demo_of_an_app_is_found() -> None:
    assert apps_it_may_import("demo.apps.counter") == {"counter_display"}
    assert apps_it_may_import("demo.screenshots.counter_samples") == {"counter_display"}
    assert apps_it_may_import("demo.apps.hooks") == set()
    assert apps_it_may_import("demo.launcher") == set()
    assert apps_it_may_import("hall_board.widgets.grid") == {"hall_board"}


@pytest.mark.parametrize(("name", "path"), modules())
def test_qt_only_in_the_apps_and_no_package_imports_an_app(name: str, path: Path) -> None:
    top = name.split(".")[0]
    names = imported(path)
    in_app = name.rpartition(".")[0] in DEMO_OF_AN_APP
    if top not in QT_ALLOWED:
        qt = {"PySide6"} if in_app else {"PySide6", "ui_common.qt"}
        assert not {i for i in names if _matches(i, qt)}, f"{name} imports Qt"
    others = APPS - apps_it_may_import(name)
    assert not {i for i in names if _matches(i, others)}, f"{name} imports another app"
    if top == "printers":
        ours = {i for i in names if _matches(i, set(PACKAGES) - {"printers", "assets"})}
        assert not ours, f"{name} imports {ours}"


def _core_imports(path: Path) -> set[str]:
    """Each ``queue_core…`` module imported, and ``queue_core:<name>`` for each name taken from
    the package itself."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if _matches(a.name, {"queue_core"}))
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "queue_core":
                found.update(f"queue_core:{a.name}" for a in node.names)
            elif _matches(node.module, {"queue_core"}):
                found.add(node.module)
    return found


@pytest.mark.parametrize(
    ("name", "path"), [m for m in modules() if m[0].split(".")[0] in APPS | {"ui_common"}]
)
def test_the_apps_reach_the_core_only_through_its_client(name: str, path: Path) -> None:
    """Not the domain, not the store: the client, which hands them the plain types they need
    (and the release's version, from the package)."""
    allowed = {"queue_core.client", "queue_core:__version__"}
    bad = {i for i in _core_imports(path) if not _matches(i, allowed)}
    assert not bad, f"{name} imports {sorted(bad)}: use queue_core.client"


def test_the_core_finder_sees_every_kind_of_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import queue_core.store\n"
        "from queue_core.domain import CounterState\n"
        "from queue_core import __version__, domain\n"
        "from queue_core.client import CoreClient\n",
        encoding="utf-8",
    )
    assert _core_imports(sample) == {
        "queue_core.store",
        "queue_core.domain",
        "queue_core:__version__",
        "queue_core:domain",
        "queue_core.client",
    }


@pytest.mark.parametrize(("name", "path"), [m for m in modules() if m[0].split(".")[0] in SHIPPING])
def test_nothing_a_centre_runs_imports_the_demo_the_harness_the_simulator_or_the_tests(
    name: str, path: Path
) -> None:
    bad = {i for i in imported(path) if _matches(i, NOT_SHIPPED)}
    assert not bad, f"{name} imports {sorted(bad)}"


@pytest.mark.parametrize(("name", "path"), [m for m in modules() if m[0].split(".")[0] == PROVINCE])
def test_the_province_imports_of_ours_only_the_cores_site_reader(name: str, path: Path) -> None:
    """No app, no Qt, no demo, harness, simulator or tests; of the core only its reader of site
    files (``queue_core.config``)."""
    names = imported(path)
    ours = {
        i for i in names if _matches(i, set(PACKAGES) | NOT_SHIPPED) and not _matches(i, {PROVINCE})
    }
    bad = {i for i in ours if not _matches(i, PROVINCE_MAY_USE)}
    assert not bad, f"{name} imports {sorted(bad)}"


@pytest.mark.parametrize(("name", "path"), [m for m in modules() if m[0].split(".")[0] in SHIPPING])
def test_nothing_a_centre_runs_imports_the_province(name: str, path: Path) -> None:
    """The province is optional: a centre runs without it (its shipper speaks to it over HTTP)."""
    bad = {i for i in imported(path) if _matches(i, {PROVINCE})}
    assert not bad, f"{name} imports {sorted(bad)}"


def _bench() -> list[tuple[str, Path]]:
    return [
        (".".join(path.relative_to(ROOT).with_suffix("").parts), path)
        for path in sorted((ROOT / "bench").rglob("*.py"))
    ]


@pytest.mark.parametrize(("name", "path"), _bench())
def test_the_bench_imports_no_tests(name: str, path: Path) -> None:
    """What the bench and the tests share is in ``harness``."""
    bad = {i for i in imported(path) if _matches(i, {"tests"})}
    assert not bad, f"{name} imports {sorted(bad)}: use harness"


STORE = ROOT / "queue_core" / "store"
STORE_MODULES = {
    path.stem if path.suffix else path.name
    for path in STORE.iterdir()
    if (path.suffix == ".py" and path.stem != "__init__") or (path / "__init__.py").exists()
}
"""The store's modules and packages, each private to it."""


def _users_of_the_store() -> list[tuple[str, Path]]:
    """Every module outside the store that may use it: the packages, bench, tests/support."""
    scripts = _bench() + [
        (".".join(path.relative_to(ROOT).with_suffix("").parts), path)
        for path in sorted((ROOT / "tests" / "support").rglob("*.py"))
    ]
    return [(n, p) for n, p in modules() if not n.startswith("queue_core.store")] + scripts


def _store_internals(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("queue_core.store."))
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.startswith("queue_core.store."):
                found.add(node.module)
            elif node.module == "queue_core.store":
                found.update(
                    f"queue_core.store.{a.name}" for a in node.names if a.name in STORE_MODULES
                )
    return found


@pytest.mark.parametrize(("name", "path"), _users_of_the_store())
def test_the_store_is_used_only_through_its_public_surface(name: str, path: Path) -> None:
    """Outside queue_core/store, only ``queue_core.store`` and the names in its ``__all__``."""
    internals = _store_internals(path)
    assert not internals, f"{name} imports {sorted(internals)}: use queue_core.store's names"


def test_the_store_finder_sees_every_kind_of_import(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import queue_core.store.schema\n"
        "from queue_core.store.records import to_db_time\n"
        "from queue_core.store import handlers, Store\n",
        encoding="utf-8",
    )
    assert _store_internals(sample) == {
        "queue_core.store.schema",
        "queue_core.store.records",
        "queue_core.store.handlers",
    }


def test_the_store_exports_what_its_all_lists() -> None:
    import queue_core.store as store

    assert sorted(store.__all__) == sorted(set(store.__all__))
    for name in store.__all__:
        assert getattr(store, name, None) is not None, name
