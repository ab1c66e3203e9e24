# The everyday commands. `make run` and `make test` need only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in e-mails sent by the worker (digests) point where `make run` serves, unless SITE_URL says otherwise.
export SITE_URL ?= http://$(HOST):$(PORT)
# The old portal's pages imported by `make demo`: the Mali seed and the pages of tests/data/pages/.
DEMO_PAGES := tests/data/mali.txt tests/data/pages

.PHONY: install run demo serve test test-postgres lint format messages lock clean

install: $(VENV)/.installed

$(VENV)/.installed: requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	@touch $@

## Install, migrate, load reference data and the demo content, then serve on http://$(HOST):$(PORT)
run: demo serve

demo: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_reference_data
	$(BIN)/python manage.py import_pages $(DEMO_PAGES)
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0

serve: install
	@echo "Serving the GFMD Portal on http://$(HOST):$(PORT)/ with its task worker (Ctrl-C stops both)"
	@# The worker in a loop that starts it again if it stops; on TERM the loop stops it and ends.
	@( trap 'kill $$task 2>/dev/null; exit 0' TERM; \
	  while true; do \
	    $(BIN)/python manage.py task_worker & task=$$!; wait $$task; status=$$?; \
	    echo "$$(date '+%F %T') the task worker stopped (status $$status); starting it again in 5 s"; \
	    sleep 5 & wait $$!; \
	  done ) > var/worker.log 2>&1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver --noreload $(HOST):$(PORT)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-postgres: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres} $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

## Refresh the French and Spanish catalogues from the code, then compile them (needs GNU gettext)
messages: install
	$(BIN)/python manage.py makemessages -l fr -l es --no-obsolete --add-location file \
		--ignore "var/*" --ignore "tests/*" --ignore "bench/*" --ignore "docs/*" --ignore "test-artifacts/*"
	$(BIN)/python manage.py compilemessages -l fr -l es -l en --ignore ".venv"

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

lock: install
	$(BIN)/python -m pip freeze --exclude-editable | sed '1i # Every package the portal installs, pinned exactly (runtime and test tools).\n# Regenerate after changing pyproject.toml: make lock' > requirements.lock

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
