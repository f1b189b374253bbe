#!/usr/bin/env bash
# Records docs/prometheus/scrapes/: starts the suite with ./run.sh in a database, Redis prefix and
# RabbitMQ prefix of its own, makes the traffic that brings every series the dashboard and the alert
# rules name into being (a sold-out event, a one-user burst over the rate limit, holds confirmed,
# released, refused and expired, a waiting list's offer, a capacity raised, a cancel, a stalled
# queue-worker giving 202s, a poison message, drift for reconciliation to repair, a booking
# PostgreSQL refuses, a stalled cache-service giving a 503), scrapes the three services (and a
# readiness probe of the blackbox exporter when one answers on BLACKBOX_URL), checks the dashboard
# and rules against the result with scripts/check-observability.py, which saves the scrapes without
# what belongs to this machine (paths in this checkout made relative to it, e.g. disk_free_bytes'
# path="." instead of the checkout's absolute path; the home directory as ~, the host's name and
# addresses as localhost and 127.0.0.1), then stops the suite and
# removes what it created. Needs curl, jq, psql, redis-cli, rabbitmqctl, python3 and a JDK (jshell),
# and the ports of ./run.sh free. About 3 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."

export DB_NAME=booking_scrapes BOOKING_REDIS_KEY_PREFIX=scrapes: BOOKING_MESSAGING_PREFIX=scrapes
export CACHE_RECONCILE_INTERVAL=5s
db=(psql -h "${DB_HOST:-localhost}" -p "${DB_PORT:-5432}" -U "${DB_USER:-postgres}" -d "$DB_NAME" -tAq)
api=http://localhost:${BOOKING_SERVICE_PORT:-8080}
blackbox=${BLACKBOX_URL:-http://localhost:9115}
log=$(mktemp)
run_pid=

say() { printf '[record-scrapes] %s\n' "$*"; }

cleanup() {
  if [ -n "$run_pid" ]; then
    kill -CONT "${worker_pid:-$run_pid}" "${cache_pid:-$run_pid}" 2>/dev/null || true
    kill "$run_pid" 2>/dev/null || true
    wait "$run_pid" 2>/dev/null || true
  fi
  redis-cli -h "${REDIS_HOST:-localhost}" -p "${REDIS_PORT:-6379}" --scan --pattern "$BOOKING_REDIS_KEY_PREFIX*" \
    | xargs -r redis-cli -h "${REDIS_HOST:-localhost}" -p "${REDIS_PORT:-6379}" del >/dev/null || true
  # every queue of the prefix, so that the list cannot go stale when queues are added or renamed
  rabbitmqctl -q list_queues name 2>/dev/null \
    | awk -v prefix="$BOOKING_MESSAGING_PREFIX." 'index($1, prefix) == 1 { print $1 }' \
    | while read -r queue; do
        # its own stdin, or rabbitmqctl would read the rest of the list
        rabbitmqctl -q delete_queue "$queue" </dev/null >/dev/null 2>&1 || true
      done || true
  psql -h "${DB_HOST:-localhost}" -p "${DB_PORT:-5432}" -U "${DB_USER:-postgres}" -d postgres -qc \
    "DROP DATABASE IF EXISTS $DB_NAME" >/dev/null 2>&1 || true
  rm -f "$log"
}
trap cleanup EXIT

reserve() { # event user [curl options...]: prints the status
  local event=$1 user=$2
  shift 2
  curl -s -o /dev/null -w '%{http_code} ' "$@" -X POST "$api/api/bookings/reserve" \
    -H 'Content-Type: application/json' -d "{\"event_id\": $event, \"user_id\": \"$user\"}"
}

say "starting ./run.sh (database $DB_NAME, Redis prefix $BOOKING_REDIS_KEY_PREFIX, RabbitMQ prefix $BOOKING_MESSAGING_PREFIX)"
./run.sh >"$log" 2>&1 &
run_pid=$!
until grep -q 'Press Ctrl-C' "$log"; do
  kill -0 "$run_pid" 2>/dev/null || { cat "$log"; exit 1; }
  sleep 1
done
worker_pid=$(pgrep -P "$run_pid" -f 'queue-worker[-/]')
cache_pid=$(pgrep -P "$run_pid" -f 'cache-service[-/]')

event() { curl -s -X POST "$api/api/events" -H 'Content-Type: application/json' \
  -d "{\"name\": \"$1\", \"total_seats\": $2}" | jq -e .event.id; }
small=$(event "Scrape small" 5)
big=$(event "Scrape big" 1000)

say "sell-out of a 5-seat event by 12 users: $(for i in $(seq 1 12); do reserve "$small" "u$i" & done; wait)"
say "a user twice: $(reserve "$big" twice; reserve "$big" twice)"
say "a burst of 40 from one user: $(for i in $(seq 1 40); do reserve "$big" burst & done; wait)"
say "with an Idempotency-Key, twice: $(for _ in 1 2; do reserve "$big" keyed -H 'Idempotency-Key: scrape-1'; done)"
say "100 users: $(seq 1 100 | xargs -P 8 -I{} curl -s -o /dev/null -w '%{http_code}\n' -X POST "$api/api/bookings/reserve" \
  -H 'Content-Type: application/json' -d "{\"event_id\": $big, \"user_id\": \"many-{}\"}" | sort | uniq -c | xargs)"
checkout=$(curl -s -X POST "$api/api/events" -H 'Content-Type: application/json' \
  -d '{"name": "Scrape checkout", "total_seats": 10, "max_per_user": 4, "hold_ttl_seconds": 1}' | jq -e .event.id)
hold() { # user quantity: prints the hold's id
  curl -s -X POST "$api/api/events/$checkout/holds" -H 'Content-Type: application/json' \
    -d "{\"user_id\": \"$1\", \"quantity\": $2}" | jq -e .hold.id
}
end_hold() { # hold user [confirm]: prints the status
  curl -s -o /dev/null -w '%{http_code} ' -X "$([ -n "${3:-}" ] && echo POST || echo DELETE)" \
    "$api/api/holds/$1${3:+/confirm}" -H 'Content-Type: application/json' -d "{\"user_id\": \"$2\"}"
}
paid=$(hold buyer-1 3)
gave_up=$(hold buyer-2 2)
hold buyer-3 4 >/dev/null
say "buyer-4 waits for 4 while 1 is left: $(curl -s -o /dev/null -w '%{http_code}' -X POST "$api/api/events/$checkout/waitlist" \
  -H 'Content-Type: application/json' -d '{"user_id": "buyer-4", "quantity": 4}')"
say "holds of 3, 2 and 4 seats of 10; confirmed: $(end_hold "$paid" buyer-1 confirm), released: $(end_hold "$gave_up" buyer-2)"
refused() { # quantity: prints the refusal's code
  curl -s -X POST "$api/api/events/$checkout/holds" -H 'Content-Type: application/json' \
    -d "{\"user_id\": \"buyer-4\", \"quantity\": $1}" | jq -r .code
}
say "4 seats when 3 are left: $(refused 4); 5 seats: $(refused 5)"
sleep 4 # buyer-3's hold expires, and its seats are offered to buyer-4
say "buyer-3's hold expired, buyer-4's entry: $(curl -s "$api/api/events/$checkout" | jq -r .event.waitlist_size) waiting; capacity raised: $(curl -s -o /dev/null -w '%{http_code}' -X PATCH "$api/api/events/$checkout" \
  -H 'Content-Type: application/json' -d '{"total_seats": 12}')"

id=$("${db[@]}" -c "SELECT id FROM bookings WHERE event_id = $small AND status = 'CONFIRMED' ORDER BY id LIMIT 1")
owner=$("${db[@]}" -c "SELECT user_id FROM bookings WHERE id = $id")
cancel() { curl -s -o /dev/null -w '%{http_code} ' -X DELETE "$api/api/bookings/$id" -H 'Content-Type: application/json' -d "{\"user_id\": \"$owner\"}"; }
say "cancel, and again: $(cancel; cancel); the freed seat: $(reserve "$small" late)"
say "an unknown event, a bad body: $(reserve 999999 nobody; curl -s -o /dev/null -w '%{http_code}' -X POST "$api/api/bookings/reserve" \
  -H 'Content-Type: application/json' -d '{"event_id": "x"}')"

kill -STOP "$worker_pid"
say "queue-worker stalled: $(for i in 1 2 3; do reserve "$big" stalled-$i & done; wait)"
kill -CONT "$worker_pid"

# a message that is no command: dead-lettered as unreadable
libs=$(mktemp -d)
unzip -q -o -j queue-worker/target/queue-worker-1.0.0-SNAPSHOT-exec.jar 'BOOT-INF/lib/amqp-client*' 'BOOT-INF/lib/netty*' \
  'BOOT-INF/lib/slf4j-api*' -d "$libs"
cat >"$libs/poison.jsh" <<JSH
var f = new com.rabbitmq.client.ConnectionFactory();
f.setHost("${RABBITMQ_HOST:-localhost}"); f.setPort(${RABBITMQ_PORT:-5672});
f.setUsername("${RABBITMQ_USER:-guest}"); f.setPassword("${RABBITMQ_PASSWORD:-guest}");
try (var c = f.newConnection(); var ch = c.createChannel()) { ch.confirmSelect(); ch.basicPublish("", "$BOOKING_MESSAGING_PREFIX.commands", null, "not a command".getBytes()); ch.waitForConfirmsOrDie(5000); }
/exit
JSH
jshell --class-path "$(ls -d "$libs"/*.jar | paste -sd:)" "$libs/poison.jsh" 2>&1 | grep -v SLF4J || true
rm -rf "$libs"
say "a poison message published"

# drift: a holder Redis lost, a phantom holder, a wrong capacity; then a booking Redis admits and
# PostgreSQL refuses (the user already has one: W6)
redis=(redis-cli -h "${REDIS_HOST:-localhost}" -p "${REDIS_PORT:-6379}")
"${redis[@]}" hdel "${BOOKING_REDIS_KEY_PREFIX}event:$big:holders" many-1 >/dev/null
say "Redis forgot many-2's seat, who reserves again: $("${redis[@]}" hdel "${BOOKING_REDIS_KEY_PREFIX}event:$big:holders" many-2 >/dev/null; reserve "$big" many-2)"
"${redis[@]}" hset "${BOOKING_REDIS_KEY_PREFIX}event:$big:holders" phantom 99999999:1 >/dev/null
"${redis[@]}" set "${BOOKING_REDIS_KEY_PREFIX}event:$big:capacity" 1001 >/dev/null
say "drift made; waiting for a reconciliation pass"
sleep 12

kill -STOP "$cache_pid"
say "cache-service stalled: $(reserve "$big" cache-stalled -m 30)"
kill -CONT "$cache_pid"
sleep 6 # a queue depth refresh of queue-worker

blackbox_args=()
if curl -s -o /dev/null "$blackbox/metrics"; then
  blackbox_args=(--blackbox "$blackbox")
else
  say "no blackbox exporter at $blackbox: keeping the saved blackbox-probe.prom"
fi
python3 scripts/check-observability.py --live --save "${blackbox_args[@]}"
for f in docs/prometheus/scrapes/*.prom; do
  say "$f: $(grep -c '^[a-z]' "$f") samples"
done
