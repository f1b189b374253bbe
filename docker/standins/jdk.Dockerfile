# Stand-in for eclipse-temurin:25-jdk-noble, built by docker/standins/build.sh on machines that
# cannot pull it: Debian bookworm (not Ubuntu noble) with the machine's Temurin 25 JDK, laid out as
# in the real image (/opt/java/openjdk, JAVA_HOME, PATH). The build context is prepared by
# build.sh: jdk/ (a copy of the JDK) and MakeCacerts.java.
ARG BASE=seat-booking-standin/debian:bookworm
FROM ${BASE}
ENV JAVA_HOME=/opt/java/openjdk LANG=C.UTF-8
ENV PATH=${JAVA_HOME}/bin:${PATH}
# curl for the Maven wrapper's download, as in the real image
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
COPY jdk/ /opt/java/openjdk/
COPY MakeCacerts.java /tmp/
# the trust store: Debian's authorities only, never what the building machine trusts besides
RUN rm -f "$JAVA_HOME/lib/security/cacerts" \
 && java /tmp/MakeCacerts.java /etc/ssl/certs/ca-certificates.crt "$JAVA_HOME/lib/security/cacerts" \
 && rm /tmp/MakeCacerts.java \
 && java -version
LABEL dev.seatbooking.standin="eclipse-temurin:25-jdk-noble"
CMD ["jshell"]
