#!/usr/bin/env bash
# The on-sale benchmark (issue 4) in one command:
#   bench/run.sh                  full run
#   BENCH_QUICK=1 bench/run.sh    smoke run: a few seconds and small counts per scenario
#   BENCH_KEEP_DB=1 bench/run.sh  keep the run's databases afterwards, for inspection
#   BENCH_JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64 bench/run.sh
#                                 run the services (and Gatling) on that JDK rather than the one
#                                 ./run.sh picks (the newest found)
#   BENCH_PROFILE=0 bench/run.sh  no async-profiler flame graphs of scenario 1
#   BENCH_LABEL=jdk17 bench/run.sh
#                                 results in bench/results/<yyyy-mm-dd>-jdk17, beside the day's others
#   BENCH_SCENARIOS=funnel bench/run.sh
#                                 only some scenarios, of: cold (the cold start: the suite started
#                                 afresh, without and then with AOT caches), hot (scenario 1, with the
#                                 pgbench baseline), sell (scenario 2: the sell-out and the rejections
#                                 after it), mixed, funnel (the checkout funnel); all by default. A run
#                                 of some of them is labelled with their names unless BENCH_LABEL says
#                                 otherwise
# It measures the cold start first (ColdStartSimulation from the moment a freshly started suite is
# ready, on Java 25 once more after ./run.sh --train-aot), then the naive design with pgbench,
# starts the suite with ./run.sh (its default heap: fixed at 512 MiB), runs the
# Gatling scenarios HotEvent, SellOut, Rejection, Mixed and CheckoutFunnel against it, checks the
# booking invariants after each, and writes bench/results/<yyyy-mm-dd>/summary.md and throughput.svg, a chart
# of each scenario's OK responses/s and p99 over time (bench/report.py, bench/chart.py). Those two
# are what git keeps of a run: Gatling's HTML reports (gatling/), the flame graphs (profiles/) and
# the raw data (raw/) go next to them, git-ignored, on this machine only. While scenario 1 runs, it
# records the CPU time of every part (bench/cpu.py) and profiles the three services with
# async-profiler, whose flame graphs go to bench/results/<yyyy-mm-dd>/profiles/.
#
# The run only touches what it creates: databases booking_bench_<ts> and booking_bench_naive_<ts>,
# Redis keys bench:<ts>:*, RabbitMQ queues and exchanges bench.<ts>.*, and removes them at the end.
# RabbitMQ's are removed with rabbitmqctl, so only when the broker runs on this machine; otherwise
# they are left (empty once the run is over; a hold expiry queue deletes itself an hour after its
# last use) and the run says so. The cold start's training (./run.sh --train-aot) works in
# booking_bench_<ts>_aot_training, removed too, and Redis keys aot-training:<time>:*, which run.sh
# removes; it leaves RabbitMQ's aot-training.* queues (empty, and the next training's), and the AOT
# caches it trained in run/app/, which ./run.sh uses from then on, as after any training.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bench=$root/bench

say() { printf '[bench] %s\n' "$*"; }
die() { say "$*" >&2; exit 1; }
answers() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

if [ -f .env ]; then
  set -a
  # shellcheck disable=SC1091
  . ./.env
  set +a
  # ./run.sh reads .env again after we set the run's namespaces, and .env would win
  if grep -qE '^[[:space:]]*(export[[:space:]]+)?(DB_NAME|BOOKING_REDIS_KEY_PREFIX|BOOKING_MESSAGING_PREFIX|JAVA_OPTS|RUN_HEAP|RUN_AOT_CACHE)=' .env; then
    die ".env sets DB_NAME, BOOKING_REDIS_KEY_PREFIX, BOOKING_MESSAGING_PREFIX, JAVA_OPTS, RUN_HEAP or RUN_AOT_CACHE; the benchmark needs its own: remove them from .env"
  fi
fi
DB_HOST=${DB_HOST:-localhost} DB_PORT=${DB_PORT:-5432} DB_USER=${DB_USER:-postgres}
REDIS_HOST=${REDIS_HOST:-localhost} REDIS_PORT=${REDIS_PORT:-6379} vhost=${RABBITMQ_VHOST:-/}
booking_port=${BOOKING_SERVICE_PORT:-8080} cache_port=${CACHE_SERVICE_PORT:-8081} worker_port=${QUEUE_WORKER_PORT:-8082}
base=http://localhost:$booking_port
declare -A ports=([booking-service]=$booking_port [cache-service]=$cache_port [queue-worker]=$worker_port)
export PGPASSWORD=${DB_PASSWORD:-}
# redis-cli sends AUTH whenever the variable is set, even empty, and Redis refuses it
if [ -n "${REDIS_PASSWORD:-}" ]; then export REDISCLI_AUTH=$REDIS_PASSWORD; fi

