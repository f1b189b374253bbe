#!/bin/bash
# Entry point of the postgres:16-alpine stand-in (PostgreSQL 15 from Debian bookworm). It follows
# the official image's docker-entrypoint.sh in what the compose files and Testcontainers rely on:
#   POSTGRES_USER (default postgres), POSTGRES_PASSWORD, POSTGRES_DB (default: the user),
#   POSTGRES_HOST_AUTH_METHOD (trust, or scram-sha-256 when a password is given),
#   POSTGRES_INITDB_ARGS, and *.sh / *.sql in /docker-entrypoint-initdb.d;
# "postgres ARGS" or "-c ..." as the command; on the first start a temporary server creates the
# database, then the real one starts, so "database system is ready to accept connections" is
# logged twice, as Testcontainers' PostgreSQLContainer expects. The temporary server listens on a
# socket of its own, so that pg_isready (the health check) answers only for the real one.
set -Eeuo pipefail

if [ "${1:0:1}" = '-' ]; then
  set -- postgres "$@"
fi
# anything else, and postgres asked for its version or help, runs as given
if [ "$1" != postgres ]; then
  exec "$@"
fi
for arg; do
  case "$arg" in
    '-?' | --help | --describe-config | -V | --version) exec "$@" ;;
  esac
done

if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown -R postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  POSTGRES_USER=${POSTGRES_USER:-postgres}
  POSTGRES_DB=${POSTGRES_DB:-$POSTGRES_USER}
  POSTGRES_PASSWORD=${POSTGRES_PASSWORD:-}
  auth=${POSTGRES_HOST_AUTH_METHOD:-}
  if [ -z "$POSTGRES_PASSWORD" ] && [ "$auth" != trust ]; then
    cat >&2 <<'EOF'
Error: Database is uninitialized and superuser password is not specified.
       Set POSTGRES_PASSWORD, or POSTGRES_HOST_AUTH_METHOD=trust to allow connections without one.
EOF
    exit 1
  fi
  auth=${auth:-scram-sha-256}

  # shellcheck disable=SC2086
  initdb --username="$POSTGRES_USER" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") \
    ${POSTGRES_INITDB_ARGS:-}
  printf '\nhost all all all %s\n' "$auth" >>"$PGDATA/pg_hba.conf"

  init_socket=$(mktemp -d)
  pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -c unix_socket_directories=$init_socket" -w start
  export PGPASSWORD=$POSTGRES_PASSWORD
  psql=(psql -v ON_ERROR_STOP=1 --no-psqlrc --host "$init_socket" --username "$POSTGRES_USER")
  if [ "$POSTGRES_DB" != postgres ]; then
    "${psql[@]}" --dbname postgres --set db="$POSTGRES_DB" <<<'CREATE DATABASE :"db";'
  fi
  for f in /docker-entrypoint-initdb.d/*; do
    case "$f" in
      *.sh) echo "running $f"; PGHOST=$init_socket PGUSER=$POSTGRES_USER PGDATABASE=$POSTGRES_DB . "$f" ;;
      *.sql) echo "running $f"; "${psql[@]}" --dbname "$POSTGRES_DB" -f "$f" ;;
      *) ;;
    esac
  done
  unset PGPASSWORD
  pg_ctl -D "$PGDATA" -m fast -w stop
  rmdir "$init_socket"
  echo
  echo 'PostgreSQL init process complete; ready for start up.'
  echo
fi

exec "$@"
