PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# axe-core, for the accessibility test, fetched from the npm registry (650 kB: not kept in git)
AXE_VERSION := 4.14.1
AXE := $(VENV)/share/axe-core/axe.min.js

# The words people read: gettext catalogues (texts/locales/<locale>/LC_MESSAGES/<domain>.po),
# compiled to .mo files (build output, not in git) whenever a .po file changes.
PO := $(wildcard texts/locales/*/LC_MESSAGES/*.po)
MO := $(PO:.po=.mo)

.PHONY: install demo test soak bench lint clean texts

install: $(STAMP) $(MO)

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

%.mo: %.po $(STAMP)
	$(BIN)/pybabel compile -i $< -o $@

# Extract the msgids the code and the templates use (babel.cfg) into one template, add the
# new ones to the catalogue of the domain their file belongs to, in every locale, untranslated
# (texts/sync.py: keys built at run time are never dropped); then compile.
texts: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k t -k InputError -k Notice \
	  --sort-by-file -o texts/locales/workplan.pot .
	$(BIN)/python -m texts.sync texts/locales/workplan.pot
	$(MAKE) --no-print-directory install

demo: install
	$(BIN)/workplan demo

test: install $(AXE)
	$(BIN)/pytest -q

# Without npm or the registry the accessibility test skips and says so; the rest runs.
$(AXE):
	mkdir -p $(dir $(AXE))
	cd $(dir $(AXE)) && (npm pack --silent axe-core@$(AXE_VERSION) >/dev/null \
	  && tar -xzf axe-core-$(AXE_VERSION).tgz --strip-components=1 package/axe.min.js \
	  package/LICENSE && rm axe-core-$(AXE_VERSION).tgz) \
	  || echo "axe-core could not be fetched: the accessibility test will be skipped"

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
	$(BIN)/python bench/board_bench.py
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
