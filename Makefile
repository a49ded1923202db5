# beforeyousign: developer and CI entry points.
#
#   make demo    set everything up, then analyse the example contract
#   make test    set everything up, then run the test suite
#
# Every target that runs project code depends on `setup`, which is idempotent and fast
# when nothing has changed.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# Debian packages the project needs at run or test time. Checked with dpkg first; apt-get
# runs only when one is missing.
#   fonts-dejavu-core   the tests render Cyrillic PDFs and photos with DejaVu
#   tesseract-ocr-*     OCR language data for photos and scans (osd: page rotation)
#   espeak-ng, sox      spoken reports, and checking their length
#   fonts-noto-core     Devanagari, Arabic, Bengali, Sinhala, Tamil in HTML/PDF reports
#   libpango-1.0-0 ...  WeasyPrint renders PDF reports through Pango
#   chromium            the web page's end-to-end tests (driven by Playwright; no download)
#   openjdk-17-jre-...  Spark in local mode for the batch engine's tests
TESSERACT_LANGS := rus eng spa fra ara hin nep uzb uzb-cyrl ben sin tam osd
DEB_PACKAGES := fonts-dejavu-core tesseract-ocr $(addprefix tesseract-ocr-,$(TESSERACT_LANGS)) \
  espeak-ng sox fonts-noto-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
  chromium openjdk-17-jre-headless

VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
BYS    := $(VENV)/bin/beforeyousign

# Interpreters tried, in order, to create the venv: the first one that runs and is
# Python >= 3.11 wins. Override with `make setup PYTHON=/path/to/python3.x`.
PYTHON ?=
PYTHON_CANDIDATES := $(if $(PYTHON),$(PYTHON),python3.11 python3)

DEV_CORPUS     := ../shared/corpus/dev
PROJECT_CORPUS := tests/corpus
DEMO_INPUT     := examples/military-contract-nepal.ru.txt

# Only lint folders that exist (git does not keep empty folders).
LINT_DIRS := $(wildcard src tests bench)

PYTEST_ARGS ?=

# Non-interactive everywhere: no prompt may wait on stdin.
export DEBIAN_FRONTEND := noninteractive
export PIP_NO_INPUT := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

# Shell fragment: sets $py to the first suitable interpreter (empty when none is).
FIND_PYTHON = py=""; for c in $(PYTHON_CANDIDATES); do \
    if command -v "$$c" >/dev/null 2>&1 \
       && "$$c" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then \
      py=$$(command -v "$$c"); break; \
    fi; \
  done

.PHONY: help setup deb-packages demo test lint eval bench fuzz load clean

help: ## List the targets
	@echo "Targets:"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## (.*)/  \1\t\2/' | expand -t 16

setup: deb-packages ## Install Debian packages, create .venv, install the project (idempotent)
	@if [ -f $(STAMP) ] && ! $(PY) -c 'import sys' >/dev/null 2>&1; then \
	  echo "$(VENV) is broken (its interpreter no longer runs): rebuilding it"; \
	  rm -rf $(VENV); \
	fi
	@$(MAKE) --no-print-directory -s $(STAMP)

deb-packages:
	@if ! command -v dpkg >/dev/null 2>&1; then \
	  echo "setup: no dpkg here (not Debian/Ubuntu); make sure these are installed: $(DEB_PACKAGES)"; \
	  exit 0; \
	fi; \
	missing=""; \
	for p in $(DEB_PACKAGES); do dpkg -s "$$p" >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ ! -x $(PY) ]; then \
	  $(FIND_PYTHON); \
	  case "$$py" in \
	    /usr/bin/*) "$$py" -c 'import ensurepip' >/dev/null 2>&1 \
	                || dpkg -s python3-venv >/dev/null 2>&1 || missing="$$missing python3-venv" ;; \
	  esac; \
	fi; \
	if [ -n "$$missing" ]; then \
	  echo "setup: installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -q; \
	  $(SUDO) apt-get install -y -q --no-install-recommends $$missing; \
	fi

$(STAMP): pyproject.toml
	@if [ ! -x $(PY) ]; then \
	  $(FIND_PYTHON); \
	  if [ -z "$$py" ]; then \
	    echo "setup: Python 3.11 or newer is required, but none was found." >&2; \
	    for c in $(PYTHON_CANDIDATES); do \
	      command -v "$$c" >/dev/null 2>&1 && echo "  $$c is $$("$$c" --version 2>&1)" >&2 || true; \
	    done; \
	    echo "  Install Python 3.11+ (Debian 12: apt-get install python3 python3-venv)" >&2; \
	    echo "  or point to one with: make setup PYTHON=/path/to/python3.11" >&2; \
	    exit 1; \
	  fi; \
	  echo "setup: creating $(VENV) with $$py ($$("$$py" --version 2>&1))"; \
	  "$$py" -m venv $(VENV); \
	fi
	@echo "setup: installing the project and its dev tools into $(VENV)"
	@$(PY) -m pip install --quiet --upgrade pip
	@$(PY) -m pip install --quiet -e '.[dev,web,telegram,spark]'
	@touch $@
	@echo "setup: done"

demo: setup ## Analyse the example military contract
	$(BYS) check $(DEMO_INPUT)

test: setup ## Run the test suite
	@rc=0; $(PY) -m pytest $(PYTEST_ARGS) || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "test: pytest collected no tests; that is a failure here" >&2; fi; \
	exit $$rc

lint: setup ## Ruff (lint and format check) and mypy
	$(VENV)/bin/ruff check $(LINT_DIRS)
	$(VENV)/bin/ruff format --check $(LINT_DIRS)
	$(VENV)/bin/mypy

eval: setup ## Score the analyser on the dev corpus and the project corpus
	@if [ -d $(DEV_CORPUS) ]; then \
	  echo "$(BYS) eval $(DEV_CORPUS)"; \
	  $(BYS) eval $(DEV_CORPUS); \
	else \
	  echo "eval: $(DEV_CORPUS) is missing (the shared folder is not beside the repo): skipped"; \
	fi
	$(BYS) eval $(PROJECT_CORPUS)

bench: setup ## Run the bench/*.py scripts (not the long fuzz and load runs: `make fuzz`, `make load`)
	@found=0; \
	for f in bench/*.py; do \
	  [ -e "$$f" ] || continue; \
	  case "$$(basename "$$f")" in _*|bench_fuzz.py|bench_load.py) continue ;; esac; \
	  found=1; \
	  echo "==> $(PY) $$f"; \
	  $(PY) "$$f"; \
	done; \
	[ $$found -eq 1 ] || echo "bench: no bench/*.py scripts yet: nothing to run"

fuzz: setup ## Fuzz the whole path with 100,000 generated inputs (20-45 min on 2 cores)
	$(PY) bench/bench_fuzz.py --inputs 100000

load: setup ## The web service under 10,000 requests and the bot under a burst (~10 min)
	$(PY) bench/bench_load.py

clean: ## Remove .venv, caches and build artefacts
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis build dist bench/out tests/out
	find . -path ./.git -prune -o \( -name '*.egg-info' -o -name __pycache__ \) -prune -exec rm -rf {} +
	find src -name '*.mo' -delete
