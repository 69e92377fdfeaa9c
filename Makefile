# The project's two commands: `make run` (the main job) and `make test`.
# Both create .venv when it is missing and install the project into it.

VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
PORT ?= 8470
# `make run HEADLESS=1`: the hall's apps offscreen, a screenshot of each every few seconds in var/shots.
HEADLESS ?=

.PHONY: run test lint bench screenshots clean

$(STAMP): pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test,dev,province]'
	@touch $(STAMP)

# The whole hall (luot-demo): the core, a kiosk, two counters and their displays, a board.
# With no display it says so and runs headless.
run: $(STAMP)
	$(VENV)/bin/luot-demo --var var --port $(PORT) $(if $(HEADLESS),--headless)

# The checks first (a minute at most), then the tests.
# the tests of one file share a worker (its module fixtures once); one worker per core, at most 4
test: lint
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/python -m pytest -q -n auto --maxprocesses 4 --dist loadfile

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

bench: $(STAMP)
	$(PY) bench/core_bench.py
	$(PY) bench/print_bench.py
	$(PY) bench/api_bench.py --seconds 10
	$(PY) bench/kiosk_bench.py 20
	QT_QPA_PLATFORM=offscreen $(PY) bench/board_bench.py
	$(PY) bench/phone_bench.py
	$(PY) bench/drill.py

# Every screen of the three apps, offscreen, at the sizes they are used at.
screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m demo.screenshots.kiosk docs/screenshots/kiosk
	QT_QPA_PLATFORM=offscreen $(PY) -m demo.screenshots.counter docs/screenshots/counter
	QT_QPA_PLATFORM=offscreen $(PY) -m demo.screenshots.board docs/screenshots/board

clean:
	rm -rf var .pytest_cache
