#!/usr/bin/env bash
# Starts the booking suite (cache-service, queue-worker, booking-service) and prints its URLs; stops
# everything it started on Ctrl-C or SIGTERM. Settings come from the environment (.env is read when
# present; defaults: localhost and the standard ports). Builds the jars first when they are missing
# or older than the sources.
#
# PostgreSQL, Redis and RabbitMQ: whatever answers at the configured address is used. For what does
# not answer on this machine, with a Docker engine at hand, `docker compose up -d` starts it (and
# leaves it running); without one, PostgreSQL and Redis are started embedded (dev-infra/, real
# binaries from Maven Central, data gone when run.sh stops). RabbitMQ cannot be embedded: see the
# README, "Trying it without any setup".
#
# On Java 25 or later the services run from their extracted jars (run/app/<service>/) and with the
# JVM's AOT cache when one was trained for this JDK and these jars (README, "A fast first minute"):
#   ./run.sh --train-aot   trains the caches: starts the suite in a namespace of its own (database
#                          <DB_NAME>_aot_training, Redis prefix aot-training:<time>:), drives every
#                          hot path with scripts/AotTraining.java, stops, and keeps the caches
#   RUN_AOT_CACHE=off ./run.sh
#                          runs without the cache even when there is one
set -euo pipefail
cd "$(dirname "$0")"

train_aot=false
case "${1:-}" in
  "") ;;
  --train-aot) train_aot=true ;;
  *) echo "usage: ./run.sh [--train-aot]" >&2; exit 2 ;;
esac

if [ -f .env ]; then
  set -a
  # shellcheck disable=SC1091
  . ./.env
  set +a
fi

aot_cache=${RUN_AOT_CACHE:-on}
# each service's heap, fixed (-Xms = -Xmx): with a heap free to grow and shrink, G1 runs concurrent
# cycles all the time under load, which cost 6-35% of the CPU per request (docs/benchmarks.md,
# lever 14); empty leaves the sizing to the JVM (a quarter of the machine's memory, grown on demand)
heap=${RUN_HEAP-512m}
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
infra_pid=
stop_grace_seconds=30

say() { printf '[run.sh] %s\n' "$*"; }

answers() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

local_host() { case "$1" in localhost | 127.0.0.1 | ::1) return 0 ;; *) return 1 ;; esac; }

# The readiness probe with bash alone (no curl needed): the status line of a plain HTTP/1.0 GET.
ready() {
  (
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf 'GET /actuator/health/readiness HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
    IFS= read -r -t 5 status <&3 || exit 1
    case "$status" in "HTTP/1."?" 200"*) exit 0 ;; *) exit 1 ;; esac
  ) 2>/dev/null
}

