# bertscope: the set-up is two commands on a fresh Debian machine with Swift 6:
#   make run    installs what is missing, fetches the default model, builds release, starts bertscope
#   make test   installs what is missing, fetches the default model, builds and runs every test
SWIFT ?= swift
BIN := .build/release/bertscope

.PHONY: run test lint format deps model build bench random-bert fuzz fuzz-build clean

run: deps model build
	$(BIN) $(ARGS)

test: deps model lint
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$(MAKE) fuzz FUZZ_SECONDS=$(TEST_FUZZ_SECONDS)

# libFuzzer + AddressSanitizer over every input parser (Tests/Fuzz): FUZZ_SECONDS per target, from the committed
# seed corpora; `make test` runs each for TEST_FUZZ_SECONDS so CI keeps finding regressions.
FUZZ_SECONDS ?= 60
TEST_FUZZ_SECONDS ?= 15
FUZZ_BIN := .build-fuzz/debug/bertscope-fuzz

fuzz: fuzz-build
	Tests/Fuzz/fuzz.sh $(FUZZ_BIN) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-build:
	$(SWIFT) build --product bertscope-fuzz --scratch-path .build-fuzz \
		-Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -DFUZZING

# The team's style (.swift-format): `make format` rewrites, `make lint` (part of `make test`) fails on any finding.
lint:
	$(SWIFT) format lint --strict --recursive --parallel Sources Tests Package.swift

format:
	$(SWIFT) format format --in-place --recursive --parallel Sources Tests Package.swift

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
