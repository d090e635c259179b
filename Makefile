# aigov: the two set-up commands are `make run` and `make test`; each does all its own set-up.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Run apt-get directly as root, through sudo otherwise.
APT := $(if $(filter 0,$(shell id -u)),apt-get,sudo apt-get)

.PHONY: slurm run test install install-dev icu-deps assets assets-dev static lock deploy-tools chromium pdf-deps lint typecheck pytest bench sync-reference messages clean

run: install assets pdf-deps ## Install, migrate SQLite, load reference data, create an admin, collect static files, serve on 127.0.0.1:8000
	$(BIN)/aigov migrate --noinput
	$(BIN)/aigov load-reference
	$(BIN)/aigov accounts ensure-admin
	$(BIN)/aigov search rebuild
	$(BIN)/aigov collectstatic --noinput -v0
	@echo "aigov is serving on http://$(HOST):$(PORT)/ (Ctrl-C stops it)"
	$(BIN)/gunicorn aigov.wsgi --bind $(HOST):$(PORT) --workers 2 --threads 4 --access-logfile - --no-control-socket

test: install-dev assets-dev chromium pdf-deps deploy-tools slurm lint ## Install test tools and Chromium, lint, then run the suite (SQLite, then PostgreSQL if TEST_POSTGRES_URL)
	$(BIN)/aigov makemigrations --check --dry-run
	$(BIN)/pytest -n 2 -p no:cacheprovider
	@if [ -n "$$TEST_POSTGRES_URL" ]; then \
		echo "== again on PostgreSQL"; \
		DATABASE_URL="$$TEST_POSTGRES_URL" $(BIN)/pytest -n 2 -p no:cacheprovider; \
	fi

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Every pinned package is checked against the hashes in the lock; the project itself is
# installed editable on top, without dependencies (they all come from the lock).
$(VENV)/.base-installed: $(BIN)/python requirements/base.lock pyproject.toml | icu-deps
	$(BIN)/pip install --quiet --require-hashes -r requirements/base.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.dev-installed: $(VENV)/.base-installed requirements/dev.lock
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev.lock
	touch $@

install: $(VENV)/.base-installed
install-dev: $(VENV)/.dev-installed

icu-deps: ## ICU's headers and a C++ compiler: PyICU is built from source at install
	@dpkg -s libicu-dev pkg-config g++ >/dev/null 2>&1 || ($(APT) update && $(APT) install -y --no-install-recommends libicu-dev pkg-config g++)

lock: install-dev ## Re-pin requirements/*.lock with hashes (keeps current pins; UV_ARGS=--upgrade to move them)
	$(BIN)/uv pip compile pyproject.toml --universal --generate-hashes --quiet $(UV_ARGS) \
		--custom-compile-command "make lock" -o requirements/base.lock
	$(BIN)/uv pip compile pyproject.toml requirements/dev.in --universal --generate-hashes --quiet $(UV_ARGS) \
		--custom-compile-command "make lock" -o requirements/dev.lock

# Front-end packages: production gets package.json's dependencies only (`npm ci --omit=dev`);
# the tests also need the devDependencies (axe-core). `npm ci` empties node_modules first, so
# each install removes the other's stamp.
NPM := @command -v npm >/dev/null || ($(APT) update && $(APT) install -y --no-install-recommends nodejs npm)

node_modules/.installed-prod: package.json package-lock.json
	$(NPM)
	npm ci --omit=dev --no-audit --no-fund
	touch $@

node_modules/.installed-dev: package.json package-lock.json
	$(NPM)
	npm ci --no-audit --no-fund
	touch $@

assets: node_modules/.installed-prod
assets-dev: node_modules/.installed-dev

static: install assets ## Collect static files (hashed names, .gz and .br copies) into $$AIGOV_VAR_DIR/static (var/static)
	$(BIN)/aigov collectstatic --noinput

deploy-tools: ## nginx and systemd-analyze, so the tests can validate deploy/ (Debian's packages)
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || ($(APT) update && $(APT) install -y --no-install-recommends nginx-light)
	@command -v systemd-analyze >/dev/null || ($(APT) update && $(APT) install -y --no-install-recommends systemd)

slurm: ## Debian's slurm-wlm, slurmdbd, munge and mariadb-server, and a single-node Slurm with accounting (munged, MariaDB, slurmdbd, slurmctld, slurmd) run from var/slurm, for the compute module's Slurm tests
	@(command -v sbatch && test -x /usr/sbin/slurmdbd && test -x /usr/sbin/mariadbd && command -v mariadb-install-db) >/dev/null || ($(APT) update && $(APT) install -y --no-install-recommends slurm-wlm slurmdbd munge mariadb-server)
	bash deploy/slurm/start.sh $(or $(AIGOV_VAR_DIR),var)/slurm

chromium: ## Debian's Chromium for the browser tests (Playwright drives /usr/bin/chromium)
	@test -x /usr/bin/chromium || ($(APT) update && $(APT) install -y --no-install-recommends chromium)

pdf-deps: ## Pango and the Noto fonts WeasyPrint needs for report PDFs (Arabic and Chinese included); poppler-utils for the tests that read them back
	@dpkg -s libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core fonts-noto-cjk poppler-utils >/dev/null 2>&1 || ($(APT) update && $(APT) install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core fonts-noto-cjk poppler-utils)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy aigov
	$(BIN)/python -m aigov.core.lint
	$(BIN)/lint-imports --no-cache

bench: install-dev assets ## Benchmarks under bench/ (also on PostgreSQL when TEST_POSTGRES_URL is set)
	$(BIN)/python bench/run.py

sync-reference: ## Refresh data/reference from ../shared/data, and data/schemas from ../shared/schemas (the project's copies are what load)
	cp ../shared/data/* data/reference/
	mkdir -p data/schemas && cp -r ../shared/schemas/iati-2.03 data/schemas/

messages: install-dev ## Extract UI strings into the six catalogues and compile them
	cd aigov && ../$(BIN)/aigov makemessages -l ar -l zh_Hans -l fr -l ru -l es --no-obsolete
	$(BIN)/python -m aigov.core.i18n_compile

clean:
	rm -rf $(VENV) node_modules var