stop_all() {
  trap - INT TERM EXIT
  if [ ${#pids[@]} -gt 0 ]; then
    say "stopping ${services[*]}"
    kill "${pids[@]}" 2>/dev/null || true
    # a JVM that ran out of memory may never act on SIGTERM: 30 s, then SIGKILL; a training run's
    # JVMs write their AOT caches as they exit, which takes longer
    for _ in $(seq 1 "$stop_grace_seconds"); do
      alive=
      for pid in "${pids[@]}"; do
        if kill -0 "$pid" 2>/dev/null; then alive=yes; fi
      done
      [ -n "$alive" ] || break
      sleep 1
    done
    kill -9 "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
  # after the services, so that they close their connections first
  if [ -n "$infra_pid" ]; then
    say "stopping the embedded PostgreSQL/Redis (dev-infra)"
    kill "$infra_pid" 2>/dev/null || true
    wait "$infra_pid" 2>/dev/null || true
  fi
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap stop_all EXIT

# 0. the JDK: JAVA_HOME's when it is set; otherwise the newest one found in the usual places or on
# PATH. 21 or later runs the services on virtual threads (common.yml), as the container images do.
java_feature() { # java binary: its feature version (17, 25, ...)
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p'
}
pick_java() {
  if [ -n "${JAVA_HOME:-}" ]; then
    echo "$JAVA_HOME/bin/java"
    return
  fi
  local best="" best_feature=0 candidate feature
  for candidate in /usr/lib/jvm/*/bin/java /Library/Java/JavaVirtualMachines/*/Contents/Home/bin/java \
    "$(command -v java || true)"; do
    [ -x "$candidate" ] || continue
    feature=$(java_feature "$candidate")
    if [ "${feature:-0}" -gt "$best_feature" ]; then
      best=$candidate best_feature=$feature
    fi
  done
  echo "$best"
}
java_bin=$(pick_java)
java_version=$([ -x "$java_bin" ] && java_feature "$java_bin" || true)
if [ "${java_version:-0}" -lt 17 ]; then
  say "no JDK 17 or later found (JAVA_HOME, /usr/lib/jvm, PATH): install one, 21 or later for virtual threads"
  exit 1
fi
if [ "$java_version" -ge 21 ]; then
  say "java: $java_bin (Java $java_version, virtual threads on)"
else
  say "java: $java_bin (Java $java_version: virtual threads off, they need Java 21 or later)"
fi
if $train_aot; then
  if [ "$java_version" -lt 25 ]; then
    say "--train-aot needs Java 25 or later (the AOT cache of JEP 514/515); $java_bin is Java $java_version"
    exit 1
  fi
  # a namespace of its own, so the training's events and bookings never mix with real ones
  training_prefix="aot-training:$(date -u +%Y%m%d%H%M%S):"
  export DB_NAME="${DB_NAME}_aot_training" BOOKING_REDIS_KEY_PREFIX="$training_prefix"
  export BOOKING_MESSAGING_PREFIX=aot-training SECURITY_MODE=none
fi

# 1. infrastructure: what answers, and how to get what does not
found=() missing=() compose_services=()
check() { # name host port compose-service
  if answers "$2" "$3"; then
    found+=("$1 at $2:$3")
  elif ! local_host "$2"; then
    say "nothing answers for $1 at $2:$3, and that is not this machine: start it there, or point the settings at one"
    exit 1
  else
    missing+=("$1") compose_services+=("$4")
  fi
}
check PostgreSQL "$DB_HOST" "$DB_PORT" postgres
check Redis "$REDIS_HOST" "$REDIS_PORT" redis
check RabbitMQ "$RABBITMQ_HOST" "$RABBITMQ_PORT" rabbitmq

mode=existing
if [ ${#missing[@]} -gt 0 ]; then
  if docker info >/dev/null 2>&1 && docker compose version >/dev/null 2>&1; then
    mode=docker
  else
    mode=embedded
    for m in "${missing[@]}"; do
      if [ "$m" = RabbitMQ ]; then
        say "nothing answers for RabbitMQ at $RABBITMQ_HOST:$RABBITMQ_PORT, there is no Docker engine to start one,"
        say "and no embedded broker can stand in for it (see README, 'Trying it without any setup'). Start RabbitMQ:"
        say "  Debian/Ubuntu: sudo apt-get install rabbitmq-server      macOS: brew install rabbitmq && brew services start rabbitmq"
        say "  or, where a Docker engine runs: docker run -d -p 5672:5672 rabbitmq:4-management"
        say "or point RABBITMQ_HOST, RABBITMQ_PORT, RABBITMQ_USER, RABBITMQ_PASSWORD at one, and run ./run.sh again"
        exit 1
      fi
    done
  fi
fi

# 2. build when needed
jar() { echo "$1/target/$1-1.0.0-SNAPSHOT-exec.jar"; }
infra_jar=dev-infra/target/dev-infra-1.0.0-SNAPSHOT.jar
stale=false
for s in "${services[@]}"; do
  j=$(jar "$s")
  if [ ! -f "$j" ] || [ -n "$(find "$s/src" common/src db/migration pom.xml "$s/pom.xml" -newer "$j" -type f -print -quit)" ]; then
    stale=true
  fi
done
if [ $mode = embedded ] && { [ ! -f "$infra_jar" ] || [ -n "$(find dev-infra/src dev-infra/pom.xml -newer "$infra_jar" -type f -print -quit)" ]; }; then
  stale=true
fi
if $stale; then
  say "building (./mvnw package -DskipTests)"
  ./mvnw -q -B package -DskipTests
fi

# 3. start what is missing
mkdir -p "$logs"
case $mode in
  existing)
    say "mode: existing infrastructure: ${found[*]}"
    ;;
  docker)
    say "mode: docker: starting ${missing[*]} with 'docker compose up -d --wait ${compose_services[*]}' (left running; 'docker compose stop' stops them)"
    docker compose up -d --wait "${compose_services[@]}"
    ;;
  embedded)
    servers=()
    for m in "${missing[@]}"; do servers+=("$(printf '%s' "$m" | tr '[:upper:]' '[:lower:]' | sed 's/postgresql/postgres/')"); done
    "$java_bin" -jar "$infra_jar" "${servers[@]}" >"$logs/dev-infra.log" 2>&1 &
    infra_pid=$!
    deadline=$((SECONDS + 120))
    until grep -q '^dev-infra: ready' "$logs/dev-infra.log"; do
      if ! kill -0 "$infra_pid" 2>/dev/null; then
        infra_pid=
        say "the embedded ${missing[*]} did not start; last lines of $logs/dev-infra.log:"
        tail -n 20 "$logs/dev-infra.log"
        exit 1
      fi
      if [ $SECONDS -ge $deadline ]; then
        say "the embedded ${missing[*]} did not start in time; see $logs/dev-infra.log"
        exit 1
      fi
      sleep 0.5
    done
    say "mode: embedded (no Docker engine): $(sed -n 's/^dev-infra: ready: //p' "$logs/dev-infra.log") started by dev-infra (pid $infra_pid, log $logs/dev-infra.log; data gone when run.sh stops)"
    if [ ${#found[@]} -gt 0 ]; then
      say "  and existing: ${found[*]}"
    fi
    ;;
esac

# 4. the database (Flyway, run by the services at start-up, creates the schema inside it); the
# embedded PostgreSQL comes with it
if [ $mode != embedded ] || [[ " ${missing[*]:-} " != *" PostgreSQL "* ]]; then
  if command -v psql >/dev/null 2>&1; then
    if $train_aot; then
      PGPASSWORD="$DB_PASSWORD" PGOPTIONS="-c client_min_messages=warning" psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres \
        -qc "DROP DATABASE IF EXISTS \"$DB_NAME\" WITH (FORCE)"
    fi
    if ! PGPASSWORD="$DB_PASSWORD" psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'" | grep -q 1; then
      say "creating database $DB_NAME"
      PGPASSWORD="$DB_PASSWORD" psql -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" -d postgres -qc "CREATE DATABASE \"$DB_NAME\""
    fi
  else
    say "psql not found: make sure database $DB_NAME exists"
  fi
fi

# 5. start. On Java 25 or later from the extracted jar, the form the AOT cache needs (it cannot
# cache classes from the jars nested in the executable one); a cache belongs to the jar it was
# trained on and to the JDK that trained it, so a rebuilt jar drops it and another JDK ignores it.
launch_args() { # service -> the java arguments that start it, one per line
  local s=$1 app=run/app/$1 cache
  if [ "$java_version" -lt 25 ]; then
    echo -jar
    jar "$s"
    return
  fi
  cache=$app/$s.aot
  if [ ! -f "$app/$s.jar" ] || [ "$(jar "$s")" -nt "$app/$s.jar" ]; then
    rm -rf "$app"
    "$java_bin" -Djarmode=tools -jar "$(jar "$s")" extract --destination "$app" --application-filename "$s.jar" >/dev/null
  fi
  if $train_aot; then
    rm -f "$cache.training"
    echo "-XX:AOTCacheOutput=$cache.training"
  elif [ "$aot_cache" != off ] && [ -f "$cache" ] && [ "$(cat "$cache.jdk" 2>/dev/null)" = "$java_identity" ]; then
    echo "-XX:AOTCache=$cache"
  fi
  echo -jar
  echo "$app/$s.jar"
}
java_identity="$java_bin $("$java_bin" -version 2>&1 | tail -n 1)"
uncached=()
for s in "${services[@]}"; do
  mapfile -t args < <(launch_args "$s")
  # shellcheck disable=SC2086
  "$java_bin" ${heap:+-Xms$heap -Xmx$heap} ${JAVA_OPTS:-} "${args[@]}" >"$logs/$s.log" 2>&1 &
  pids+=($!)
  case "${args[*]}" in
    *-XX:AOTCacheOutput=*) aot=" recording its AOT cache" ;;
    *-XX:AOTCache=*) aot=" with its AOT cache" ;;
    *) aot="" uncached+=("$s") ;;
  esac
  say "started $s$aot (pid $!, heap ${heap:-sized by the JVM}, log $logs/$s.log)"
done
if [ "$java_version" -ge 25 ] && [ "$aot_cache" != off ] && [ ${#uncached[@]} -gt 0 ]; then
  say "no AOT cache for this JDK and build of ${uncached[*]}: ./run.sh --train-aot makes them (README, 'A fast first minute')"
fi

# 6. wait for readiness
port_of() {
  case "$1" in
    cache-service) echo "$CACHE_SERVICE_PORT" ;;
    queue-worker) echo "$QUEUE_WORKER_PORT" ;;
    booking-service) echo "$BOOKING_SERVICE_PORT" ;;
  esac
}
# the index of a service that exited, if one did
exited() {
  for i in "${!pids[@]}"; do
    if ! kill -0 "${pids[$i]}" 2>/dev/null; then
      echo "$i"
      return 0
    fi
  done
  return 1
}
deadline=$((SECONDS + ${RUN_START_TIMEOUT:-240}))
for s in "${services[@]}"; do
  until ready "$(port_of "$s")"; do
    if i=$(exited); then
      say "${services[$i]} exited; last lines of its log:"
      tail -n 30 "$logs/${services[$i]}.log"
      exit 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      say "$s did not become ready in time; see $logs/$s.log"
      exit 1
    fi
    sleep 1
  done
  say "$s is ready"
