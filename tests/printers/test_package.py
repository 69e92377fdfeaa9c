"""The package's shape: public names, one-line module docstrings, imports only assets."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import printers

ROOT = Path(printers.__file__).resolve().parent
MODULES = sorted(
    ["printers"] + [m.name for m in pkgutil.walk_packages([str(ROOT)], prefix="printers.")]
)


def test_every_public_name_is_exported():
    for name in printers.__all__:
        assert getattr(printers, name) is not None
    assert sorted(printers.__all__) == sorted(set(printers.__all__))


def test_each_module_says_in_one_line_what_it_owns():
    for name in MODULES:
        doc = importlib.import_module(name).__doc__
        assert doc and "\n" not in doc.strip(), name


def test_printers_imports_no_package_of_ours_but_assets():
    ours = {"queue_core", "kiosk", "counter_display", "hall_board", "ui_common"}
    for path in ROOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not {n.split(".")[0] for n in names} & ours, path


def test_no_cleanup_in_del():
    for path in ROOT.rglob("*.py"):
        assert "def __del__" not in path.read_text("utf-8"), path


_IMPORT_EACH_FIRST = """
import importlib, sys
for name in sys.argv[1:]:
    for loaded in [m for m in sys.modules if m == "printers" or m.startswith("printers.")]:
        del sys.modules[loaded]
    importlib.import_module(name)
"""


def test_each_module_imports_first_without_a_cycle():
    # a fresh process (warnings are errors); each module imported first, on its own
    subprocess.run([sys.executable, "-W", "error", "-c", _IMPORT_EACH_FIRST, *MODULES], check=True)
