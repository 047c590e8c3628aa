# chitieu — the single entry point. `make run` and `make test` work from a fresh clone.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# Two installs: what running needs (the package and its dependencies), and on top of it what
# testing needs (the dev extra: pytest, ruff, mypy, PostgreSQL's driver, Spark…).
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev
DEMO_DECISION := src/chitieu/demo/data/binh-phuoc-2024-cctthc.txt
FAST := not spark and not slow

.PHONY: install install-run run test test-fast lint typecheck imports pytest bench clean system-deps

install: $(DEV_STAMP)

install-run: $(RUN_STAMP)

# Reinstall only when the project's dependencies change.
$(RUN_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(RUN_STAMP)

$(DEV_STAMP): $(RUN_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(DEV_STAMP)

# The web application on the demo home: built once (units, target set, a year of 1,000,000
# dossiers, computed values, the demo accounts), then served at http://127.0.0.1:8000.
DEMO_HOME := var/demo
run: install-run
	@test -f $(DEMO_HOME)/.demo-built || ($(BIN)/chitieu demo --home $(DEMO_HOME) && touch $(DEMO_HOME)/.demo-built)
	@echo "Tài khoản mẫu / demo accounts: vanphong (Văn phòng UBND tỉnh), donvi (đầu mối một xã), lanhdao (lãnh đạo) — mật khẩu / password: chitieu-demo"
	$(BIN)/chitieu web --home $(DEMO_HOME) --host 127.0.0.1 --port 8000

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

imports: install
	$(BIN)/lint-imports

# What the document and browser tests need from the system: LibreOffice (PDF), poppler
# (pdftotext) and Debian's chromium (Playwright drives it; it cannot download its own here).
# Installed when missing and apt-get can be used; otherwise those tests say they were skipped
# (and fail under CI=true, where everything must run).
SYSTEM_PACKAGES := libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-liberation chromium

system-deps:
	@if command -v soffice >/dev/null && command -v pdftotext >/dev/null \
		&& command -v chromium >/dev/null; then :; \
	elif command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
		echo "Cài LibreOffice, poppler-utils và chromium cho các bài kiểm tra văn bản và trình duyệt…"; \
		(apt-get update -qq || true) && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			$(SYSTEM_PACKAGES) >/dev/null; \
	else echo "Không cài được LibreOffice/poppler-utils/chromium: các bài kiểm tra PDF và trình duyệt sẽ bỏ qua."; fi

pytest: install system-deps
	$(BIN)/pytest

test: lint typecheck imports pytest

# The suite without Spark and without the tests marked slow (about a minute): while working.
test-fast: install
	$(BIN)/pytest -m "$(FAST)"

BENCH_STAMP := $(VENV)/.installed-bench

$(BENCH_STAMP): $(DEV_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $(BENCH_STAMP)

# Ratios of times measured in the same run (the machines are shared and noisy); BENCH_LARGE=1 adds
# 100 million dossiers.
bench: $(BENCH_STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .import_linter_cache
