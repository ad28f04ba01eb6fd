# The two commands of the README: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
APPS := users accounts contacts deals scoring credit visits dashboard
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install messages translations lint format ci clean chromium ldap

## Install, migrate, load the demo company, serve on SQLite with tasks inline.
run: install
	DEBUG=True $(BIN)/python manage.py migrate --no-input
	DEBUG=True $(BIN)/python manage.py seed_demo --if-empty
	@echo ""
	@echo "  Key Account CRM: http://$(HOST):$(PORT)/  (log in with one of the demo logins above)"
	@echo ""
	DEBUG=True $(BIN)/python manage.py runserver $(HOST):$(PORT)

## Install, then lint and run the whole test suite (SQLite unless DATABASE_URL says otherwise).
test: install chromium
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=True $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest $(PYTEST_ARGS)

install: $(BIN)/.installed node_modules/.installed translations

$(BIN)/.installed: requirements.txt requirements-dev.txt | ldap
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

## The browser tests drive Debian's Chromium: install it when it is missing (as root, like CI),
## with the CJK fonts the Chinese pages (and docs/screenshots.py) are drawn in.
chromium:
	@{ command -v chromium >/dev/null && fc-list :lang=zh | grep -q .; } || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk; \
	  else echo "The browser tests need Chromium and CJK fonts: sudo apt-get install chromium fonts-noto-cjk" >&2; exit 1; fi; }

## LDAP sign-in: python-ldap builds against OpenLDAP's and SASL's headers, and the single
## sign-on tests run a real slapd seeded with ldapadd. Installed when missing (as root, like CI);
## the system's own slapd is stopped: the tests start their own on a free port.
ldap:
	@{ test -x /usr/sbin/slapd && command -v ldapadd >/dev/null && test -f /usr/include/ldap.h && test -f /usr/include/sasl/sasl.h; } || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slapd ldap-utils libldap2-dev libsasl2-dev \
	    && { service slapd stop >/dev/null 2>&1 || true; }; \
	  else echo "LDAP sign-in and its tests need: sudo apt-get install slapd ldap-utils libldap2-dev libsasl2-dev" >&2; exit 1; fi; }

## Compile the .po catalogues (needs gettext's msgfmt).
translations: $(BIN)/.installed
	@command -v msgfmt >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext; \
	  else echo "Compiling translations needs gettext: sudo apt-get install gettext" >&2; exit 1; fi; }
	DEBUG=True $(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v0

## Collect new strings into every app's catalogue, for translators.
messages: $(BIN)/.installed
	DEBUG=True $(BIN)/python manage.py makemessages -l zh_Hans --ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=tests --no-obsolete

lint:
	$(BIN)/ruff check .

format:
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3*
