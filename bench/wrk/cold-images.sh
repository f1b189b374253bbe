#!/usr/bin/env bash
# The cold start of the container images (docs/benchmarks.md, "The container images' AOT cache"):
# starts docker-compose.yml's suite from the images as they are (with or without the AOT cache of
# `docker/build-images.sh --aot-cache`), says how long each service took to start (Spring Boot's
# "Started ... in") and when every container was healthy, then from that moment runs minutes of
# bench/wrk/reserve.lua (64 connections, every request a new user, one event of 1,000,000 seats)
# and prints each minute's requests/s and p99. Compare two runs: one after `docker/build-images.sh`,
# one after `docker/build-images.sh --aot-cache`.
#   bench/wrk/cold-images.sh
# Settings (environment): COLD_MINUTES (2). A compose project of its own (seatbooking-cold) on host
# ports where nothing listens, taken down with its volumes at the end. Needs a Docker engine with
# compose, the images, wrk (apt-get install wrk), curl and python3.
set -euo pipefail
cd "$(dirname "$0")/../.."
minutes=${COLD_MINUTES:-2}
for tool in wrk curl python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "cold-images: $tool is missing" >&2; exit 1; }
done
# shellcheck source=docker/compose-project.sh
. docker/compose-project.sh
project=seatbooking-cold
out=$(mktemp -d)
: >"$out/empty.env"
compose() { "${compose_cli[@]}" --env-file "$out/empty.env" -p "$project" -f docker-compose.yml "$@"; }
trap 'compose down -v >/dev/null 2>&1 || true; rm -rf "$out"' EXIT

publish_from 20000

for s in booking-service cache-service queue-worker; do
  echo "seat-booking/$s:dev: $(docker image inspect --format '{{index .Config.Labels "dev.seatbooking.aot-cache"}}' "seat-booking/$s:dev" \
    | sed 's/^<no value>$//; s/^$/no AOT cache/')"
done
compose down -v >/dev/null 2>&1 || true
start=$SECONDS
compose up -d --no-build >/dev/null 2>&1
wait_healthy "$project" 7
echo "every container healthy $((SECONDS - start)) s after 'up' ($(date -u +%T))"
for s in cache-service queue-worker booking-service; do
  echo "  $s: $(compose logs --no-color "$s" 2>/dev/null | grep -o 'Started [A-Za-z]* in [0-9.]* seconds' | head -n 1)"
done

api=http://localhost:$BOOKING_SERVICE_PORT
event=$(curl -fsS -X POST "$api/api/events" -H 'Content-Type: application/json' \
  -d '{"name": "cold start", "total_seats": 1000000}' | python3 -c 'import json, sys; print(json.load(sys.stdin)["event"]["id"])')
for minute in $(seq 1 "$minutes"); do
  EVENT=$event wrk -t2 -c64 -d60s -s bench/wrk/reserve.lua --latency "$api" >"$out/minute-$minute.txt"
  echo "minute $minute: $(sed -n 's/^Requests\/sec: *//p' "$out/minute-$minute.txt") requests/s, p99 $(awk '$1 == "99%" { print $2 }' "$out/minute-$minute.txt"), $(sed -n 's/^ *Non-2xx or 3xx responses: *//p' "$out/minute-$minute.txt" | grep . || echo 0) not 2xx"
done
echo "confirmed: $(compose exec -T postgres psql -U postgres -d booking_system -tA \
  -c "SELECT count(*) FROM bookings WHERE event_id = $event AND status = 'CONFIRMED'" | tr -d '\r')"
