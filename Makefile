PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install demo test soak bench lint clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: install
	$(BIN)/workplan demo

test: install
	$(BIN)/pytest -q

# The long versions: 200 processes killed with SIGKILL (import, delivery), mail faults
# over 600 messages, 8 writers x 500 updates, the API fuzzed with 200 examples per
# operation; each prints its table. PostgreSQL too when WORKPLAN_TEST_DATABASE_URL is set.
soak: install
	WORKPLAN_SOAK_KILLS=200 WORKPLAN_SOAK_MESSAGES=600 WORKPLAN_SOAK_WRITERS=8 \
	WORKPLAN_SOAK_UPDATES=500 WORKPLAN_FUZZ_EXAMPLES=200 \
	$(BIN)/pytest -q -s -p no:cacheprovider tests/soak tests/integration/test_mail_faults.py \
	  tests/e2e/test_fuzz_api.py

bench: install
	$(BIN)/python bench/import_bench.py
	$(BIN)/python bench/cli_bench.py
	$(BIN)/python bench/http_bench.py
	$(BIN)/python bench/rollup_bench.py
	$(BIN)/python bench/flow_bench.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy
	@n=$$($(BIN)/mypy --no-error-summary store notifications workflows workplan 2>/dev/null \
	  | grep -c ' error: ' || true); \
	  echo "mypy: $$n errors left in store/, notifications/, workflows/, workplan/ (to bring down)"

clean:
	rm -rf var/ .pytest_cache
