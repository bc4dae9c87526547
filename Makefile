# storyline: `make run` ingests CORPUS and lists what it found; `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CORPUS ?= ../shared/seeds
DB ?= storyline.db
STAMP := $(VENV)/.installed

.PHONY: install run test bench eval train clean system-deps

# Idempotent: re-installs only when pyproject.toml changes. Leaves the CLI at .venv/bin/storyline.
# storyline's own modules are byte-compiled here (quick when nothing changed): where the environment
# sets PYTHONDONTWRITEBYTECODE, an editable install would otherwise compile them at every command.
install: $(STAMP)
	@$(BIN)/python -m compileall -q src/storyline

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $(STAMP)

run: install
	$(BIN)/storyline --db $(DB) ingest $(CORPUS)
	$(BIN)/storyline --db $(DB) docs
	$(BIN)/storyline --db $(DB) events
	$(BIN)/storyline --db $(DB) report --out report

test: install system-deps
	$(BIN)/python -m pytest

# Debian's chromium renders the HTML report headless in tests/test_report.py.
system-deps:
	command -v chromium >/dev/null || { SUDO=; [ "$$(id -u)" = 0 ] || SUDO=$$(command -v sudo || true); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

bench: install
	$(BIN)/python bench/bench_ingest.py
	$(BIN)/python bench/bench_analysis.py

eval: install
	$(BIN)/python bench/eval_extraction.py
	$(BIN)/python bench/eval_segmenter.py
	$(BIN)/python bench/eval_quotes.py
	$(BIN)/python bench/eval_names.py
	$(BIN)/python bench/eval_timex.py
	$(BIN)/python bench/eval_events.py
	$(BIN)/python bench/eval_stories.py

# Re-learn the line model's weights from the labelled page-text lines, and the headline model's (see bench/README.md).
train: install
	$(BIN)/python bench/label_lines.py
	$(BIN)/python bench/train_segmenter.py
	$(BIN)/python bench/train_headline.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