if [ "${BENCH_QUICK:-0}" = 1 ]; then
  mode=quick
  pgbench_seconds=5 warmup_seconds=3
  hot_users=16 hot_seconds=5
  cold_seconds=20 cold_window_seconds=5
  sell_seats=500 sell_users=2000 sell_concurrency=32 sell_max_seconds=60 reject_seconds=3
  mixed_events=4 mixed_users=16 mixed_seconds=5
  funnel_seats=500 funnel_buyers=5000 funnel_seconds=50 funnel_hold_ttl=3
  funnel_think_min_ms=500 funnel_think_max_ms=1500
else
  mode=full
  # C2 keeps compiling for minutes after start-up on 2 cores shared by three JVMs (measured with
  # top -H: a C2 thread at ~95% CPU in each service for the first 3-4 minutes; after 90 s of
  # warm-up, async-profiler still found 14-23% of booking-service's CPU in the compiler)
  pgbench_seconds=30 warmup_seconds=180
  hot_users=64 hot_seconds=60
  # the issue's cold start: 5 minutes from ready, in 15 s windows
  cold_seconds=300 cold_window_seconds=15
  sell_seats=20000 sell_users=200000 sell_concurrency=128 sell_max_seconds=900 reject_seconds=20
  mixed_events=20 mixed_users=64 mixed_seconds=60
  # The seats of an abandoned hold are on sale again hold_ttl_seconds (+ the expiry lag) after it
  # was taken, and 30% of those are abandoned again: the unconfirmed seats shrink to 30% per round
  # of ~12 s, so 20,000 seats need about 9 rounds (0.3^9 × 20,000 < 1) and the unluckiest a few
  # more. Buyers keep coming for 200 s (1,000/s) so that they are there for every round; in the
  # quick run, 500 seats need about 6 rounds of ~5 s.
  funnel_seats=20000 funnel_buyers=200000 funnel_seconds=200 funnel_hold_ttl=10
  funnel_think_min_ms=1000 funnel_think_max_ms=3000
fi
hot_seats=1000000 mixed_seats=1000000
funnel_max_per_user=4 funnel_confirm_percent=70

all_scenarios="cold hot sell mixed funnel"
read -ra selected <<<"${BENCH_SCENARIOS:-$all_scenarios}"
scenarios="${selected[*]}"
for scenario in "${selected[@]}"; do
  case " $all_scenarios " in
    *" $scenario "*) ;;
    *) die "BENCH_SCENARIOS: no scenario '$scenario' (there are: $all_scenarios)" ;;
  esac
done
runs() { [[ " $scenarios " == *" $1 "* ]]; }

if [ -n "${BENCH_JAVA_HOME:-}" ]; then
  [ -x "$BENCH_JAVA_HOME/bin/java" ] || die "no java in BENCH_JAVA_HOME=$BENCH_JAVA_HOME"
  export JAVA_HOME=$BENCH_JAVA_HOME PATH=$BENCH_JAVA_HOME/bin:$PATH
fi
for tool in java jcmd curl psql pgbench redis-cli python3; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool not found"
done
for port in "${ports[@]}"; do
  # otherwise the run would measure whatever already listens there
  if answers localhost "$port"; then die "port $port is taken (a suite already running?); stop it first"; fi
done

