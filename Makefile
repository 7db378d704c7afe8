# bertscope: the set-up is two commands on a fresh Debian machine with Swift 6:
#   make run    installs what is missing, fetches the default model, builds release, starts bertscope
#   make test   installs what is missing, fetches the default model, builds and runs every test
SWIFT ?= swift
BIN := .build/release/bertscope

.PHONY: run test deps model build bench random-bert clean

run: deps model build
	$(BIN) $(ARGS)

test: deps model
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

deps:
	@.ci/install-deps.sh

model:
	@.ci/fetch-model.sh

build:
	$(SWIFT) build -c release --product bertscope

# A random-weight checkpoint of bert-base-cased's shape, for timing (342 MB, not committed).
random-bert:
	@python3 .ci/make-random-bert.py $(HOME)/.cache/bertscope/models/bert-base-cased-random

# Speed against HF transformers in the same run (set HF_PYTHON to a venv's python with torch + transformers).
bench: deps model build random-bert
	python3 .ci/bench.py

clean:
	rm -rf .build
