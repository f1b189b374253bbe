# Stand-in for redis:7-alpine, built by docker/standins/build.sh on machines that cannot pull it:
# Debian bookworm's Redis 7.0, with the official image's behaviour (redis-entrypoint.sh,
# redis-server: protected mode off, data in /data).
ARG BASE=seat-booking-standin/debian:bookworm
FROM ${BASE}
RUN printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends redis-server \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /data && chown redis:redis /data
COPY redis-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
COPY redis-server /usr/local/bin/redis-server
RUN chmod 755 /usr/local/bin/docker-entrypoint.sh /usr/local/bin/redis-server
VOLUME /data
WORKDIR /data
LABEL dev.seatbooking.standin="redis:7-alpine"
ENTRYPOINT ["docker-entrypoint.sh"]
EXPOSE 6379
CMD ["redis-server"]