ts=$(date -u +%Y%m%d%H%M%S)
day=$(date -u +%Y-%m-%d)
label=${BENCH_LABEL:-}
# so that a run of one scenario never replaces the day's full run
if [ -z "$label" ] && [ "$scenarios" != "$all_scenarios" ]; then label=${scenarios// /-}; fi
out=$bench/results/$day${label:+-$label}
raw=$out/raw
# a second run on the same day replaces the first one's results
rm -rf "$out/gatling" "$out/profiles" "$raw"
mkdir -p "$raw"
facts=$raw/facts.tsv
fact() { printf '%s\t%s\n' "$1" "$2" >>"$facts"; }

export DB_NAME=booking_bench_$ts BOOKING_REDIS_KEY_PREFIX="bench:$ts:" BOOKING_MESSAGING_PREFIX="bench.$ts"
unset JAVA_OPTS RUN_HEAP
naive_db=booking_bench_naive_$ts

pg() { psql -X -q -At -v ON_ERROR_STOP=1 -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" "$@"; }
sql() { pg -d "$DB_NAME" -c "$1"; }
# rabbitmqctl works only next to the broker (Erlang cookie); without it queues are left and
# settling relies on the seat counts alone
rabbitmqctl=false
if command -v rabbitmqctl >/dev/null 2>&1 && rabbitmqctl -q list_queues name >/dev/null 2>&1; then
  rabbitmqctl=true
fi

suite_pid='' sampler_pid='' cpu_sampler_pid='' profile_pid=''
async_profiler_version=4.1
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -n "$sampler_pid" ]; then kill "$sampler_pid" 2>/dev/null || true; fi
  if [ -n "$cpu_sampler_pid" ]; then kill "$cpu_sampler_pid" 2>/dev/null || true; fi
  if [ -n "$profile_pid" ]; then kill "$profile_pid" 2>/dev/null || true; fi
  if [ -n "$suite_pid" ]; then
    say "stopping the suite"
    kill -TERM "$suite_pid" 2>/dev/null || true
    wait "$suite_pid" 2>/dev/null || true
    cp run/logs/*.log "$raw"/ 2>/dev/null || true
  fi
  redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" --scan --pattern "$BOOKING_REDIS_KEY_PREFIX*" \
    | xargs -r redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" del >/dev/null || say "could not delete the Redis keys $BOOKING_REDIS_KEY_PREFIX*"
  if $rabbitmqctl; then
    # the command queues, cache-service's outcome queue and one hold expiry queue per hold lifetime
    rabbitmqctl -q -p "$vhost" list_queues name 2>/dev/null \
      | awk -v prefix="$BOOKING_MESSAGING_PREFIX." 'index($1, prefix) == 1 { print $1 }' \
      | while read -r queue; do
          # its own stdin, or rabbitmqctl would read the rest of the list
          rabbitmqctl -q -p "$vhost" delete_queue "$queue" </dev/null >/dev/null 2>&1 || true
        done || say "could not list the queues $BOOKING_MESSAGING_PREFIX.*"
    for exchange in dlx outcomes; do
      # rabbitmqctl has no delete_exchange and the management API is not enabled here: the
      # broker's own function (RabbitMQ 3.10 and later)
      rabbitmqctl -q eval "rabbit_exchange:delete(rabbit_misc:r(<<\"$vhost\">>, exchange,
        <<\"$BOOKING_MESSAGING_PREFIX.$exchange\">>), false, <<\"bench\">>)." >/dev/null 2>&1 \
        || say "could not delete the exchange $BOOKING_MESSAGING_PREFIX.$exchange"
    done
  else
    say "rabbitmqctl cannot reach the broker: queues and exchanges $BOOKING_MESSAGING_PREFIX.* are left"
  fi
  if [ "${BENCH_KEEP_DB:-0}" = 1 ]; then
    say "kept databases $DB_NAME$(if runs hot; then echo " and $naive_db"; fi)"
  else
    pg -d postgres -c "DROP DATABASE IF EXISTS \"$DB_NAME\" WITH (FORCE)" || true
    if runs cold; then pg -d postgres -c "DROP DATABASE IF EXISTS \"${DB_NAME}_aot_training\" WITH (FORCE)" || true; fi
    if runs hot; then pg -d postgres -c "DROP DATABASE IF EXISTS \"$naive_db\" WITH (FORCE)" || true; fi
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Samples every second, per service, the heap in use (all heap pools) and the longest recent GC
# pause; and cache-service's longest recent hold expiry lag (a maximum over the last two minutes
# only, like the pause, so the run's longest is the highest sample).
sample_metrics() {
  local service
  while :; do
    for service in "${!ports[@]}"; do
      curl -fs --max-time 2 "http://localhost:${ports[$service]}/actuator/prometheus" | awk -v t="$(date +%s)" -v svc="$service" \
        -v lag="$raw/expiry-lag-max.tsv" '
        /^jvm_memory_used_bytes\{/ && /area="heap"/ { heap += $NF }
        /^jvm_gc_pause_seconds_max\{/ && $NF + 0 > gc { gc = $NF + 0 }
        /^booking_holds_expiry_lag_seconds_max[{ ]/ { printf "%s\t%s\n", t, $NF >>lag }
        END { if (heap > 0) printf "%s\t%s\t%.0f\t%s\n", t, svc, heap, gc + 0 }' || true
    done >>"$raw/metrics.tsv"
    sleep 1
  done
}

# booking-service's reservation outcomes so far (outcome, count), to split a scenario's 201 and 202
outcomes() {
  curl -fsS "$base/actuator/prometheus" | awk '
    /^booking_reservations_total\{/ { match($0, /outcome="[^"]*"/); n[substr($0, RSTART + 9, RLENGTH - 10)] += $NF }
    END { for (o in n) printf "%s\t%.0f\n", o, n[o] }' >"$raw/outcomes-$1.tsv"
}

json() { # path (a.b.c) into the JSON on stdin
  python3 -c 'import json, sys
value = json.load(sys.stdin)
for key in sys.argv[1].split("."):
    value = value[key]
print(value)' "$1"
}

create_event() { # name seats [settings: more fields of the JSON body] -> id
  curl -fsS -X POST "$base/api/events" -H 'Content-Type: application/json' \
    -d "{\"name\": \"$1\", \"total_seats\": $2${3:+, $3}}" | json event.id
}

# Waits (at most 60 s) until every accepted booking is committed: no command of this run left in
# RabbitMQ (ready or being processed) and the seat counts unchanged for a second.
settle() {
  local deadline=$((SECONDS + 60)) before='' now queued
  while :; do
    queued=0
    if $rabbitmqctl; then
      queued=$(rabbitmqctl -q -p "$vhost" list_queues name messages 2>/dev/null \
        | awk -v q="$BOOKING_MESSAGING_PREFIX.commands" '$1 == q { print $2 }')
    fi
    now=$(sql "SELECT string_agg(id || '=' || booked_seats, ' ' ORDER BY id) FROM events")
    if [ "${queued:-0}" = 0 ] && [ "$now" = "$before" ]; then return 0; fi
    if [ $SECONDS -ge $deadline ]; then
      say "still settling after 60 s (commands queued: ${queued:-?})"
      return 1
    fi
    before=$now
    sleep 1
  done
}

# Records, per event, the booked seats as the API, the CONFIRMED rows and events.booked_seats see
# them (plus REJECTED rows); report.py judges them.
check_invariants() { # scenario event-ids...
  local scenario=$1 settled=yes id; shift
  settle || settled=no
  for id in "$@"; do
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$scenario" "$id" \
      "$(curl -fsS "$base/api/events/$id" | json event.booked_seats)" \
      "$(sql "SELECT count(*) FROM bookings WHERE event_id = $id AND status = 'CONFIRMED'")" \
      "$(sql "SELECT booked_seats FROM events WHERE id = $id")" \
      "$(sql "SELECT count(*) FROM bookings WHERE event_id = $id AND status = 'REJECTED'")" \
      "$settled" >>"$raw/invariants.tsv"
  done
}

sql_tsv() { pg -d "$DB_NAME" -F $'\t' -c "$1"; }

# cache-service's reconciliation repairs so far, all kinds together: each is drift between Redis and
# PostgreSQL that the hold and confirm paths left behind
repairs() {
  curl -fsS "http://localhost:$cache_port/actuator/prometheus" \
    | awk '/^booking_cache_reconcile_repairs_total[{ ]/ { n += $NF } END { printf "%.0f\n", n }'
}

# The checkout funnel's end state, once every hold has ended (the last abandoned ones expire
# hold_ttl_seconds after the last buyer's hold) and Redis has given their seats back: the seat counts
# as PostgreSQL, the API and Redis have them, the holds by status, each hold's audit trail, when each
# confirmed seat was booked, and cache-service's histogram of the hold expiry lag. report.py judges
# them.
funnel_checks() { # event
  local id=$1 deadline=$((SECONDS + funnel_hold_ttl + 60)) drained=no settled=yes state event
  local taken_key="${BOOKING_REDIS_KEY_PREFIX}event:$1:taken"
  while :; do
    # HELD rows, events.held_seats, and Redis's seats taken against events.booked_seats
    state=$(sql "SELECT (SELECT count(*) FROM bookings WHERE event_id = $id AND status = 'HELD') || ' '
      || held_seats || ' ' || booked_seats FROM events WHERE id = $id")
    state="$state $(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" GET "$taken_key")"
    if [[ $state =~ ^0\ 0\ ([0-9]+)\ ([0-9]+)$ ]] && [ "${BASH_REMATCH[1]}" = "${BASH_REMATCH[2]}" ]; then
      drained=yes
      break
    fi
    [ $SECONDS -lt $deadline ] || break
    sleep 1
  done
  settle || settled=no
  fact funnel.drained "$drained"
  fact funnel.settled "$settled"
  event=$(curl -fsS "$base/api/events/$id")
  fact funnel.api.booked_seats "$(json event.booked_seats <<<"$event")"
  fact funnel.api.held_seats "$(json event.held_seats <<<"$event")"
  sql_tsv "SELECT 'funnel.total_seats', total_seats FROM events WHERE id = $id
    UNION ALL SELECT 'funnel.booked_seats', booked_seats FROM events WHERE id = $id
    UNION ALL SELECT 'funnel.held_seats', held_seats FROM events WHERE id = $id
    UNION ALL SELECT 'funnel.confirmed_seats', coalesce(sum(quantity), 0) FROM bookings
      WHERE event_id = $id AND status = 'CONFIRMED'
    UNION ALL SELECT 'funnel.users_with_two_live', count(*) FROM (SELECT user_id FROM bookings
      WHERE event_id = $id AND status IN ('HELD', 'CONFIRMED') GROUP BY user_id HAVING count(*) > 1) twice" >>"$facts"
  fact funnel.redis_taken "$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" GET "$taken_key")"
  sql_tsv "SELECT status, count(*), sum(quantity) FROM bookings WHERE event_id = $id AND origin = 'HOLD'
    GROUP BY status ORDER BY status" >"$raw/funnel-holds.tsv"
  sql_tsv "SELECT trail, count(*) FROM (SELECT coalesce(string_agg(a.action, ' ' ORDER BY a.id), 'none') AS trail
      FROM bookings b LEFT JOIN booking_audit a ON a.booking_id = b.id
      WHERE b.event_id = $id AND b.origin = 'HOLD' GROUP BY b.id) holds
    GROUP BY trail ORDER BY count(*) DESC" >"$raw/funnel-trails.tsv"
  sql_tsv "SELECT extract(epoch FROM occurred_at), quantity FROM booking_audit
    WHERE event_id = $id AND action = 'BOOKED' ORDER BY occurred_at" >"$raw/funnel-booked.tsv"
  # since the services started; holds are made by this scenario only
  curl -fsS "http://localhost:$cache_port/actuator/prometheus" | awk '
    /^booking_holds_expiry_lag_seconds_bucket\{/ { match($0, /le="[^"]*"/); print "bucket\t" substr($0, RSTART + 4, RLENGTH - 5) "\t" $NF }
    /^booking_holds_expiry_lag_seconds_(count|sum)[{ ]/ { sub(/^booking_holds_expiry_lag_seconds_/, "", $1); sub(/\{.*/, "", $1); print $1 "\t" $NF }' \
    >"$raw/expiry-lag.tsv"
}

