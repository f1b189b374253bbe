#!/bin/bash
# Entry point of the rabbitmq:4-management-alpine stand-in (RabbitMQ 4.0 from Debian trixie). As in
# the official image: RABBITMQ_DEFAULT_USER / RABBITMQ_DEFAULT_PASS (and RABBITMQ_DEFAULT_VHOST)
# become the default user (administrator) of a new node, guest may connect from other hosts,
# everything is logged to the console, and the server runs as the user rabbitmq. Debian's
# /usr/sbin/rabbitmq-server writes its output to a file: the one in /usr/lib/rabbitmq/bin is run
# instead, so that "Server startup complete" reaches `docker logs` (Testcontainers waits for it).
set -euo pipefail
if [ "${1:-}" = rabbitmq-server ]; then
  if [ "$(id -u)" = 0 ]; then
    conf=/etc/rabbitmq/conf.d/20-default-user.conf
    : >"$conf"
    if [ -n "${RABBITMQ_DEFAULT_USER:-}" ]; then echo "default_user = $RABBITMQ_DEFAULT_USER" >>"$conf"; fi
    if [ -n "${RABBITMQ_DEFAULT_PASS:-}" ]; then echo "default_pass = $RABBITMQ_DEFAULT_PASS" >>"$conf"; fi
    if [ -n "${RABBITMQ_DEFAULT_VHOST:-}" ]; then echo "default_vhost = $RABBITMQ_DEFAULT_VHOST" >>"$conf"; fi
    chown rabbitmq:rabbitmq "$conf"
    chmod 600 "$conf"
    mkdir -p /var/lib/rabbitmq /var/log/rabbitmq
    find /var/lib/rabbitmq /var/log/rabbitmq \! -user rabbitmq -exec chown rabbitmq:rabbitmq '{}' +
    exec setpriv --reuid=rabbitmq --regid=rabbitmq --init-groups "$0" "$@"
  fi
  shift
  exec /usr/lib/rabbitmq/bin/rabbitmq-server "$@"
fi
exec "$@"
