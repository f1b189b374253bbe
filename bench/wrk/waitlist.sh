#!/usr/bin/env bash
# How fast the waiting list gets the seats that come back: starts ./run.sh in a namespace of its own
# (bench/wrk/suite.sh), sells out an event of WAITLIST_BENCH_SEATS seats (WAITLIST_BENCH_BOOKED of
# them booked, the rest held for WAITLIST_BENCH_HOLD_TTL seconds), puts WAITLIST_BENCH_WAITERS users
# on its waiting list (at once, or, with WAITLIST_BENCH_JOIN_LEAD, starting that many seconds before
# the first hold expires, so that joins still arrive while holds expire), then, as the first holds
# expire, cancels every booking at once
# (bench/wrk/waitlist.py, 32 clients) while the other holds keep expiring in the order they were
# taken. Once
# every seat is offered it prints, from PostgreSQL, how long each offer came after its seat came
# back: the seats in the order they came back (an expired hold's expires_at, a cancelled booking's
# commit) paired with the offers in the order they were made, which is the waiting list's own order
# (every entry asks for one seat). Also queue-worker's booking_waitlist_offer_lag_seconds, and
# whether any seat was offered twice or went to anyone else.
#
#   bench/wrk/waitlist.sh
#
# Settings: WAITLIST_BENCH_SEATS (2000), WAITLIST_BENCH_BOOKED (half of them; 0: expiries alone),
# WAITLIST_BENCH_WAITERS (3000), WAITLIST_BENCH_HOLD_TTL (60: longer than selling out takes, up to
# 32 s here), WAITLIST_BENCH_JOIN_LEAD (none), WAITLIST_BENCH_WARMUP (0; 1: the same at a tenth of
# the scale on an event of its own first, so that the measured event meets warm JVMs), RUN_HEAP and
# RUN_AOT_CACHE (./run.sh's). Needs what bench/wrk/suite.sh names.
set -euo pipefail
cd "$(dirname "$0")/../.."

seats=${WAITLIST_BENCH_SEATS:-2000}
booked=${WAITLIST_BENCH_BOOKED:-$((seats / 2))}
waiters=${WAITLIST_BENCH_WAITERS:-3000}
hold_ttl=${WAITLIST_BENCH_HOLD_TTL:-60}
join_lead=${WAITLIST_BENCH_JOIN_LEAD:-}
warmup=${WAITLIST_BENCH_WARMUP:-0}
export JAVA_OPTS=''
# shellcheck source=bench/wrk/suite.sh
. bench/wrk/suite.sh waitlist
db() { psql -X -At -h 127.0.0.1 -U postgres -d "$DB_NAME" -c "$1"; }

# new_waitlist_event seats hold-ttl: the id of a new event
new_waitlist_event() {
  curl -fsS -X POST localhost:8080/api/events -H 'Content-Type: application/json' \
    -d "{\"name\": \"wrk waitlist\", \"total_seats\": $1, \"hold_ttl_seconds\": $2}" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["event"]["id"])'
}
# await_offers event seats: until that many of the event's entries hold an offer
await_offers() {
  until [ "$(db "SELECT count(*) FROM waitlist_entries WHERE event_id = $1 AND status = 'OFFERED'")" -ge "$2" ]; do
    sleep 0.5
  done
}

if [ "$warmup" = 1 ]; then
  # the same paths at a tenth of the scale, on an event of their own: the JVMs' first requests,
  # batches and expiries are behind them when the measured event starts
  warm=$(new_waitlist_event $((seats / 10)) 15)
  python3 bench/wrk/waitlist.py sell "$warm" $((seats / 10)) $((booked / 10)) >"$out/warm-bookings.txt"
  python3 bench/wrk/waitlist.py join "$warm" $((waiters / 10))
  python3 bench/wrk/waitlist.py cancel <"$out/warm-bookings.txt"
  await_offers "$warm" $((seats / 10))
  echo "warmed up at $(date -u +%T)"
