#!/usr/bin/env bash
# Starts/stops the services as packaged applications (prod profile), the way `make run` does.
#   tools/services.sh start [service...]   start (default: every built service), wait until ready
#   tools/services.sh stop  [service...]   stop what this script started
#   tools/services.sh status
# Logs: .local/logs/<service>.log   pids: .local/run/<service>.pid
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN_DIR="$ROOT/.local/run"
LOG_DIR="$ROOT/.local/logs"
mkdir -p "$RUN_DIR" "$LOG_DIR"

ALL_SERVICES=(user-service order-service email-service)
declare -A HTTP_PORT=([user-service]=8081 [order-service]=8082 [email-service]=8083)
READY_TIMEOUT="${READY_TIMEOUT:-90}"

# Local credentials for the prod profile (which has no secret defaults): the local stack's.
export QUARKUS_DATASOURCE_USERNAME="${QUARKUS_DATASOURCE_USERNAME:-postgres}"
export QUARKUS_DATASOURCE_PASSWORD="${QUARKUS_DATASOURCE_PASSWORD:-}"
export RABBITMQ_USERNAME="${RABBITMQ_USERNAME:-guest}"
export RABBITMQ_PASSWORD="${RABBITMQ_PASSWORD:-guest}"

jar_of() { echo "$ROOT/services/$1/target/quarkus-app/quarkus-run.jar"; }
pid_of() { cat "$RUN_DIR/$1.pid" 2>/dev/null || true; }
alive() { local pid; pid="$(pid_of "$1")"; [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; }

selected() {
  if (($# > 0)); then printf '%s\n' "$@"; return; fi
  for s in "${ALL_SERVICES[@]}"; do [[ -f "$(jar_of "$s")" ]] && echo "$s"; done
}

wait_ready() {
  local svc="$1" port="${HTTP_PORT[$1]}" deadline=$((SECONDS + READY_TIMEOUT))
  until curl -fsS -o /dev/null "http://127.0.0.1:$port/q/health/ready" 2>/dev/null; do
    if ! alive "$svc"; then
      echo "  $svc exited during startup; last log lines:" >&2; tail -n 30 "$LOG_DIR/$svc.log" >&2; return 1
    fi
    if ((SECONDS > deadline)); then
      echo "  $svc not ready after ${READY_TIMEOUT}s; readiness says:" >&2
      curl -sS "http://127.0.0.1:$port/q/health/ready" >&2 || true; return 1
    fi
    sleep 0.5
  done
}

start() {
  local svc
  for svc in $(selected "$@"); do
    if alive "$svc"; then echo "  $svc already running (pid $(pid_of "$svc"))"; continue; fi
    [[ -f "$(jar_of "$svc")" ]] || { echo "  $svc is not built: run 'make build'" >&2; exit 1; }
    local port="${HTTP_PORT[$svc]}"
    if (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "  port $port for $svc is taken by another process" >&2; exit 1
    fi
    setsid java ${JAVA_OPTS:-} -jar "$(jar_of "$svc")" >"$LOG_DIR/$svc.log" 2>&1 </dev/null &
    echo $! >"$RUN_DIR/$svc.pid"
    echo "  $svc starting (pid $!, log .local/logs/$svc.log)"
  done
  for svc in $(selected "$@"); do wait_ready "$svc"; echo "  $svc ready"; done
}

stop() {
  local svc
  for svc in $(selected "$@"); do
    if alive "$svc"; then
      local pid; pid="$(pid_of "$svc")"
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
      kill -9 "$pid" 2>/dev/null || true
      echo "  $svc stopped"
    fi
    rm -f "$RUN_DIR/$svc.pid"
  done
}

status() {
  local svc
  for svc in "${ALL_SERVICES[@]}"; do
    if alive "$svc"; then
      echo "  $svc: running (pid $(pid_of "$svc")) http://127.0.0.1:${HTTP_PORT[$svc]}"
    else
      echo "  $svc: not running"
    fi
  done
}

summary() {
  cat <<TXT

  What listens where
  ------------------
  user-service   REST  http://127.0.0.1:8081/users        gRPC 127.0.0.1:50051 (UserService, reflection on)
  order-service  REST  http://127.0.0.1:8082/orders
  email-service  REST  http://127.0.0.1:8083/emails
  every service  /q/health/ready  /q/metrics  /q/openapi  /q/swagger-ui
  PostgreSQL 127.0.0.1:5432   RabbitMQ 127.0.0.1:5672   Kafka 127.0.0.1:9092
  SMTP 127.0.0.1:3025 — received mail: curl http://127.0.0.1:3080/messages
  Logs: .local/logs/<service>.log
TXT
}

cmd="${1:-status}"; shift || true
case "$cmd" in
  start) start "$@" ;;
  stop) stop "$@" ;;
  status) status ;;
  summary) summary ;;
  *) echo "usage: $0 start|stop|status|summary [service...]" >&2; exit 2 ;;
esac
