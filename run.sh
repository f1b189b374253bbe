#!/usr/bin/env bash
# Starts the booking suite (cache-service, queue-worker, booking-service) against the PostgreSQL,
# Redis and RabbitMQ named in the environment (.env is read when present; defaults: localhost and
# the standard ports), waits until all three are healthy, prints the URLs, and stops them all on
# Ctrl-C or SIGTERM. Builds the jars first when they are missing or older than the sources.
set -euo pipefail
cd "$(dirname "$0")"

if [ -f .env ]; then
  set -a
  # shellcheck disable=SC1091
  . ./.env
  set +a
fi

export DB_HOST="${DB_HOST:-localhost}" DB_PORT="${DB_PORT:-5432}" DB_NAME="${DB_NAME:-booking_system}"
export DB_USER="${DB_USER:-postgres}" DB_PASSWORD="${DB_PASSWORD:-}"
export REDIS_HOST="${REDIS_HOST:-localhost}" REDIS_PORT="${REDIS_PORT:-6379}"
export RABBITMQ_HOST="${RABBITMQ_HOST:-localhost}" RABBITMQ_PORT="${RABBITMQ_PORT:-5672}"
export BOOKING_SERVICE_PORT="${BOOKING_SERVICE_PORT:-8080}" CACHE_SERVICE_PORT="${CACHE_SERVICE_PORT:-8081}"
export QUEUE_WORKER_PORT="${QUEUE_WORKER_PORT:-8082}"
export CACHE_SERVICE_URL="${CACHE_SERVICE_URL:-http://localhost:${CACHE_SERVICE_PORT}}"

services=(cache-service queue-worker booking-service)
logs=run/logs
pids=()

say() { printf '[run.sh] %s\n' "$*"; }

answers() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

stop_all() {
  trap - INT TERM EXIT
  if [ ${#pids[@]} -gt 0 ]; then
    say "stopping ${services[*]}"
    kill "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap stop_all EXIT

# 1. infrastructure
missing=()
answers "$DB_HOST" "$DB_PORT" || missing+=("PostgreSQL at $DB_HOST:$DB_PORT")
answers "$REDIS_HOST" "$REDIS_PORT" || missing+=("Redis at $REDIS_HOST:$REDIS_PORT")
answers "$RABBITMQ_HOST" "$RABBITMQ_PORT" || missing+=("RabbitMQ at $RABBITMQ_HOST:$RABBITMQ_PORT")
if [ ${#missing[@]} -gt 0 ]; then
  say "nothing answers for: ${missing[*]}"
  say "start them (e.g. 'docker compose up -d postgres redis rabbitmq') or point DB_*, REDIS_*, RABBITMQ_* at them"
  exit 1
fi
say "infrastructure: PostgreSQL $DB_HOST:$DB_PORT/$DB_NAME, Redis $REDIS_HOST:$REDIS_PORT, RabbitMQ $RABBITMQ_HOST:$RABBITMQ_PORT"

# 2. the database (Flyway, run by the services at start-up, creates the schema inside it)
if command -v psql >/dev/null 2>&1; then
  if ! PGPASSWORD="$DB_PASSWORD" psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'" | grep -q 1; then
    say "creating database $DB_NAME"
    PGPASSWORD="$DB_PASSWORD" psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres -qc "CREATE DATABASE \"$DB_NAME\""
  fi
else
  say "psql not found: make sure database $DB_NAME exists"
fi

# 3. build when needed
jar() { echo "$1/target/$1-1.0.0-SNAPSHOT-exec.jar"; }
stale=false
for s in "${services[@]}"; do
  j=$(jar "$s")
  if [ ! -f "$j" ] || [ -n "$(find "$s/src" common/src db/migration pom.xml "$s/pom.xml" -newer "$j" -type f -print -quit)" ]; then
    stale=true
  fi
done
if $stale; then
  say "building (./mvnw package -DskipTests)"
  ./mvnw -q -B package -DskipTests
fi

# 4. start
mkdir -p "$logs"
for s in "${services[@]}"; do
  # shellcheck disable=SC2086
  java ${JAVA_OPTS:-} -jar "$(jar "$s")" >"$logs/$s.log" 2>&1 &
  pids+=($!)
  say "started $s (pid $!, log $logs/$s.log)"
done

# 5. wait for health
declare -A ports=([cache-service]=$CACHE_SERVICE_PORT [queue-worker]=$QUEUE_WORKER_PORT [booking-service]=$BOOKING_SERVICE_PORT)
deadline=$((SECONDS + ${RUN_START_TIMEOUT:-240}))
for s in "${services[@]}"; do
  until curl -fs "http://localhost:${ports[$s]}/actuator/health/readiness" >/dev/null 2>&1; do
    for i in "${!pids[@]}"; do
      if ! kill -0 "${pids[$i]}" 2>/dev/null; then
        say "${services[$i]} exited; last lines of its log:"
        tail -n 30 "$logs/${services[$i]}.log"
        exit 1
      fi
    done
    if [ $SECONDS -ge $deadline ]; then
      say "$s did not become healthy in time; see $logs/$s.log"
      exit 1
    fi
    sleep 1
  done
  say "$s is healthy"
done

cat <<MSG

  Booking API     http://localhost:$BOOKING_SERVICE_PORT/api/bookings   (health: http://localhost:$BOOKING_SERVICE_PORT/health)
  Events API      http://localhost:$BOOKING_SERVICE_PORT/api/events
  cache-service   http://localhost:$CACHE_SERVICE_PORT/actuator/health
  queue-worker    http://localhost:$QUEUE_WORKER_PORT/actuator/health
  Logs            $logs/

  Press Ctrl-C to stop all three.
MSG

wait -n "${pids[@]}" || true
say "a service stopped unexpectedly; stopping the others"
exit 1
