PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck unit bench sandbox clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[sandbox,dev]'
	touch $(STAMP)

# REALISTIC=1 runs with AWS-like timings (a channel start takes about 2 minutes); SOCKET=1 runs the bot in
# Socket Mode (Slack's requests arrive over a websocket it opens); SCRIPT=file runs console steps unattended.
demo: $(STAMP)
	$(BIN)/shelcaster demo $(if $(REALISTIC),--realistic) $(if $(SOCKET),--socket) $(if $(SCRIPT),--script $(SCRIPT))

test: $(STAMP) lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -q -n 4  # tests wait on the sandbox's clocks far more than on the CPU

bench: $(STAMP)
	$(BIN)/python -m bench

sandbox: $(STAMP)
	$(BIN)/shelcaster sandbox $(if $(REALISTIC),--realistic)

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
