#!/usr/bin/env bash
# The rejections after a sell-out as issue 14 states its target (≥ 20,000 SOLD_OUT/s with p99 ≤ 20 ms,
# wrk at 128 connections): starts ./run.sh in a namespace of its own (bench/wrk/suite.sh), creates an
# event of REJECT_SEATS seats (20,000) and sells it out with bench/wrk/reserve.lua at 64 connections
# for 60 s, runs 60 s of rejections at 128 connections as a warm-up, then 60 s measured, and prints
# its answers/s, p50, p99, how many were not 2xx (all of them should be) and the machine's CPU per
# answer. Every request is a new user, so none is refused for anything but the sell-out; wrk does
# not count status codes, so one more request shows the answer (409 SOLD_OUT).
#
#   bench/wrk/rejections.sh
#   RUN_AOT_CACHE=off REJECT_JAVA_OPTS=-XX:TieredStopAtLevel=1 bench/wrk/rejections.sh
#
# Settings: REJECT_SEATS (20000), REJECT_JAVA_OPTS (./run.sh's JAVA_OPTS), RUN_HEAP and RUN_AOT_CACHE
# (./run.sh's). Needs what bench/wrk/suite.sh names.
set -euo pipefail
cd "$(dirname "$0")/../.."

seats=${REJECT_SEATS:-20000}
export JAVA_OPTS="${REJECT_JAVA_OPTS:-}"
# shellcheck source=bench/wrk/suite.sh
. bench/wrk/suite.sh rejections

event=$(new_event "$seats")
EVENT=$event wrk -t2 -c64 -d60s -s bench/wrk/reserve.lua --latency http://localhost:8080 >"$out/sell-out.txt"
sold=$(psql -X -At -h 127.0.0.1 -U postgres -d "$DB_NAME" -c "SELECT booked_seats FROM events WHERE id = $event")
if [ "$sold" != "$seats" ]; then
  echo "the event was not sold out after 60 s ($sold of $seats seats booked); lower REJECT_SEATS" >&2
  exit 1
fi
echo "sold out: $seats seats"
EVENT=$event wrk -t2 -c128 -d60s -s bench/wrk/reserve.lua --latency http://localhost:8080 >"$out/warm-up.txt"
echo "warm-up: $(wrk_summary "$out/warm-up.txt")"
busy=$(machine_busy)
EVENT=$event wrk -t2 -c128 -d60s -s bench/wrk/reserve.lua --latency http://localhost:8080 >"$out/measured.txt"
busy=$(($(machine_busy) - busy))
echo "measured: $(wrk_summary "$out/measured.txt" "$busy")"
# wrk counts answers, not their codes: one more request shows what they were
echo "a rejection: $(curl -s -X POST localhost:8080/api/bookings/reserve -H 'Content-Type: application/json' \
  -d "{\"event_id\": $event, \"user_id\": \"rejections-probe-$ts\"}")"
