# Sourced by the wrk scripts (cold.sh, rejections.sh, webhooks.sh) from the repository root, after they set
# JAVA_OPTS: starts ./run.sh in a database, Redis prefix and RabbitMQ prefix of its own, named after
# $1, waits until all three services report ready, and on exit stops it and drops what it created
# (RabbitMQ's wrk-$1.* queues stay, empty, for the next run). Sets out (a temporary directory with
# the suite's log) and suite (./run.sh's pid); needs wrk, psql, redis-cli, curl and python3.
# shellcheck shell=bash
name=$1
for tool in wrk psql redis-cli curl python3; do
  command -v "$tool" >/dev/null || { echo "bench/wrk needs $tool" >&2; exit 2; }
done
# ./run.sh reads .env after the environment, so its settings would win over this run's namespace
if [ -f .env ] && grep -qE '^[[:space:]]*(export[[:space:]]+)?(DB_NAME|BOOKING_REDIS_KEY_PREFIX|BOOKING_MESSAGING_PREFIX|JAVA_OPTS|RUN_HEAP)=' .env; then
  echo ".env sets DB_NAME, BOOKING_REDIS_KEY_PREFIX, BOOKING_MESSAGING_PREFIX, JAVA_OPTS or RUN_HEAP; bench/wrk needs its own: remove them from .env" >&2
  exit 2
fi

ts=$(date +%s)
export DB_NAME=booking_${name}_$ts BOOKING_REDIS_KEY_PREFIX="$name:$ts:" BOOKING_MESSAGING_PREFIX=wrk-$name
out=$(mktemp -d)

suite=''
cleanup() {
  if [ -n "$suite" ]; then kill "$suite" 2>/dev/null || true; wait "$suite" 2>/dev/null || true; fi
  redis-cli --scan --pattern "$BOOKING_REDIS_KEY_PREFIX*" | xargs -r redis-cli del >/dev/null
  psql -X -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)"
  echo "raw output: $out"
}
trap cleanup EXIT

./run.sh >"$out/suite.log" 2>&1 &
suite=$!
for service in booking-service cache-service queue-worker; do
  until grep -q "$service is ready" "$out/suite.log"; do
    kill -0 "$suite" 2>/dev/null || { tail -20 "$out/suite.log"; exit 1; }
    sleep 0.5
  done
done
# run.sh's own words on the JDK, each service's heap and AOT cache
grep '^\[run.sh\] \(java\|started\|.*AOT\)' "$out/suite.log" || true
echo "ready at $(date -u +%T); JAVA_OPTS=$JAVA_OPTS"

# new_event seats: the id of a new event of that many seats
new_event() {
  curl -fsS -X POST localhost:8080/api/events -H 'Content-Type: application/json' \
    -d "{\"name\": \"wrk $name\", \"total_seats\": $1}" | python3 -c 'import json, sys; print(json.load(sys.stdin)["event"]["id"])'
}

# the whole machine's busy clock ticks so far (user, nice, system, irq, softirq), wrk included as in
# issue 14's "CPU per confirmed booking, whole machine"
machine_busy() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }

# wrk_summary wrk-output [busy-ticks]: requests/s, p50, p99 and answers other than 2xx of that wrk run
# (run with --latency), and with the machine's busy ticks during it, its CPU per request
wrk_summary() {
  printf '%s requests/s, p50 %s, p99 %s, %s not 2xx' "$(sed -n 's/^Requests\/sec: *//p' "$1")" \
    "$(awk '$1 == "50%" { print $2 }' "$1")" "$(awk '$1 == "99%" { print $2 }' "$1")" \
    "$(sed -n 's/^ *Non-2xx or 3xx responses: *//p' "$1" | grep . || echo 0)"
  if [ -n "${2:-}" ]; then
    awk -v busy="$2" -v hz="$(getconf CLK_TCK)" \
      '/ requests in / { printf ", %.3f ms of the machine'"'"'s CPU per request", busy * 1000 / hz / $1 }' "$1"
  fi
  echo
}
