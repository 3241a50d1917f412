# The two entry points of README.md: `make demo` and `make test`. Both work on a fresh machine.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip

.PHONY: demo test lint typecheck benchmarks clean browser serve screenshots

$(VENV)/.installed-all: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[all]'
	touch $@

$(VENV)/.installed-test: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[test]'
	touch $(VENV)/.installed-all $@

demo: $(VENV)/.installed-all
	$(VENV)/bin/summitwatch demo --db out/summitwatch-demo.db --out out/summitwatch-demo-brief.html

# The analyst's desk over the demo store: http://127.0.0.1:8000/ (read-only without a token).
serve: demo
	$(VENV)/bin/summitwatch serve --db sqlite:///out/summitwatch-demo.db

# Screenshots of the desk's overview, a document and a question page, under out/.
screenshots: demo browser
	$(PIP) install --quiet 'playwright>=1.40'
	$(PY) scripts/desk_screenshots.py --db sqlite:///out/summitwatch-demo.db --out out

# Headless Chromium for the brief's browser test (Debian package; needs root or sudo).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

test: $(VENV)/.installed-test browser
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	$(PY) -m pytest -q

lint:
	$(VENV)/bin/ruff check src tests benchmarks && $(VENV)/bin/ruff format --check src tests benchmarks

typecheck:
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
