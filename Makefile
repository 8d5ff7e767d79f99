# Thai Poverty Map: `make run` (set up and start the app on the demo data), `make test` (set up and test).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test setup install system-packages test-packages lint format bench docs lock clean

# Debian packages pip cannot provide (scripts/system-packages.sh installs the missing ones with
# apt-get as root or with `sudo -n`, else stops with the command to run): npm fetches Leaflet at
# set-up; briefing exports draw Thai in fonts-thai-tlwg and lay out PDFs with Pango (WeasyPrint);
# the browser tests need chromium (driven by PyPI playwright) and Thai fonts; the briefing
# tests convert decks with LibreOffice Impress and read the PDFs with poppler-utils.
RUN_PACKAGES := npm:npm fonts-thai-tlwg libpango-1.0-0 libpangoft2-1.0-0
TEST_PACKAGES := $(RUN_PACKAGES) chromium:chromium libreoffice-impress poppler-utils:pdftoppm

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

# The single sign-on tests run a real OpenID Connect provider on loopback: npm's oidc-provider
# (OpenID Certified), installed once under var/ (tests/sso/provider.mjs starts it).
OIDC_VERSION := 9.13.3
OIDC_PROVIDER := var/sso/node_modules/oidc-provider/.povmap-$(OIDC_VERSION)
$(OIDC_PROVIDER):
	npm install --silent --no-save --no-audit --no-fund --prefix var/sso oidc-provider@$(OIDC_VERSION)
	@touch $@

# Test files run side by side in one process per core (pytest-xdist; TEST_WORKERS=0 runs them in
# this process); a file's tests stay together, so a browser file starts its app server once.
TEST_WORKERS ?= auto
test: test-packages install lint $(OIDC_PROVIDER)
	$(BIN)/povmap setup --no-demo
	$(BIN)/python -m pytest -q -p no:cacheprovider -n $(TEST_WORKERS) --dist loadfile

# Benchmarks (docs/benchmarks.md, docs/benchmarks-import.md): maps, the 1 M-row import, and every
# page and `povmap stats` on a national store beside the demo. The national store is built once
# (hours at BMN scale; NATIONAL_SCALE=0.1 builds a tenth) under BENCH_WORK, outside the repository.
BENCH_WORK ?= /tmp/povmap-bench
NATIONAL_SCALE ?= 1
bench: setup test-packages
	$(BIN)/python bench/bench_map.py
	$(BIN)/python bench/bench_import.py
	$(BIN)/python bench/bench_readers.py
	$(BIN)/python bench/bench_scale.py --work $(BENCH_WORK) --national-scale $(NATIONAL_SCALE) --import-rows 0

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