fi

event=$(new_waitlist_event "$seats" "$hold_ttl")
python3 bench/wrk/waitlist.py sell "$event" "$seats" "$booked" >"$out/bookings.txt"
echo "sold out at $(date -u +%T): $(db "SELECT booked_seats || ' booked, ' || held_seats || ' held' FROM events WHERE id = $event")"
expiry=$(db "SELECT extract(epoch FROM min(expires_at)) FROM bookings WHERE event_id = $event AND status = 'HELD'")
# sleep_until epoch-seconds
sleep_until() { sleep "$(python3 -c "import time; print(max(0, $1 - time.time()))")"; }
if [ -n "$join_lead" ]; then
  sleep_until "$expiry - $join_lead"
fi
echo "joining from $(date -u +%T)"
python3 bench/wrk/waitlist.py join "$event" "$waiters"
echo "waiting at $(date -u +%T): $(db "SELECT count(*) FROM waitlist_entries WHERE event_id = $event AND status = 'WAITING'")"

# the cancels go out as the holds expire
sleep_until "$expiry"
python3 bench/wrk/waitlist.py cancel <"$out/bookings.txt"
await_offers "$event" "$seats"
echo "every seat offered at $(date -u +%T)"

db "WITH back AS (
        SELECT row_number() OVER (ORDER BY at) AS n, at, cause FROM (
            SELECT expires_at AS at, 'expiry' AS cause FROM bookings WHERE event_id = $event AND status = 'EXPIRED'
            UNION ALL
            SELECT updated_at, 'cancel' FROM bookings WHERE event_id = $event AND status = 'CANCELLED') seats),
    offers AS (
        SELECT row_number() OVER (ORDER BY b.created_at, b.id) AS n, b.created_at AS at
        FROM waitlist_entries w JOIN bookings b ON b.id = w.hold_id WHERE w.event_id = $event),
    lag AS (SELECT back.cause, extract(epoch FROM offers.at - back.at) AS s FROM back JOIN offers USING (n))
    SELECT format('%s seats back by %s: offered after p50 %s s, p99 %s s, max %s s', count(*), cause,
                  round(percentile_cont(0.5) WITHIN GROUP (ORDER BY s)::numeric, 3),
                  round(percentile_cont(0.99) WITHIN GROUP (ORDER BY s)::numeric, 3), round(max(s)::numeric, 3))
    FROM lag GROUP BY cause
    UNION ALL
    SELECT 'slowest seconds: ' || string_agg(format('%s (%s seats back, max %s s)', second, n, worst), ', ')
    FROM (SELECT to_char(back.at, 'HH24:MI:SS') AS second, count(*) AS n,
                 round(max(extract(epoch FROM offers.at - back.at))::numeric, 3) AS worst
          FROM back JOIN offers USING (n) GROUP BY 1 ORDER BY worst DESC LIMIT 5) slowest"
db "SELECT format('offers: %s, to %s entries, %s holds; entries offered out of order: %s; seats held outside the list: %s; REJECTED: %s',
           count(*), count(DISTINCT w.id), count(DISTINCT w.hold_id),
           (SELECT count(*) FROM waitlist_entries o WHERE o.event_id = $event AND o.status = 'WAITING'
               AND o.id < (SELECT max(id) FROM waitlist_entries WHERE event_id = $event AND status = 'OFFERED')),
           (SELECT count(*) FROM bookings b WHERE b.event_id = $event AND b.status IN ('HELD', 'CONFIRMED')
               AND NOT EXISTS (SELECT 1 FROM waitlist_entries x WHERE x.hold_id = b.id)),
           (SELECT count(*) FROM bookings b WHERE b.event_id = $event AND b.status = 'REJECTED'))
    FROM waitlist_entries w WHERE w.event_id = $event AND w.status = 'OFFERED'"
curl -fsS localhost:8082/actuator/prometheus | python3 bench/wrk/waitlist.py quantiles booking_waitlist_offer_lag_seconds
