#!/usr/bin/env bash
# What the webhook outbox (db/migration/V3__webhooks.sql's triggers) costs queue-worker's commits:
# pgbench runs queue-worker's batch transaction (outbox-batch.sql: 50 bookings and one counter
# update) against the real schema, in three set-ups taken in turn, ROUNDS times each:
#   off   the webhook triggers disabled (the schema as before V3)
#   none  the triggers on, no subscription (every deployment that uses no webhooks)
#   one   the triggers on, one subscription to every type (a notification and a delivery per row)
# A throwaway database (OUTBOX_DB) is created and dropped. Needs psql and pgbench; PostgreSQL as in
# .env.example (DB_HOST, DB_PORT, DB_USER). Prints one line per run and the mean per set-up.
# OUTBOX_ROUNDS (3), OUTBOX_SECONDS (20), OUTBOX_CLIENTS (2, queue-worker's consumers) and
# OUTBOX_MODES ("off none one") change the runs.
set -euo pipefail
cd "$(dirname "$0")/../.."

DB_HOST=${DB_HOST:-localhost} DB_PORT=${DB_PORT:-5432} DB_USER=${DB_USER:-postgres}
db=${OUTBOX_DB:-bench_outbox_$$}
clients=${OUTBOX_CLIENTS:-2}
seconds=${OUTBOX_SECONDS:-20}
rounds=${OUTBOX_ROUNDS:-3}
modes=${OUTBOX_MODES:-off none one}
pg() { psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -v ON_ERROR_STOP=1 -qAt "$@"; }

trap 'pg -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null' EXIT
pg -d postgres -c "CREATE DATABASE $db"
for migration in db/migration/V*.sql; do
  pg -d "$db" -f "$migration" >/dev/null
done

setup() { # mode
  pg -d "$db" <<SQL
TRUNCATE webhook_deliveries, webhook_messages, webhook_subscriptions, waitlist_entries, booking_audit, bookings CASCADE;
DELETE FROM events;
INSERT INTO events (id, name, total_seats, max_per_user, hold_ttl_seconds, status, waitlist_offer_ttl_seconds)
SELECT g, 'outbox ' || g, 1000000, 1, 600, 'ON_SALE', 900 FROM generate_series(1, 100) g;
ALTER TABLE bookings $( [ "$1" = off ] && echo DISABLE || echo ENABLE ) TRIGGER bookings_webhooks_inserted;
ALTER TABLE bookings $( [ "$1" = off ] && echo DISABLE || echo ENABLE ) TRIGGER bookings_webhooks_updated;
ALTER TABLE events $( [ "$1" = off ] && echo DISABLE || echo ENABLE ) TRIGGER events_webhooks;
$( [ "$1" = one ] && echo "INSERT INTO webhook_subscriptions (id, url, event_types, secret) VALUES (gen_random_uuid(), 'https://receiver.example/hooks', ARRAY['booking.confirmed','booking.cancelled','booking.rejected','hold.created','hold.confirmed','hold.released','hold.expired','event.sold_out'], 'whsec_x');" )
VACUUM ANALYZE;
SQL
}

declare -A sum
for round in $(seq 1 "$rounds"); do
  for mode in $modes; do
    setup "$mode"
    tps=$(pgbench -n -c "$clients" -j "$clients" -T "$seconds" -f bench/pgbench/outbox-batch.sql \
            -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" "$db" 2>&1 | sed -n 's/^tps = \([0-9.]*\).*/\1/p')
    rows=$(pg -d "$db" -c "SELECT count(*) FROM bookings")
    deliveries=$(pg -d "$db" -c "SELECT count(*) FROM webhook_deliveries")
    printf 'round %s %-4s %8.1f transactions/s = %8.0f bookings/s (%s rows, %s deliveries)\n' \
      "$round" "$mode" "$tps" "$(echo "$tps * 50" | bc)" "$rows" "$deliveries"
    sum[$mode]=$(echo "${sum[$mode]:-0} + $tps" | bc)
  done
done
for mode in $modes; do
  printf 'mean %-4s %8.0f bookings/s\n' "$mode" "$(echo "${sum[$mode]} * 50 / $rounds" | bc)"
done
