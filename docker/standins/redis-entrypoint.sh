#!/bin/sh
# Entry point of the redis:7-alpine stand-in (Redis 7.0 from Debian bookworm), as the official
# image's: options alone ("--appendonly yes") or a .conf file go to redis-server; redis-server runs
# as the user redis in /data. Any other command (e.g. compose's `sh -c "exec redis-server ..."`)
# runs as given.
set -eu
case "${1:-}" in
  -* | *.conf) set -- redis-server "$@" ;;
esac
if [ "${1:-}" = redis-server ] && [ "$(id -u)" = 0 ]; then
  find . \! -user redis -exec chown redis '{}' +
  exec setpriv --reuid=redis --regid=redis --init-groups "$0" "$@"
fi
umask 0077
exec "$@"
