#!/usr/bin/env bash
# make bench: measures the running system and writes target/bench/{report.md,report.json,*.svg}.
#   tools/bench.sh                      full run (about 10 minutes)
#   BENCH_QUICK=1 tools/bench.sh        every scenario briefly (about 2 minutes of scenarios; what CI runs)
#   BENCH_USE_RUNNING=1 tools/bench.sh  use the services (and stack) that already run; start nothing
# By default it brings up the local stack (tools/stack up), builds the services if their jars are missing,
# starts them with tools/services.sh, and stops what it started at the end, also on failure or Ctrl-C.
# Exit code: 0 when every scenario ran and the report is complete, whatever the numbers.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
MODULE="$ROOT/tools/bench"
JAR="$MODULE/target/bench.jar"
mkdir -p "$ROOT/.local/logs"

answers() { (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Services and stack components that did not answer before: the ones this run starts and must stop.
declare -A SVC_PORT=([user-service]=8081 [order-service]=8082 [email-service]=8083)
ours=()
stack_ours=0
if [[ "${BENCH_USE_RUNNING:-}" != 1 ]]; then
  for svc in user-service order-service email-service; do
    answers "${SVC_PORT[$svc]}" || ours+=("$svc")
  done
  for port in 5432 5672 9092 3025; do answers "$port" || stack_ours=1; done
fi

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if ((${#ours[@]})); then tools/services.sh stop "${ours[@]}" >/dev/null 2>&1 || true; fi
  if ((stack_ours)); then tools/stack down || true; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

build_module() {
  local log="$ROOT/.local/logs/bench-build.log"
  echo "[bench] building tools/bench"
  if ! mvn -B -q -o -f "$MODULE/pom.xml" package -DskipTests >"$log" 2>&1; then
    mvn -B -q -f "$MODULE/pom.xml" package -DskipTests >"$log" 2>&1 || { tail -n 30 "$log" >&2; exit 1; }
  fi
}
if [[ ! -f "$JAR" || ! -d "$MODULE/target/lib" || -n "$(find "$MODULE/src" "$MODULE/pom.xml" -newer "$JAR" -print -quit)" ]]; then
  build_module
fi

if [[ "${BENCH_USE_RUNNING:-}" != 1 ]]; then
  missing=0
  for svc in user-service order-service email-service; do
    [[ -f "services/$svc/target/quarkus-app/quarkus-run.jar" ]] || missing=1
  done
  if ((missing)); then
    echo "[bench] packaging the services (mvn package -DskipTests)"
    mvn -B -q package -DskipTests
  fi
  echo "[bench] tools/stack up"
  tools/stack up
fi

java ${BENCH_JAVA_OPTS:--Xmx1g} -cp "$JAR:$MODULE/target/lib/*" -Dbench.root="$ROOT" dev.microcomm.bench.Bench
