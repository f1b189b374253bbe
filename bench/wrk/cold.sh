#!/usr/bin/env bash
# The first minutes of a freshly started suite under wrk, for A/B measurements of what might make
# them faster (docs/benchmarks.md, "Cold start": warm-ups and JIT settings). It starts ./run.sh in
# a database and Redis namespace of its own, waits until all three services report ready, creates
# an event of 1,000,000 seats, optionally drives a warm-up load first, then runs COLD_MINUTES
# minutes of bench/wrk/reserve.lua (64 connections, each request a new user) and prints each
# minute's bookings/s, p99 and the whole machine's CPU per request, and how much CPU each service's
# JIT compilers, collector and other threads had used by the end of the first minute.
#
#   bench/wrk/cold.sh                                     # no warm-up, ./run.sh's JVM settings
#   COLD_WARMUP=miss bench/wrk/cold.sh                    # 30 s of reserves for an event that does not exist
#   COLD_WARMUP=full bench/wrk/cold.sh                    # 30 s of real reserves, on an event of their own
#   COLD_JAVA_OPTS=-XX:TieredStopAtLevel=1 COLD_MINUTES=4 bench/wrk/cold.sh
#
# Settings: COLD_WARMUP none|miss|full, COLD_WARMUP_SECONDS (30), COLD_MINUTES (1), COLD_JAVA_OPTS
# (./run.sh's JAVA_OPTS, after its heap), RUN_HEAP and RUN_AOT_CACHE (./run.sh's; RUN_HEAP= with
# COLD_JAVA_OPTS=-Xmx512m is the heap of before lever 14). It needs wrk (apt-get install wrk), psql,
# redis-cli and the machine's PostgreSQL, Redis and RabbitMQ (bench/wrk/suite.sh starts the suite
# and cleans up).
set -euo pipefail
cd "$(dirname "$0")/../.."

warmup=${COLD_WARMUP:-none} warmup_seconds=${COLD_WARMUP_SECONDS:-30} minutes=${COLD_MINUTES:-1}
case "$warmup" in none | miss | full) ;; *) echo "COLD_WARMUP: none, miss or full" >&2; exit 2 ;; esac
export JAVA_OPTS="${COLD_JAVA_OPTS:-}"
# shellcheck source=bench/wrk/suite.sh
. bench/wrk/suite.sh cold

event=$(new_event 1000000)
if [ "$warmup" != none ]; then
  # an event id no event will ever have: the whole way to cache-service's lookup, then 404
  warm_event=$([ "$warmup" = full ] && new_event 1000000 || echo 9223372036854775807)
  EVENT=$warm_event wrk -t1 -c16 -d"${warmup_seconds}s" -s bench/wrk/reserve.lua http://localhost:8080 >"$out/warmup.txt"
  echo "warm-up: $(sed -n 's/^Requests\/sec: *//p' "$out/warmup.txt") requests/s for ${warmup_seconds} s"
fi

# per service, CPU seconds of its threads so far, by kind, from /proc/<pid>/task/*/stat
thread_cpu() {
  local pid service
  for pid in $(pgrep -f 'java .*(booking-service|cache-service|queue-worker)'); do
    service=$(tr '\0' ' ' <"/proc/$pid/cmdline" | grep -oE 'booking-service|cache-service|queue-worker' | head -1)
    for task in /proc/"$pid"/task/*; do
      # utime and stime are fields 14 and 15; the thread's name (field 2) may contain spaces
      printf '%s|%s|%s\n' "$service" "$(cat "$task/comm")" "$(sed 's/.*) //' "$task/stat" | awk '{ print $12 + $13 }')"
    done
  done | awk -F'|' -v hz="$(getconf CLK_TCK)" '
    { kind = $2 ~ /^C2 Compiler/ ? "C2" : $2 ~ /^C1 Compiler/ ? "C1" : $2 ~ /^(G1|GC Thread|VM Thread)/ ? "GC/VM" : "other"
      cpu[$1 " " kind] += $3 / hz }
    END { for (k in cpu) printf "  %s %.1f s\n", k, cpu[k] }' | sort
}

for minute in $(seq 1 "$minutes"); do
  busy=$(machine_busy)
  EVENT=$event wrk -t2 -c64 -d60s -s bench/wrk/reserve.lua --latency http://localhost:8080 >"$out/minute-$minute.txt"
  busy=$(($(machine_busy) - busy))
  echo "minute $minute: $(wrk_summary "$out/minute-$minute.txt" "$busy")"
  if [ "$minute" = 1 ]; then
    echo "CPU used by the end of the first minute:"
    thread_cpu
  fi
done
echo "confirmed: $(psql -X -At -h 127.0.0.1 -U postgres -d "$DB_NAME" -c "SELECT count(*) FROM bookings WHERE event_id = $event AND status = 'CONFIRMED'")"
