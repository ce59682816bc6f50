#!/usr/bin/env bash
# `make dev`: every service in Quarkus dev mode (live reload on the next request after a source change),
# on the contract's ports, against the local stack. Output is prefixed per service and also kept in
# .local/logs/<service>-dev.log. Ctrl-C stops them all.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
mkdir -p .local/logs

# Quarkus dev mode needs Maven >= 3.9; the machine's Maven is 3.8. Fetch 3.9 from Maven Central with
# the machine's own Maven (as an ordinary artifact) into .local/maven, once.
MAVEN39_VERSION=3.9.16
MVN39="$ROOT/.local/maven/apache-maven-$MAVEN39_VERSION/bin/mvn"
if [[ ! -x "$MVN39" ]]; then
  echo "[dev] fetching Maven $MAVEN39_VERSION for dev mode (once)"
  mvn -B -q dependency:copy -Dartifact="org.apache.maven:apache-maven:$MAVEN39_VERSION:tar.gz:bin" \
      -DoutputDirectory="$ROOT/.local/maven"
  tar -xzf "$ROOT/.local/maven/apache-maven-$MAVEN39_VERSION-bin.tar.gz" -C "$ROOT/.local/maven"
fi

SERVICES=()
for s in user-service order-service email-service; do [[ -f "services/$s/pom.xml" ]] && SERVICES+=("$s"); done
# The libraries the services depend on must be in the local repository for a per-module dev mode.
mvn -B -q install -DskipTests -pl proto,services/rest-errors,services/test-support -am

pids=()
stop_all() {
  trap - INT TERM EXIT
  for p in "${pids[@]}"; do kill -- "-$p" 2>/dev/null || kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop_all INT TERM EXIT

debug_port=5005
for s in "${SERVICES[@]}"; do
  # Each dev mode gets its own debug port; the interactive console is off because three share a terminal.
  setsid bash -c "$MVN39 -B -f services/$s/pom.xml quarkus:dev -Ddebug=$debug_port -Dquarkus.console.enabled=false \
      2>&1 | tee .local/logs/$s-dev.log | sed -u 's/^/[$s] /'" &
  pids+=($!)
  echo "[dev] $s starting in dev mode (debug port $debug_port, log .local/logs/$s-dev.log)"
  debug_port=$((debug_port + 1))
done
wait