service_pid() { # service -> the pid of its JVM (its executable jar, or on Java 25 its extracted one); fails when it does not run
  pgrep -f "$1-1.0.0-SNAPSHOT-exec.jar|/$1/$1.jar" | head -n 1
}

# Each service's heap in use right after a full GC, once a scenario is over: what the scenario left
# behind for good, so that growth from one scenario to the next shows.
live_heap() { # scenario
  local service pid
  for service in "${!ports[@]}"; do
    pid=$(service_pid "$service") || continue
    jcmd "$pid" GC.run >/dev/null 2>&1 || continue
    curl -fs --max-time 2 "http://localhost:${ports[$service]}/actuator/prometheus" | awk -v scenario="$1" -v svc="$service" '
      /^jvm_memory_used_bytes\{/ && /area="heap"/ { heap += $NF }
      END { if (heap > 0) printf "%s\t%s\t%.0f\n", scenario, svc, heap }' >>"$raw/live-heap.tsv" || true
  done
}

# async-profiler (from Maven Central; its native library is inside the jar) and its converter to
# flame graphs, for the profiles of scenario 1
profiler_dir=$bench/target/async-profiler
profiler_lib=''
fetch_profiler() {
  local arch
  case "$(uname -sm)" in
    "Linux x86_64") arch=linux-x64 ;;
    "Linux aarch64") arch=linux-arm64 ;;
    *) say "no async-profiler for $(uname -sm): scenario 1 runs without profiles"; return 0 ;;
  esac
  if [ ! -f "$profiler_dir/$arch/libasyncProfiler.so" ]; then
    ./mvnw -q -B -f bench/pom.xml dependency:copy -DoutputDirectory="$profiler_dir" \
      -Dartifact="tools.profiler:async-profiler:$async_profiler_version" \
      && ./mvnw -q -B -f bench/pom.xml dependency:copy -DoutputDirectory="$profiler_dir" \
      -Dartifact="tools.profiler:jfr-converter:$async_profiler_version" \
      && (cd "$profiler_dir" && jar xf "async-profiler-$async_profiler_version.jar" "$arch/libasyncProfiler.so") \
      || { say "could not fetch async-profiler: scenario 1 runs without profiles"; return 0; }
  fi
  profiler_lib=$profiler_dir/$arch/libasyncProfiler.so
}

