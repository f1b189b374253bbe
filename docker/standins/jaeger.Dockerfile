# Stand-in for jaegertracing/jaeger:2.10.0, built by docker/standins/build.sh on machines that cannot
# pull it. It is not Jaeger (jaeger-standin.py): it accepts OTLP/HTTP on 4318 and shows on 16686
# which services sent how many spans.
ARG BASE=seat-booking-standin/debian:bookworm
FROM ${BASE}
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3 \
 && rm -rf /var/lib/apt/lists/*
COPY jaeger-standin.py /usr/local/bin/jaeger-standin
RUN chmod 755 /usr/local/bin/jaeger-standin && useradd --system --no-create-home jaeger
USER jaeger
LABEL dev.seatbooking.standin="jaegertracing/jaeger:2.10.0"
EXPOSE 4318 16686
ENTRYPOINT ["/usr/local/bin/jaeger-standin"]
