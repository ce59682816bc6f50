# microcomm — the menu. `make help` lists every target.
SHELL := /bin/bash
MVN   ?= mvn -B
STACK := tools/stack
SVCS  := tools/services.sh

.DEFAULT_GOAL := help

.PHONY: help
help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

.PHONY: run
run: build infra-up ## Start the local stack and every service (packaged, prod profile); Ctrl-C stops them
	@$(SVCS) start
	@$(SVCS) summary
	@echo "  Running. Ctrl-C (or 'make stop' in another terminal) stops what 'make run' started."
	@trap '$(SVCS) stop; $(STACK) down; exit 0' INT TERM; \
	  while $(SVCS) status | grep -q ': running'; do sleep 1; done; \
	  $(STACK) down

.PHONY: dev
dev: infra-up ## Every service in Quarkus dev mode (live reload) on the contract's ports; Ctrl-C stops
	@tools/dev.sh

.PHONY: dev-check
dev-check: infra-up ## Prove `make dev` works: readiness, REST+gRPC, one e-mail per order, live reload (~5 min)
	@tools/dev-check.sh

.PHONY: demo
demo: ## Walk through sync vs async under failure against the running system (after `make run`)
	@tools/demo.sh

.PHONY: stop
stop: ## Stop the services and the local stack components that this project started
	@$(SVCS) stop
	@$(STACK) down

.PHONY: test
test: infra-up ## Run the whole test suite (brings up Kafka, SMTP and the databases first)
	$(MVN) verify
	$(MVN) -f tools/local-stack/pom.xml verify

.PHONY: test-e2e
test-e2e: infra-up ## Only the end-to-end suite (services as processes); part of `make test` too
	$(MVN) -q package -DskipTests
	$(MVN) -pl services/e2e-tests verify

.PHONY: bench
bench: ## Measure REST vs gRPC, Kafka vs RabbitMQ, sync vs async under failure → target/bench/report.md (BENCH_QUICK=1: ~2 min)
	@tools/bench.sh

.PHONY: build
build: ## Compile and package every service (no tests)
	$(MVN) -q package -DskipTests

.PHONY: infra-up
infra-up: ## Make PostgreSQL, RabbitMQ, Kafka and SMTP reachable (reuses running ones); create databases
	@$(STACK) up

.PHONY: infra-down
infra-down: ## Stop the local stack components this project started (never the machine's own servers)
	@$(STACK) down

.PHONY: infra-status
infra-status: ## Show what answers where and who started it
	@$(STACK) status

.PHONY: status
status: infra-status ## Show services and local stack
	@$(SVCS) status

.PHONY: k8s
k8s: ## Regenerate k8s/ from the services' builds (canonical order; the tests compare it)
	@tools/deploy-checks/sync-k8s.sh

.PHONY: helm-lint
helm-lint: ## Lint, render and validate the Helm chart over the values matrix (offline)
	$(MVN) -pl tools/deploy-checks -am verify -Dtest='Chart*Test,ValuesSchemaTest,CheckersTest' -Dsurefire.failIfNoSpecifiedTests=false

.PHONY: images
images: ## Build container images (needs docker or podman): REGISTRY= GROUP= TAG= NATIVE=1 PUSH=1
	@tools/deploy-checks/build-images.sh

.PHONY: grpc-get-user
grpc-get-user: tools/grpc-client/node_modules ## Call gRPC GetUser on localhost:50051: make grpc-get-user ID=<user id>
	@node tools/grpc-client/get-user.js "$(ID)"

tools/grpc-client/node_modules: tools/grpc-client/package-lock.json
	@cd tools/grpc-client && npm ci --no-audit --no-fund --silent

.PHONY: mail
mail: ## Show the e-mails the local SMTP server received
	@curl -fsS http://127.0.0.1:3080/messages; echo

.PHONY: clean
clean: ## Remove build output (keeps .local state; 'make stop' first to stop processes)
	$(MVN) -q clean
