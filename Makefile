# The two commands: `make run` starts the whole system, `make test` installs what tests need and runs them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# A secret key kept in var/ for the local system; production sets SECRET_KEY itself. Bytecode is
# written for the modules the system imports (the runtime is installed without it, see below), even
# where the environment sets PYTHONDONTWRITEBYTECODE: without it every start compiles spaCy and
# Django again (4.7 s instead of 1.2 s to import the application here).
RUNENV = SECRET_KEY="$${SECRET_KEY:-$$(cat var/secret_key)}" PYTHONDONTWRITEBYTECODE=

.PHONY: run test install install-test frontend chromium migrate demo pytest vitest clean bench bandit

# A worktree whose .venv is a link to another checkout's environment shares it: nothing here
# installs into it (the checkout that owns it does), so the install steps below are skipped.
SHARED_VENV := $(shell [ -L $(VENV) ] && echo yes)

ifeq ($(SHARED_VENV),yes)
$(VENV)/.installed $(VENV)/.test-installed:
	@echo "$(VENV) links to a shared environment: not installing into it"
else
# The runtime only. --no-compile: bytecode of every module of every package cost 86 MB of the venv;
# the modules the system imports get theirs when it first imports them (RUNENV).
$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --no-compile -r requirements.txt
	touch $@

# The test tools, on top of the runtime (requirements-test.txt includes requirements.txt).
# The tests start many processes (workers, web servers): every module is compiled once here.
$(VENV)/.test-installed: $(VENV)/.installed requirements-test.txt
	$(BIN)/pip install --quiet -r requirements-test.txt
	$(BIN)/python -m compileall -q -j 0 "$$($(BIN)/python -c 'import sysconfig; print(sysconfig.get_path("purelib"))')" >/dev/null || true
	touch $@
endif

install: $(VENV)/.installed

install-test: $(VENV)/.test-installed

# npm ci only when the lock file changed since the last install.
frontend:
	@if [ -f frontend/package.json ]; then cd frontend \
	  && { [ node_modules/.installed -nt package-lock.json ] || { npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.installed; }; } \
	  && npm run build --silent; fi

# Debian's Chromium for the browser tests (never a downloaded browser).
chromium:
	@command -v chromium >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

var/secret_key:
	@mkdir -p var
	@$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

migrate: install var/secret_key
	$(RUNENV) $(BIN)/python manage.py migrate --noinput -v0

demo: migrate
	$(RUNENV) $(BIN)/python manage.py load_demo

run: install frontend var/secret_key
	$(RUNENV) $(BIN)/python manage.py migrate --noinput -v0
	$(RUNENV) $(BIN)/python manage.py collectstatic --noinput -v0
	$(RUNENV) $(BIN)/python manage.py load_demo
	$(RUNENV) exec $(BIN)/python manage.py serve

# Benchmarks against the peers' figures (README "Benchmarks"); BENCH_ARGS to choose, e.g. "import --docs 500".
BENCH_ARGS ?= all --docs 2000
bench: install var/secret_key
	$(RUNENV) $(BIN)/python manage.py bench $(BENCH_ARGS)

# The API schema the frontend's types are generated from (npm run gen:types); refresh it after an
# API change. tests/api/test_frontend_schema.py fails while it is stale.
.PHONY: schema
schema: install var/secret_key
	$(RUNENV) $(BIN)/python manage.py spectacular --format openapi-json \
	  --custom-settings api.schema.SCHEMA_SETTINGS --file frontend/src/api/schema.json

vitest: frontend
	@if [ -f frontend/package.json ]; then cd frontend && npm test --silent; fi

# Two test processes by default (PYTEST_PROCS=0 for one): each has its own data folder, test database
# and broker queue (annotator/settings_test.py); a test file runs whole in one process (--dist loadfile).
PYTEST_PROCS ?= 2
pytest: install-test frontend chromium
	$(BIN)/python -m pytest -n $(PYTEST_PROCS) --dist loadfile $(PYTEST_ARGS)

# Static security scan of our code; each accepted finding is marked `# nosec <test id>: <reason>` where it is.
bandit: install-test
	$(BIN)/bandit -q -r annotator api -x annotator/migrations

test: install frontend chromium vitest bandit pytest

clean:
	rm -rf var staticfiles frontend/dist

# Mutation testing (README "Mutation testing"), never part of `make test`: mutmut over the pure
# Python modules and the annotation store ([tool.mutmut] in pyproject.toml), Stryker over
# frontend/src/domain (frontend/stryker.config.mjs, Stryker installed in frontend/tools/mutate),
# then the per-module table. A clean run each time (mutants/ is rebuilt). Narrow it with
# MUTMUT_ARGS="annotator.formats.brat*" (mutant names) or STRYKER_ARGS="--mutate src/domain/spans.ts";
# MUTATE=python or MUTATE=frontend runs one side only.
MUTATE ?= python frontend
MUTMUT_ARGS ?=
STRYKER_ARGS ?=
.PHONY: mutate
mutate: install-test
	$(if $(SHARED_VENV),$(BIN)/python -c "import mutmut" || { echo "mutmut is missing from the shared $(VENV): install requirements-mutate.txt where it lives"; exit 1; },$(BIN)/pip install --quiet -r requirements-mutate.txt)
	@mkdir -p var/mutation
	@if [[ " $(MUTATE) " == *" python "* ]]; then rm -rf mutants \
	  && nice -n 19 $(BIN)/mutmut run --max-children 2 $(MUTMUT_ARGS) > var/mutation/mutmut.log 2>&1 \
	  || { tail -n 30 var/mutation/mutmut.log; exit 1; }; fi
	@if [[ " $(MUTATE) " == *" frontend "* ]]; then cd frontend/tools/mutate \
	  && { [ node_modules/.installed -nt package-lock.json ] || { npm ci --no-audit --no-fund --legacy-peer-deps --loglevel=error && touch node_modules/.installed; }; } \
	  && cd ../.. && rm -f ../var/mutation/stryker.json \
	  && nice -n 19 tools/mutate/node_modules/.bin/stryker run stryker.config.mjs $(STRYKER_ARGS); fi
	$(BIN)/python -m mutation.table
