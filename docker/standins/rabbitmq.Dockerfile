# Stand-in for rabbitmq:4-management-alpine, built by docker/standins/build.sh on machines that
# cannot pull it: Debian trixie's RabbitMQ 4.0 (on Erlang 27) with the management and Prometheus
# plugins enabled, and the official image's behaviour (rabbitmq-entrypoint.sh, rabbitmq.conf).
ARG BASE=seat-booking-standin/debian:trixie
FROM ${BASE}
RUN printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends rabbitmq-server \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /etc/rabbitmq/conf.d \
 && ln -s /usr/lib/rabbitmq/lib/rabbitmq_server-*/plugins /usr/lib/rabbitmq/plugins \
 && rm -f /var/lib/rabbitmq/.erlang.cookie
# the CLI tools (rabbitmq-diagnostics of the health check, rabbitmqctl) run directly, as root, with
# the server's home (its Erlang cookie); Debian's wrappers in /usr/sbin would give the plugins'
# directory
ENV PATH=/usr/lib/rabbitmq/bin:${PATH} HOME=/var/lib/rabbitmq RABBITMQ_PLUGINS_DIR=/usr/lib/rabbitmq/plugins \
    LANG=C.UTF-8
RUN rabbitmq-plugins enable --offline rabbitmq_management rabbitmq_prometheus
COPY rabbitmq.conf /etc/rabbitmq/conf.d/10-defaults.conf
COPY rabbitmq-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
RUN chmod 755 /usr/local/bin/docker-entrypoint.sh
VOLUME /var/lib/rabbitmq
LABEL dev.seatbooking.standin="rabbitmq:4-management-alpine"
ENTRYPOINT ["docker-entrypoint.sh"]
EXPOSE 4369 5671 5672 15671 15672 15692 25672
CMD ["rabbitmq-server"]
