#!/usr/bin/env bash
# Trains the JVM's AOT cache (JEP 483/514/515: classes loaded and linked, and the method profiles
# of a training run) of each service image and adds it to the image as /app/app.aot, which
# docker/start then uses. Called by `docker/build-images.sh --aot-cache` right after it built the
# images; it also runs on its own, on images that carry no cache yet.
#   docker/train-aot.sh [SERVICE...]          default: booking-service cache-service queue-worker
# A cache belongs to the jar and the JRE that recorded it, so it is recorded in the image itself:
# docker-compose.yml's suite runs from these images, in a compose project of its own
# (seatbooking-aot-training, taken down at the end) on host ports where nothing listens, with each
# service to train recording (-XX:AOTCacheOutput) into a directory mounted from here;
# scripts/AotTraining.java, run in a container of the build stage's JDK image on the project's
# network, drives every hot path through booking-service, as `./run.sh --train-aot` does;
# `docker compose stop` lets each JVM write its cache as it exits; last, an image FROM the trained
# one with the cache added is tagged with the trained one's names (seat-booking/SERVICE:dev and
# ${IMAGE_PREFIX:-seat-booking}/SERVICE:${IMAGE_TAG:-latest}).
# Settings (environment): DOCKER as for docker/build-images.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=docker/docker-cli.sh
. docker/docker-cli.sh
# shellcheck source=docker/compose-project.sh
. docker/compose-project.sh
docker_cli=$(buildkit_docker)

say() { echo "train-aot: $*"; }
services=("$@")
[ ${#services[@]} -gt 0 ] || services=(booking-service cache-service queue-worker)
prefix=${IMAGE_PREFIX:-seat-booking}
tag=${IMAGE_TAG:-latest}
label=dev.seatbooking.aot-cache

for s in "${services[@]}"; do
  image=seat-booking/$s:dev
  trained=$("$docker_cli" image inspect --format "{{index .Config.Labels \"$label\"}}" "$image") \
    || { say "no image $image: docker/build-images.sh builds it"; exit 1; }
  if [ -n "$trained" ] && [ "$trained" != "<no value>" ]; then
    say "$image already carries an AOT cache ($trained): docker/build-images.sh --aot-cache builds and trains afresh"
    exit 1
  fi
done

project=seatbooking-aot-training
work=$(mktemp -d)
: >"$work/empty.env"
compose() { "${compose_cli[@]}" --env-file "$work/empty.env" -p "$project" -f docker-compose.yml -f "$work/training.yml" "$@"; }
finish() {
  compose down -v --remove-orphans >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap finish EXIT

# what docker-compose.yml publishes, moved to where nothing listens
publish_from 10000

# The training mode: the services in none mode (the load has no tokens), each recording into
# $work/SERVICE, writable by the image's user; writing a cache at exit takes a minute or more.
echo "services:" >"$work/training.yml"
for s in "${services[@]}"; do
  mkdir -m 777 "$work/$s"
  cat >>"$work/training.yml" <<EOF
  $s:
    environment:
      SECURITY_MODE: none
      JAVA_OPTS: -XX:AOTCacheOutput=/aot/app.aot
    volumes:
      - $work/$s:/aot
    stop_grace_period: 10m
EOF
done

compose down -v --remove-orphans >/dev/null 2>&1 || true
say "starting docker-compose.yml's suite as $project, recording the caches of ${services[*]}"
compose up -d --no-build >/dev/null 2>&1 || { compose up -d --no-build; exit 1; }
wait_healthy "$project" 7
say "suite healthy; training load: scripts/AotTraining.java"
jdk_image=$(sed -n 's/^FROM \([^ ]*\) AS build$/\1/p' booking-service/Dockerfile)
# (an engine started with --ip-forward=false warns that networking will not work: the project's
# network needs no forwarding)
"$docker_cli" run --rm --network "${project}_default" -v "$PWD/scripts:/scripts:ro" "$jdk_image" \
  java /scripts/AotTraining.java http://booking-service:8080 2> >(grep -v 'IPv4 forwarding is disabled' >&2)
say "stopping ${services[*]}: each JVM writes its AOT cache as it exits"
start=$SECONDS
compose stop -t 600 "${services[@]}" >/dev/null 2>&1
say "stopped in $((SECONDS - start)) s"

for s in "${services[@]}"; do
  if [ ! -s "$work/$s/app.aot" ]; then
    compose logs --tail 30 "$s" >&2 || true
    say "$s wrote no AOT cache"
    exit 1
  fi
  printf 'FROM seat-booking/%s:dev\nCOPY app.aot /app/app.aot\nLABEL %s="trained by docker/train-aot.sh on %s"\n' \
    "$s" "$label" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$work/$s/Dockerfile"
  "$docker_cli" build -q -t "seat-booking/$s:dev" -t "$prefix/$s:$tag" "$work/$s" >/dev/null
  say "$s: AOT cache of $(du -h "$work/$s/app.aot" | cut -f 1) added: seat-booking/$s:dev, $prefix/$s:$tag"
done
