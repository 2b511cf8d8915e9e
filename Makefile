# CRM Plus: `make run` starts the app with demo data, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
export DJANGO_SETTINGS_MODULE := config.settings
# Test processes (pytest-xdist): one per core by default; TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= auto

.PHONY: run test install install-test system-deps system-deps-test messages static lint format ci clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PIP) install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Debian packages the app and its tests need: gettext (msgfmt) for translations,
# chromium for the browser tests, poppler-utils (pdftotext, pdffonts) to read PDFs in tests. Installed only when missing.
system-deps:
	@command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext)

system-deps-test: system-deps
	@test -x /usr/bin/chromium || (apt-get update -qq && apt-get install -y -qq chromium)
	@command -v pdftotext >/dev/null || (apt-get update -qq && apt-get install -y -qq poppler-utils)

messages: $(VENV)/.installed system-deps
	$(PY) manage.py compilemessages --ignore=.venv --ignore=var --verbosity 0

static: $(VENV)/.installed
	$(PY) manage.py collectstatic --noinput --clear --ignore "redoc.standalone.js*" --verbosity 0

run: $(VENV)/.installed messages static
	$(PY) manage.py migrate --noinput --verbosity 0
	$(PY) manage.py demo_data --seed 1
	scripts/run.sh

test: $(VENV)/.installed-test system-deps-test messages
	$(PY) manage.py collectstatic --noinput --clear --ignore "redoc.standalone.js*" --verbosity 0
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run --verbosity 0
	$(VENV)/bin/pytest -q -n $(TEST_WORKERS)

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

format: $(VENV)/.installed-test
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

ci:
	.ci/run

clean:
	rm -rf var/static var/test*.sqlite3*
