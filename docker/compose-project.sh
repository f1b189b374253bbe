# Sourced by the scripts that run the compose files in a compose project of their own beside
# whatever already runs on this machine (docker/train-aot.sh, bench/wrk/cold-images.sh,
# .ci/containers).

# compose v2 where the docker CLI has it, else v1 (Debian's docker-compose)
if docker compose version >/dev/null 2>&1; then compose_cli=(docker compose); else compose_cli=(docker-compose); fi

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Whether any TCP socket here has the port as its own: a listener, or a connection's local port. A
# port nobody listens on can still be an outgoing connection's (ephemeral) local port, and Docker's
# proxy then fails to bind it ("address already in use": a CI run's AOT training met that on 46686).
port_taken() { # port
  answers "$1" || [ -n "$(ss -Htan "sport = :$1" 2>/dev/null)" ]
}

# Exports the host ports docker-compose.yml publishes, moved to BASE + the usual port (10000:
# PostgreSQL on 15432, booking-service on 18080, ...), or the next port up that no socket has. Bases
# of 10000 and 20000 keep them below the kernel's ephemeral ports (32768 and up by default), which
# a new outgoing connection could take between this choice and Docker's bind.
publish_from() { # base
  local var usual port
  for var in DB_PORT:5432 REDIS_PORT:6379 RABBITMQ_PORT:5672 RABBITMQ_MANAGEMENT_PORT:5690 \
    JAEGER_UI_PORT:6686 BOOKING_SERVICE_PORT:8080; do
    usual=${var#*:}
    port=$(($1 + usual))
    while port_taken "$port"; do port=$((port + 1)); done
    export "${var%:*}=$port"
  done
}

# Waits until the project has COUNT containers up, each healthy where it has a health check (all
# of docker-compose.yml's but Jaeger's); after 300 s prints their states and the last lines of each
# container's log, and returns 1.
wait_healthy() { # project count
  local deadline=$((SECONDS + 300)) states c
  while :; do
    states=$(docker ps -a --filter "label=com.docker.compose.project=$1" --format '{{.Names}} {{.Status}}')
    if [ "$(grep -c . <<<"$states")" = "$2" ] && ! grep -q -E 'starting|unhealthy|Exited|Restarting|Created' <<<"$states"; then
      return 0
    fi
    if [ $SECONDS -ge $deadline ]; then
      echo "$states" >&2
      for c in $(docker ps -a --filter "label=com.docker.compose.project=$1" --format '{{.Names}}'); do
        echo "--- $c" >&2
        docker logs --tail 30 "$c" >&2 2>&1 || true
      done
      echo "$1: not every container became healthy within 300 s" >&2
      return 1
    fi
    sleep 1
  done
}
