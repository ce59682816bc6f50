#!/usr/bin/env bash
# `make demo`: the original comparison table, observed on the running system (start it with `make run`).
# Synchronous call (order-service → user-service): when the callee is down, the caller fails (fast).
# Asynchronous event (order-service → email-service): when the consumer is down, the producer goes on,
# and the work is done once it is back — exactly once.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SVCS="$ROOT/tools/services.sh"
USERS=http://127.0.0.1:8081 ORDERS=http://127.0.0.1:8082 EMAILS=http://127.0.0.1:8083 MAIL=http://127.0.0.1:3080

# shellcheck source=lib/json.sh
source "$ROOT/tools/lib/json.sh"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
say() { printf '   %s\n' "$*"; }
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

for u in $USERS $ORDERS $EMAILS; do
  curl -fsS -o /dev/null "$u/q/health/ready" || { echo "The system is not running: start it with 'make run' first." >&2; exit 1; }
done

email="demo-$(date +%s)-$RANDOM@example.com"
step "1. Normal operation"
user=$(curl -fsS -XPOST $USERS/users -H 'Content-Type: application/json' -d "{\"name\":\"Demo User\",\"email\":\"$email\"}")
uid=$(echo "$user" | json id); say "created user $uid ($email)"
t=$(date +%s%N)
order=$(curl -sS -XPOST $ORDERS/orders -H 'Content-Type: application/json' -d "{\"userId\":\"$uid\",\"productId\":\"demo-book\",\"amount\":12.50}")
say "POST /orders → $(echo "$order" | json status) in $(ms_since "$t") ms, order $(echo "$order" | json id)"
oid=$(echo "$order" | json id)
for _ in $(seq 1 50); do [[ "$(curl -fsS "$EMAILS/emails?orderId=$oid" | json length)" == "1" ]] && break; sleep 0.2; done
say "e-mail sent: $(curl -fsS "$EMAILS/emails?orderId=$oid")"

step "2. Synchronous: user-service goes down"
"$SVCS" stop user-service >/dev/null
for i in 1 2 3; do
  t=$(date +%s%N)
  code=$(curl -s -o /tmp/demo-body -w '%{http_code}' -XPOST $ORDERS/orders -H 'Content-Type: application/json' \
         -d "{\"userId\":\"$uid\",\"productId\":\"demo-book\",\"amount\":12.50}")
  say "POST /orders → $code in $(ms_since "$t") ms: $(json title </tmp/demo-body) (the caller is blocked from succeeding)"
done
say "orders stored for this user: $(curl -fsS "$ORDERS/orders?userId=$uid" | json length) (only the first one)"
"$SVCS" start user-service >/dev/null
say "user-service is back; the circuit breaker lets calls through again after its delay"
for _ in $(seq 1 40); do
  code=$(curl -s -o /dev/null -w '%{http_code}' -XPOST $ORDERS/orders -H 'Content-Type: application/json' \
         -d "{\"userId\":\"$uid\",\"productId\":\"demo-pen\",\"amount\":2}")
  [[ "$code" == 201 ]] && break; sleep 0.5
done
say "POST /orders → $code"

step "3. Asynchronous: email-service goes down"
"$SVCS" stop email-service >/dev/null
ids=()
for i in 1 2 3; do
  t=$(date +%s%N)
  o=$(curl -sS -XPOST $ORDERS/orders -H 'Content-Type: application/json' -d "{\"userId\":\"$uid\",\"productId\":\"async-$i\",\"amount\":3}")
  ids+=("$(echo "$o" | json id)")
  say "POST /orders → $(echo "$o" | json status) in $(ms_since "$t") ms (the producer does not wait for the consumer)"
done
"$SVCS" start email-service >/dev/null
say "email-service is back; waiting for the backlog"
for id in "${ids[@]}"; do
  for _ in $(seq 1 100); do [[ "$(curl -fsS "$EMAILS/emails?orderId=$id" | json length)" == "1" ]] && break; sleep 0.2; done
  say "order $id → $(curl -fsS "$EMAILS/emails?orderId=$id" | json length) e-mail(s), via $(curl -fsS "$EMAILS/emails?orderId=$id" | json 0.transport)"
done
say "mails in the SMTP server for $email: $(curl -fsS "$MAIL/messages?to=$email" | json length)"

step "Observed"
cat <<TXT
   | aspect    | synchronous (REST/gRPC)                  | asynchronous (Kafka/RabbitMQ)                |
   |-----------|------------------------------------------|----------------------------------------------|
   | coupling  | caller needs the callee up, right now    | producer needs only its database             |
   | failure   | callee down → caller answers 503, fast   | consumer down → orders still 201             |
   | recovery  | next calls succeed once breaker closes   | backlog drained, one e-mail per order        |
TXT