profiler() { # command: sent to the agent in each service (loading it again only passes the command)
  local service pid
  for service in "${!ports[@]}"; do
    pid=$(service_pid "$service") || continue
    jcmd "$pid" JVMTI.agent_load "$profiler_lib" "\"${1//@/$service}\"" >/dev/null \
      || say "async-profiler: '$1' failed in $service"
  done
}

profile_load() { # phase-file: profiles the services from the load's start to its end (Bench.markPhase)
  until grep -q ' start$' "$1" 2>/dev/null; do sleep 0.2; done
  profiler start,event=itimer,interval=2ms
  until grep -q ' end$' "$1" 2>/dev/null; do sleep 0.2; done
  profiler "stop,collapsed,file=$raw/profiles/@.collapsed"
}

flame_graphs() {
  local service
  mkdir -p "$out/profiles"
  for service in "${!ports[@]}"; do
    [ -s "$raw/profiles/$service.collapsed" ] || continue
    java -cp "$profiler_dir/jfr-converter-$async_profiler_version.jar" Main -o html \
      --title "$service during scenario 1 (hot event), $(date -u +%Y-%m-%d)" \
      "$raw/profiles/$service.collapsed" "$out/profiles/$service.html" >/dev/null
  done
  python3 bench/cpu.py shares "$raw"/profiles/*.collapsed >"$raw/profile-shares.json"
}

simulate() { # results-folder simulation -Dname=value...
  local results=$1 simulation=$2; shift 2
  say "$simulation $*"
  if ! ./mvnw -B -f bench/pom.xml gatling:test -Dgatling.simulationClass="dev.seatbooking.bench.$simulation" \
      -Dgatling.resultsFolder="$results" -DbaseUrl="$base" -DrunId="$ts" "$@" >"$results.log" 2>&1; then
    tail -n 40 "$results.log"
    die "$simulation failed; its output: $results.log"
  fi
}

keep_report() { # results-folder name: copies the HTML report Gatling wrote there into the results
  local report
  report=$(find "$1" -mindepth 1 -maxdepth 1 -type d | head -n 1)
  mkdir -p "$out/gatling/$2"
  cp -R "$report"/. "$out/gatling/$2"/
  rm -f "$out/gatling/$2/simulation.log"
}

gatling() { # simulation -Dname=value...: runs it and keeps its HTML report
  local simulation=$1 results=$raw/gatling/$1
  mkdir -p "$raw/gatling"
  simulate "$results" "$@"
  keep_report "$results" "$simulation"
}

# The cold start (issue 14): the suite started afresh, scenario 1's load from the moment all three
# services report ready, for cold_seconds. Gatling starts first and waits for readiness itself
# (ColdStartSimulation), so that its own start-up is not in the first window.
cold_start() { # label: jit (the suite without AOT caches) or aot (with the caches just trained)
  local label=$1 phases=$raw/phases-cold-$1.txt results=$raw/gatling/ColdStartSimulation-$1 gatling_pid service
  mkdir -p "$raw/gatling"
  simulate "$results" ColdStartSimulation -Dusers="$hot_users" -Dseconds="$cold_seconds" -Dseats="$hot_seats" \
    -DwindowSeconds="$cold_window_seconds" -DwindowsFile="$raw/cold-$label.tsv" -DphaseFile="$phases" \
    -DreadyUrls="http://localhost:$cache_port/actuator/health/readiness,http://localhost:$worker_port/actuator/health/readiness,$base/actuator/health/readiness" &
  gatling_pid=$!
  until grep -q ' waiting$' "$phases" 2>/dev/null; do
    kill -0 "$gatling_pid" 2>/dev/null || die "ColdStartSimulation stopped before it waited for the suite; see $results.log"
    sleep 0.2
  done
  say "cold start ($label): starting the suite, Gatling waits for it"
  fact "cold.$label.launched" "$(date +%s.%N)"
  RUN_AOT_CACHE=$([ "$label" = aot ] && echo on || echo off) ./run.sh >"$raw/suite-cold-$label.log" 2>&1 &
  suite_pid=$!
  python3 bench/cpu.py sample "$raw/cpu-cold-$label.tsv" &
  cpu_sampler_pid=$!
  wait "$gatling_pid" || die "ColdStartSimulation ($label) failed; see $results.log"
  kill "$cpu_sampler_pid" 2>/dev/null || true
  cpu_sampler_pid=''
  # Spring Boot's own start-up line: "Started X in 4.1 seconds (process running for 5.0)"
  for service in "${!ports[@]}"; do
    fact "cold.$label.started.$service" "$(sed -n 's/.*Started [A-Za-z]* in \([0-9.]*\) seconds (process running for \([0-9.]*\)).*/\1 \2/p' \
      "run/logs/$service.log" | head -n 1)"
    cp "run/logs/$service.log" "$raw/cold-$label-$service.log"
  done
  fact "cold.$label.aot" "$(grep -o 'with its AOT cache' "$raw/suite-cold-$label.log" | wc -l) of 3 services with an AOT cache"
  say "cold start ($label): stopping the suite"
  kill -TERM "$suite_pid" 2>/dev/null || true
  wait "$suite_pid" 2>/dev/null || true
  suite_pid=''
  keep_report "$results" "ColdStartSimulation-$label"
}

