PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum requirements.lock | cut -c1-12)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
HOST ?= 127.0.0.1:8000

.PHONY: install run test browser lint messages bench

$(STAMP): requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

# Web server and django-q2 worker together; Ctrl-C stops both.
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py qcluster & QCLUSTER=$$!; \
	trap 'kill $$QCLUSTER 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST)

# Browser tests drive Debian's Chromium; install it where it is missing.
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  ($(SUDO) apt-get update -qq && \
	   DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium chromium-driver fonts-liberation)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

test: lint browser
	$(PY) -m pytest -q

# Refresh the English catalogue after changing Vietnamese strings.
messages: install
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=tests --ignore=staticfiles
	$(PY) manage.py compilemessages -l en --ignore=.venv

# Province-scale benchmark (bench/README.md): SIZE=50k|500k DB=postgres|sqlite.
SIZE ?= 50k
DB ?= postgres
bench: install
	$(PY) bench/run.py --size $(SIZE) --db $(DB)
