# Two commands matter: `make demo` and `make test`. Both create .venv with the
# pinned tools first, so nothing depends on what the machine happens to have.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(abspath $(VENV)/bin)
BUILD := $(abspath build)
COLLECTIONS := $(BUILD)/collections
TREE := $(COLLECTIONS)/ansible_collections/makakoo/platform
GET_PIP_CACHE := $(HOME)/.ansible/test/cache/get_pip_24_2.py
VERSION := $(shell sed -n 's/^version: *//p' galaxy.yml)
ARTIFACT := $(BUILD)/makakoo-platform-$(VERSION).tar.gz

export PATH := $(BIN):$(PATH)
export ANSIBLE_COLLECTIONS_PATH := $(COLLECTIONS)

.PHONY: help venv tree sanity lint docs-lint changelog-lint galaxy-build pytest test demo emulator bench clean

help:
	@echo "make demo   run the example playbook twice against the local emulator"
	@echo "make test   run every check: sanity, lint, docs, changelog, build, pytest"
	@echo "make bench  measure makakoo_member on a 500-person roster (docs/benchmarks.md)"
	@echo "make emulator  serve the sample platform state on 127.0.0.1:8040 (API key emulator-api-key)"
	@echo "make docs   build the HTML documentation site into build/docs/build/html"
	@echo "make contract-check   check the REST contract against your tenant with read-only requests"

venv: $(VENV)/.installed

$(VENV)/.installed: requirements-dev.txt constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	touch $@

tree: venv
	tools/build_tree.sh $(TREE)

# ansible-test downloads a pip bootstrap script from a host these machines
# cannot reach; an offline stand-in is installed only when none is cached.
$(GET_PIP_CACHE):
	mkdir -p $(dir $@)
	cp tools/get_pip_standin.py $@

sanity: tree $(GET_PIP_CACHE)
	cd $(TREE) && ansible-test sanity --python 3.11 --color no

lint: tree
	ansible-lint --offline

docs-lint: tree
	antsibull-docs lint-collection-docs --plugin-docs $(TREE)

# The HTML site (build/docs/build/html): module and role pages plus the
# guides of docs/docsite. Fails on any antsibull-docs or Sphinx warning.
.PHONY: docs
docs: tree
	python tools/build_docs.py $(BUILD)/docs

changelog-lint: venv
	antsibull-changelog lint

galaxy-build: venv
	ansible-galaxy collection build --force --output-path $(BUILD) .

pytest: tree
	cd $(TREE) && python -m pytest --ansible-unit-inject-only -p no:cacheprovider tests/unit tests/integration

test: sanity lint docs-lint changelog-lint galaxy-build docs pytest

demo: galaxy-build
	tools/demo.sh $(ARTIFACT)

# Read-only check of the REST contract against a live tenant. Needs real
# credentials in MAKAKOO_* variables; see tools/contract_check.py.
.PHONY: contract-check
contract-check: tree
	python $(TREE)/tools/contract_check.py $(CONTRACT_CHECK_ARGS)

emulator: venv
	PYTHONPATH=tests/emulator python -m makakoo_emulator --seed tests/emulator/seeds/sample.yml --port 8040 --info-file $(BUILD)/emulator.json

clean:
	rm -rf $(BUILD) $(VENV)

bench: tree
	cd $(TREE) && python benchmarks/roster_benchmark.py --people 500 --page-size 25