say "$mode run $ts, results in ${out#"$root"/}"
# the results this run replaces do not count as a change to what is measured
dirty=$(git --no-optional-locks status --porcelain --untracked-files=no -- . ':(exclude)bench/results' 2>/dev/null \
  | head -n 1)
fact mode "$mode"
fact scenarios "$scenarios"
fact started "$(date -u '+%Y-%m-%d %H:%M:%S UTC')"
fact commit "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)${dirty:+ (with uncommitted changes)}"
fact cpu "$(nproc) × $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
fact memory "$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
# anything else busy on the two cores (a test run, a build) skews every number below
fact load "$(cut -d ' ' -f 1-3 /proc/loadavg)"
fact postgres "$(pg -d postgres -c 'SHOW server_version')"
fact pgbench.seconds "$pgbench_seconds"
fact warmup.seconds "$warmup_seconds"
fact hot.users "$hot_users"
fact hot.seconds "$hot_seconds"
fact cold.seconds "$cold_seconds"
fact cold.window_seconds "$cold_window_seconds"
fact sell.seats "$sell_seats"
fact sell.users "$sell_users"
fact sell.concurrency "$sell_concurrency"
fact sell.max_seconds "$sell_max_seconds"
fact reject.seconds "$reject_seconds"
fact mixed.events "$mixed_events"
fact mixed.users "$mixed_users"
fact mixed.seconds "$mixed_seconds"
fact funnel.seats "$funnel_seats"
fact funnel.buyers "$funnel_buyers"
fact funnel.seconds "$funnel_seconds"
fact funnel.max_per_user "$funnel_max_per_user"
fact funnel.hold_ttl_seconds "$funnel_hold_ttl"
fact funnel.think_ms "$funnel_think_min_ms-$funnel_think_max_ms"
fact funnel.confirm_percent "$funnel_confirm_percent"

