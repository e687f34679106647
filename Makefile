# lvyue developer tasks. `make help` lists them.
PG_URL ?= postgres://postgres@127.0.0.1:5432/postgres

.PHONY: help run demo test test-pg test-replica lint fmt openapi release clean-data

help: ## this list
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

run: ## start the API on embedded SQLite (data/lvyue.db)
	cargo run -- serve

demo: ## start the API with the demo region loaded
	cargo run -- serve --demo

test: ## every test on embedded SQLite
	cargo test

test-pg: ## every test on PostgreSQL (PG_URL names a server database to create test databases from)
	LVYUE_TEST_DATABASE_URL=$(PG_URL) cargo test

lint: ## rustfmt and clippy, as CI runs them
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings

fmt: ## format the code
	cargo fmt --all

test-replica: ## the reads from a streaming replica, against a real primary and hot standby started here
	tests/replica.sh

openapi: ## regenerate openapi/openapi.json from the code
	LVYUE_UPDATE_OPENAPI=1 cargo test --test api the_checked_in_openapi_document_is_current

release: ## the optimised binary at target/release/lvyue
	cargo build --release -p lvyue

clean-data: ## remove the local SQLite database and the generated development secret
	rm -rf data

.PHONY: bench bench-sqlite bench-scale
bench: ## lvyue vs pgbench on PostgreSQL (BENCH_DATABASE_URL), ratio lines at the end
	bench/run.sh postgres

bench-sqlite: ## lvyue on embedded SQLite
	bench/run.sh sqlite

bench-scale: ## list/filter/feed pages at 1,000,000 generated cases (BENCH_CASES)
	bench/run.sh scale
