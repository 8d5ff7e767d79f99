# Thai Poverty Map: `make run` (set up and start the app on the demo data), `make test` (set up and test).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test setup install system-packages test-packages lint format bench docs lock clean

# Debian packages pip cannot provide (scripts/system-packages.sh installs the missing ones with
# apt-get as root or with `sudo -n`, else stops with the command to run): npm fetches Leaflet at
# set-up; the browser tests need chromium (driven by PyPI playwright) and Thai fonts.
RUN_PACKAGES := npm:npm
TEST_PACKAGES := $(RUN_PACKAGES) chromium:chromium fonts-thai-tlwg

$(BIN)/.installed: pyproject.toml requirements.lock
	@echo "› creating $(VENV) and installing the pinned dependencies (requirements.lock)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@

install: $(BIN)/.installed

system-packages:
	@bash scripts/system-packages.sh $(RUN_PACKAGES)

test-packages:
	@bash scripts/system-packages.sh $(TEST_PACKAGES)

setup: install system-packages
	$(BIN)/povmap setup

run: setup
	$(BIN)/python -m povmap.serve app.py --server.port $(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: test-packages install lint
	$(BIN)/povmap setup --no-demo
	$(BIN)/python -m pytest -q -p no:cacheprovider

bench: setup
	$(BIN)/python bench/bench_store.py

docs: install
	$(BIN)/povmap settings --markdown > docs/settings.md
	$(BIN)/povmap schema > docs/data-format.md
	$(BIN)/python -c "from data import sites; print(sites.markdown(), end=\"\")" > docs/sites-format.md

# Re-pin every dependency after changing pyproject.toml.
lock:
	rm -rf /tmp/povmap-lock && $(PYTHON) -m venv /tmp/povmap-lock
	/tmp/povmap-lock/bin/pip install --quiet -e '.[dev]'
	/tmp/povmap-lock/bin/pip freeze --exclude-editable | grep -v thai-poverty-map > requirements.lock

clean:
	rm -rf $(VENV) var static/vendor
