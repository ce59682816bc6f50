#!/usr/bin/env bash
# `make dev-check`: proves `make dev` works, so that dev mode cannot rot unnoticed (it did once:
# a dev-only Qute dependency that is not on Maven Central). Starts `tools/dev.sh` (the three services
# in Quarkus dev mode, contract ports, local stack), then checks, one after the other:
#   1. all three become ready;
#   2. a user created over REST is found over gRPC on :50051 (the shipped Node client);
#   3. an order placed on :8082 gives exactly one e-mail at the local SMTP server and in GET /emails;
#   4. live reload: a new REST resource written into each service's sources answers on the next request;
#   5. no ERROR line in the three dev-mode logs.
# Stops everything it started, also on failure; the probe sources it writes are removed again.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=lib/json.sh
source "$ROOT/tools/lib/json.sh"

READY_TIMEOUT="${DEV_CHECK_READY_TIMEOUT:-600}"   # first run downloads dev-mode dependencies and Maven 3.9
declare -A PORT=([user-service]=8081 [order-service]=8082 [email-service]=8083)
declare -A PKG=([user-service]=user [order-service]=order [email-service]=email)
SERVICES=(user-service order-service email-service)
LOG="$ROOT/.local/logs/dev-check.log"
mkdir -p "$ROOT/.local/logs"

fail() { echo "[dev-check] FAILED: $*" >&2; exit 1; }
ok() { echo "[dev-check] ok: $*"; }
probe_file() { echo "services/$1/src/main/java/dev/microcomm/${PKG[$1]}/api/DevCheckProbe.java"; }

for port in 8081 8082 8083 50051; do
  if (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    fail "port $port is in use (is 'make run' or 'make dev' running? 'make stop' first)"
  fi
done

dev_pid=""
cleanup() {
  local rc=$?
  for s in "${SERVICES[@]}"; do rm -f "$(probe_file "$s")"; done
  if [[ -n "$dev_pid" ]]; then
    kill -TERM -- "-$dev_pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 -- "-$dev_pid" 2>/dev/null || break; sleep 1; done
    # dev.sh puts each service in a session of its own; anything that outlived it goes now.
    pkill -f "services/(user|order|email)-service/pom.xml quarkus:dev" 2>/dev/null || true
  fi
  ((rc == 0)) || echo "[dev-check] output of make dev: $LOG" >&2
  exit "$rc"
}
trap cleanup EXIT INT TERM

setsid tools/dev.sh >"$LOG" 2>&1 &
dev_pid=$!
echo "[dev-check] make dev started (output in $LOG); waiting up to ${READY_TIMEOUT}s for readiness"

deadline=$((SECONDS + READY_TIMEOUT))
for s in "${SERVICES[@]}"; do
  until curl -fsS -o /dev/null "http://127.0.0.1:${PORT[$s]}/q/health/ready" 2>/dev/null; do
    kill -0 "$dev_pid" 2>/dev/null || fail "make dev exited; see $LOG"
    ((SECONDS < deadline)) || fail "$s not ready after ${READY_TIMEOUT}s; see .local/logs/$s-dev.log"
    sleep 2
  done
done
ok "user-service, order-service and email-service are ready in dev mode on 8081/8082/8083"

email="dev-check-$(date +%s)-$RANDOM@example.org"
uid=$(curl -fsS -XPOST http://127.0.0.1:8081/users -H 'Content-Type: application/json' \
        -d "{\"name\":\"Dev Check\",\"email\":\"$email\"}" | json id)
grpc_user=$(make -s grpc-get-user ID="$uid")
[[ "$(echo "$grpc_user" | json email)" == "$email" ]] || fail "gRPC GetUser on :50051 answered: $grpc_user"
ok "user $uid created over REST, found over gRPC on :50051"

oid=$(curl -fsS -XPOST http://127.0.0.1:8082/orders -H 'Content-Type: application/json' \
        -d "{\"userId\":\"$uid\",\"productId\":\"dev-check\",\"amount\":1.50}" | json id)
sent=0
for _ in $(seq 1 120); do
  sent=$(curl -fsS "http://127.0.0.1:8083/emails?orderId=$oid" | json length)
  [[ "$sent" == 1 ]] && break
  sleep 0.5
done
[[ "$sent" == 1 ]] || fail "order $oid: GET /emails lists $sent e-mails, expected 1"
sleep 2 # a second delivery of the same event (the other transport) must not add a second e-mail
mails=$(curl -fsS http://127.0.0.1:3080/messages | node -e \
  'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).filter(m=>m.to.includes(process.argv[1])).length))' "$email")
[[ "$mails" == 1 && "$(curl -fsS "http://127.0.0.1:8083/emails?orderId=$oid" | json length)" == 1 ]] \
  || fail "order $oid: $mails e-mails at the SMTP server, expected exactly 1"
ok "order $oid placed; exactly one e-mail to $email at the SMTP server"

for s in "${SERVICES[@]}"; do
  token="reloaded-$s-$RANDOM"
  cat >"$(probe_file "$s")" <<JAVA
package dev.microcomm.${PKG[$s]}.api;

/** Written by tools/dev-check.sh to prove live reload, and deleted by it; never committed. */
@jakarta.ws.rs.Path("/dev-check-probe")
public class DevCheckProbe {
    @jakarta.ws.rs.GET
    @jakarta.ws.rs.Produces("text/plain")
    public String token() {
        return "$token";
    }
}
JAVA
  # Dev mode compiles and restarts on the next HTTP request after a source change.
  answer=$(curl -sS "http://127.0.0.1:${PORT[$s]}/dev-check-probe" || true)
  [[ "$answer" == "$token" ]] || fail "$s did not live-reload a new resource; it answered: ${answer:0:300}"
  rm -f "$(probe_file "$s")"
done
ok "live reload: a resource added to each service's sources answered on the next request"

if grep -h ' ERROR ' .local/logs/{user,order,email}-service-dev.log; then
  fail "ERROR lines in the dev-mode logs (above)"
fi
ok "no ERROR line in the dev-mode logs"
echo "[dev-check] make dev works"
