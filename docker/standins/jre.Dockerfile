# Stand-in for eclipse-temurin:25-jre-noble, built by docker/standins/build.sh on machines that
# cannot pull it: Debian bookworm (not Ubuntu noble) with a Java 25 runtime made by jlink from the
# machine's Temurin 25 JDK (every module but the development tools), laid out as in the real image.
# The build context is prepared by build.sh: jdk/ (a copy of the JDK) and MakeCacerts.java.
ARG BASE=seat-booking-standin/debian:bookworm
FROM ${BASE} AS jlink
# objcopy, which jlink's --strip-debug needs when it links from a JDK without jmods
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends binutils \
 && rm -rf /var/lib/apt/lists/*
COPY jdk/ /jdk/
COPY MakeCacerts.java /tmp/
# the trust store first (the copy's cacerts may be a link to the building machine's), then jlink,
# which takes it over
RUN rm -f /jdk/lib/security/cacerts \
 && /jdk/bin/java /tmp/MakeCacerts.java /etc/ssl/certs/ca-certificates.crt /jdk/lib/security/cacerts \
 && modules=$(/jdk/bin/java --list-modules | sed 's/@.*//' | grep -v -x -E \
      'jdk\.(compiler|javadoc|jshell|jdeps|jlink|jpackage|jartool|jconsole|jstatd|jcmd|jdi|editpad|hotspot\.agent|internal\.(ed|le|md|opt|jvmstat|vm\.ci)|graal\..*|attach)' \
      | paste -s -d, -) \
 && /jdk/bin/jlink --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
      --compress=zip-6 --output /jre

FROM ${BASE}
ENV JAVA_HOME=/opt/java/openjdk LANG=C.UTF-8
ENV PATH=${JAVA_HOME}/bin:${PATH}
COPY --from=jlink /jre/ /opt/java/openjdk/
RUN java -version
LABEL dev.seatbooking.standin="eclipse-temurin:25-jre-noble"
