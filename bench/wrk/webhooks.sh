#!/usr/bin/env bash
# What a webhook subscriber costs an on-sale, end to end: starts ./run.sh in a namespace of its own
# (bench/wrk/suite.sh, with WEBHOOK_ALLOW_PRIVATE=true) and a local receiver that answers every call
# 204 (bench/wrk/receiver.py), warms the suite up with 60 s of reserves, then measures four rounds
# of 60 s of reserves (bench/wrk/reserve.lua, 64 connections, a new event of 1,000,000 seats each, so
# that none sells out), without a subscription, with one to booking.confirmed, with, without. For
# the rounds with one it then waits until every delivery is done and prints, from PostgreSQL, how
# long each took from its booking's commit to the receiver's 204 (p50, p99, max) and how long the
# backlog took to drain after the load stopped.
#
#   bench/wrk/webhooks.sh
#
# With WEBHOOK_BENCH_RELAY=off nothing is delivered (the relay's first pass runs before the
# subscription, the next an hour later): the rounds then measure the outbox's writes alone, and
# print how many deliveries wait instead of their lag.
#
# Settings: WEBHOOK_BENCH_SECONDS (60), WEBHOOK_BENCH_RELAY (on), RUN_HEAP and RUN_AOT_CACHE
# (./run.sh's). Needs what bench/wrk/suite.sh names. The receiver runs on the same two cores as
# everything else.
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=${WEBHOOK_BENCH_SECONDS:-60}
relay=${WEBHOOK_BENCH_RELAY:-on}
export JAVA_OPTS='' WEBHOOK_ALLOW_PRIVATE=true
[ "$relay" = on ] || export WEBHOOK_RELAY_INTERVAL=1h
# shellcheck source=bench/wrk/suite.sh
. bench/wrk/suite.sh webhooks

python3 bench/wrk/receiver.py >"$out/receiver.log" 2>&1 &
receiver=$!
trap 'kill $receiver 2>/dev/null || true; cleanup' EXIT
until port=$(sed -n 's/^listening on //p' "$out/receiver.log") && [ -n "$port" ]; do sleep 0.2; done
db() { psql -X -At -h 127.0.0.1 -U postgres -d "$DB_NAME" -c "$1"; }

reserves() { # label: one round of reserves on a new event; sets event
  event=$(new_event 1000000)
  local busy
  busy=$(machine_busy)
  EVENT=$event wrk -t2 -c64 -d"${seconds}s" -s bench/wrk/reserve.lua --latency http://localhost:8080 >"$out/$1.txt"
  busy=$(($(machine_busy) - busy))
  echo "$1: $(wrk_summary "$out/$1.txt" "$busy"); $(db "SELECT booked_seats FROM events WHERE id = $event") bookings committed"
}

delivered() { # label: waits for the event's deliveries, then prints their lag
  local stopped waited
  if [ "$relay" != on ]; then
    echo "$1: $(db "SELECT count(*) FROM webhook_deliveries WHERE status = 'PENDING'") deliveries waiting (relay off)"
    return
  fi
  stopped=$(date +%s.%N)
  until [ "$(db "SELECT count(*) FROM webhook_deliveries d JOIN webhook_messages m ON m.id = d.message_id
                 WHERE d.status = 'PENDING' AND (m.data->>'event_id')::bigint = $event")" = 0 ]; do
    sleep 0.5
  done
  waited=$(echo "$(date +%s.%N) - $stopped" | bc)
  db "SELECT format('%s: %s deliveries (%s DELIVERED, %s attempts), lag from commit to 204: p50 %s s, p99 %s s, max %s s; backlog drained %s s after the load stopped',
             '$1', count(*), count(*) FILTER (WHERE d.status = 'DELIVERED'), sum(d.attempts),
             round(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM d.finished_at - m.occurred_at))::numeric, 3),
             round(percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM d.finished_at - m.occurred_at))::numeric, 3),
             round(max(extract(epoch FROM d.finished_at - m.occurred_at))::numeric, 3), round($waited, 1))
      FROM webhook_deliveries d JOIN webhook_messages m ON m.id = d.message_id
      WHERE (m.data->>'event_id')::bigint = $event"
}

subscribe() {
  curl -fsS -X POST localhost:8080/api/webhooks -H 'Content-Type: application/json' \
    -d "{\"url\": \"http://127.0.0.1:$port/hooks\", \"events\": [\"booking.confirmed\"]}" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["webhook"]["id"])'
}

event=$(new_event 1000000)
EVENT=$event wrk -t2 -c64 -d60s -s bench/wrk/reserve.lua http://localhost:8080 >"$out/warm-up.txt"
echo "warm-up done at $(date -u +%T)"
reserves "1 without a subscription"
subscription=$(subscribe)
reserves "2 with one subscription"
delivered "2 with one subscription"
reserves "3 with one subscription"
delivered "3 with one subscription"
curl -fsS -X DELETE "localhost:8080/api/webhooks/$subscription" >/dev/null
reserves "4 without a subscription"
echo "receiver: $(kill -USR1 $receiver; sleep 0.5; tail -1 "$out/receiver.log")"