say "compiling the simulations"
./mvnw -q -B -f bench/pom.xml test-compile
if runs hot && [ "${BENCH_PROFILE:-1}" != 0 ]; then fetch_profiler; fi

# scenario 1's yardstick; before the suite starts, so that nothing else competes for the two cores
if runs hot; then
  say "pgbench baseline: naive design, 16 clients, ${pgbench_seconds} s"
  pg -d postgres -c "CREATE DATABASE \"$naive_db\""
  pg -d "$naive_db" -f bench/pgbench/setup.sql
  pgbench -n -c 16 -j 2 -T "$pgbench_seconds" -f bench/pgbench/naive.sql \
    -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" "$naive_db" >"$raw/pgbench.log" 2>&1
  tps=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time)$/\1/p' "$raw/pgbench.log")
  [ -n "$tps" ] || die "no tps in pgbench's output: $raw/pgbench.log"
  fact pgbench.tps "$tps"
  say "pgbench: $tps tps"
fi

if runs cold; then
  cold_start jit
  # the services' JDK, as ./run.sh chose it (the newest found, or JAVA_HOME's)
  services_java=$(sed -n 's/^\[run.sh\] java: \([^ ]*\) .*/\1/p' "$raw/suite-cold-jit.log")
  if [ "$(sed -n 's/^\[run.sh\] java: .*(Java \([0-9]*\).*/\1/p' "$raw/suite-cold-jit.log")" -ge 25 ]; then
    say "training the AOT caches (./run.sh --train-aot)"
    training_started=$SECONDS
    ./run.sh --train-aot >"$raw/aot-training.log" 2>&1 || { tail -n 30 "$raw/aot-training.log"; die "./run.sh --train-aot failed"; }
    fact cold.aot.training_seconds $((SECONDS - training_started))
    fact cold.aot.cache_sizes "$(sed -n 's/^\[run.sh\] run\/app\/[^/]*\/\([^:]*\): \(.*\)/\1 \2/p' "$raw/aot-training.log" | paste -sd ',' - | sed 's/,/, /g')"
    cold_start aot
  else
    say "the services run on Java < 25: no AOT cache, so the cold start runs once, without"
  fi
  fact jdk "$("${services_java:-java}" -version 2>&1 | head -n 1)"
fi
if [ "$scenarios" = cold ]; then
  python3 bench/report.py "$out"
  say "summary: ${out#"$root"/}/summary.md"
  exit 0
fi

say "starting the suite (./run.sh with its default JVM settings, database $DB_NAME)"
./run.sh >"$raw/suite.log" 2>&1 &
suite_pid=$!
deadline=$((SECONDS + 600))
for port in "$cache_port" "$worker_port" "$booking_port"; do
  until curl -fs "http://localhost:$port/actuator/health/readiness" >/dev/null 2>&1; do
    if ! kill -0 "$suite_pid" 2>/dev/null; then
      tail -n 30 "$raw/suite.log"
      die "the suite stopped before it was ready; see $raw/suite.log and run/logs/"
    fi
    [ $SECONDS -lt $deadline ] || die "the suite was not ready after 600 s; see $raw/suite.log"
    sleep 1
  done
done
say "suite ready"
if ! runs cold; then
  services_java=$(sed -n 's/^\[run.sh\] java: \([^ ]*\) .*/\1/p' "$raw/suite.log")
  fact jdk "$("${services_java:-java}" -version 2>&1 | head -n 1)"
