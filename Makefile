# Two commands for a fresh clone (README): `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install lint bench browser clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

# Debian's Chromium for the browser tests (Playwright drives it; no browser download), CJK fonts for Chinese text,
# and LibreOffice Calc, in which the ledger tests open every workbook we write.
browser:
	@command -v chromium >/dev/null 2>&1 && command -v libreoffice >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium, LibreOffice Calc and CJK fonts"; \
	  (apt-get update -qq || true) && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    chromium fonts-noto-cjk libreoffice-calc-nogui; }

run: install
	$(PY) -m config.stack run

lint: install
	$(VENV)/bin/ruff check .

test: install browser lint
	$(PY) -m config.stack exec -- $(PY) -m pytest $(PYTEST_ARGS)

bench: install
	$(PY) -m config.stack exec -- sh -c 'for f in bench/*.py; do $(PY) $$f || exit 1; done'

clean:
	rm -rf $(VENV) var