done

if $train_aot; then
  say "training the AOT caches: scripts/AotTraining.java against http://localhost:$BOOKING_SERVICE_PORT"
  "$java_bin" scripts/AotTraining.java "http://localhost:$BOOKING_SERVICE_PORT"
  say "stopping the services: each JVM writes its AOT cache as it exits"
  stop_grace_seconds=600
  stop_all
  for s in "${services[@]}"; do
    cache=run/app/$s/$s.aot
    if [ ! -s "$cache.training" ]; then
      say "$s wrote no AOT cache; see $logs/$s.log"
      exit 1
    fi
    mv "$cache.training" "$cache"
    echo "$java_identity" >"$cache.jdk"
    say "$cache: $(du -h "$cache" | cut -f 1)"
  done
  if command -v redis-cli >/dev/null 2>&1; then
    redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ${REDIS_PASSWORD:+--no-auth-warning -a "$REDIS_PASSWORD"} --scan --pattern "$training_prefix*" \
      | xargs -r redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ${REDIS_PASSWORD:+--no-auth-warning -a "$REDIS_PASSWORD"} del >/dev/null || true
  fi
  say "done: ./run.sh now starts the services with these caches"
  exit 0
fi

cat <<MSG

  Booking API     http://localhost:$BOOKING_SERVICE_PORT/api/bookings   (health: http://localhost:$BOOKING_SERVICE_PORT/health)
  Events API      http://localhost:$BOOKING_SERVICE_PORT/api/events
  cache-service   http://localhost:$CACHE_SERVICE_PORT/actuator/health
  queue-worker    http://localhost:$QUEUE_WORKER_PORT/actuator/health
  Logs            $logs/

  Press Ctrl-C to stop.
MSG

while true; do
  if i=$(exited); then
    say "${services[$i]} stopped unexpectedly; stopping the rest"
    exit 1
  fi
  if [ -n "$infra_pid" ] && ! kill -0 "$infra_pid" 2>/dev/null; then
    infra_pid=
    say "the embedded PostgreSQL/Redis (dev-infra) stopped unexpectedly; stopping the rest"
    exit 1
  fi
  sleep 1
done