fi
sample_metrics &
sampler_pid=$!

# JIT compilation, connection pools and the first load of an event's seat state in Redis would
# otherwise land in scenario 1's percentiles; on-sale day starts with services already running
say "warming up"
warmup_event=$(create_event "bench warm-up" "$hot_seats")
simulate "$raw/warmup" HotEventSimulation -DeventId="$warmup_event" -Dusers="$hot_users" -Dseconds="$warmup_seconds"

if runs hot; then
  hot_event=$(create_event "bench hot event" "$hot_seats")
  fact hot.event "$hot_event"
  outcomes hot-before
  # where the CPU goes while the hot event runs: the two cores are what every scenario runs out of
  python3 bench/cpu.py sample "$raw/cpu-hot.tsv" &
  cpu_sampler_pid=$!
  if [ -n "$profiler_lib" ]; then
    mkdir -p "$raw/profiles"
    profile_load "$raw/phases-hot.txt" &
    profile_pid=$!
  fi
  gatling HotEventSimulation -DeventId="$hot_event" -Dusers="$hot_users" -Dseconds="$hot_seconds" \
    -DphaseFile="$raw/phases-hot.txt"
  kill "$cpu_sampler_pid" 2>/dev/null || say "the CPU sampler had stopped early; see $raw/cpu-hot.tsv"
  cpu_sampler_pid=''
  if [ -n "$profile_pid" ]; then
    wait "$profile_pid"
    profile_pid=''
    flame_graphs
  fi
  outcomes hot-after
  check_invariants hot "$hot_event"
  live_heap hot
fi

if runs sell; then
  sell_event=$(create_event "bench sell-out" "$sell_seats")
  fact sell.event "$sell_event"
  outcomes sell-before
  gatling SellOutSimulation -DeventId="$sell_event" -DtotalUsers="$sell_users" -Dconcurrency="$sell_concurrency" \
    -DmaxSeconds="$sell_max_seconds"
  outcomes sell-after
  check_invariants sell "$sell_event"
  live_heap sell
  # created_at is stamped by booking-service when the seat is held: first to last hold
  fact sell.seconds "$(sql "SELECT coalesce(extract(epoch FROM max(created_at) - min(created_at)), 0)
    FROM bookings WHERE event_id = $sell_event AND status = 'CONFIRMED'")"

  outcomes reject-before
  gatling RejectionSimulation -DeventId="$sell_event" -Dconcurrency="$sell_concurrency" -Dseconds="$reject_seconds"
  outcomes reject-after
  check_invariants reject "$sell_event"
  live_heap reject
fi

if runs mixed; then
  mixed=()
  for i in $(seq 1 "$mixed_events"); do
    event=$(create_event "bench mixed $i" "$mixed_seats")
    mixed+=("$event")
  done
  outcomes mixed-before
  gatling MixedSimulation -Devents="$(IFS=,; echo "${mixed[*]}")" -Dusers="$mixed_users" -Dseconds="$mixed_seconds"
  outcomes mixed-after
  check_invariants mixed "${mixed[@]}"
  live_heap mixed
fi

if runs funnel; then
  funnel_event=$(create_event "bench checkout funnel" "$funnel_seats" \
    "\"max_per_user\": $funnel_max_per_user, \"hold_ttl_seconds\": $funnel_hold_ttl")
  fact funnel.event "$funnel_event"
  fact funnel.repairs.before "$(repairs)"
  gatling CheckoutFunnelSimulation -DeventId="$funnel_event" -Dbuyers="$funnel_buyers" -Dseconds="$funnel_seconds" \
    -DmaxQuantity="$funnel_max_per_user" -DthinkMinMillis="$funnel_think_min_ms" -DthinkMaxMillis="$funnel_think_max_ms" \
    -DconfirmPercent="$funnel_confirm_percent" -DphaseFile="$raw/phases-funnel.txt" -DanswersFile="$raw/funnel-answers.tsv"
  funnel_checks "$funnel_event"
  fact funnel.repairs.after "$(repairs)"
  live_heap funnel
fi

kill "$sampler_pid" 2>/dev/null || true
sampler_pid=''
for service in "${!ports[@]}"; do
  curl -fsS "http://localhost:${ports[$service]}/actuator/prometheus" | awk -v svc="$service" '
    /^jvm_gc_pause_seconds_count\{/ { count += $NF }
    /^jvm_gc_pause_seconds_sum\{/ { sum += $NF }
    END { printf "gc.%s\t%.0f pauses, %.2f s in total\n", svc, count, sum }' >>"$facts"
done

python3 bench/report.py "$out"
say "summary: ${out#"$root"/}/summary.md"
