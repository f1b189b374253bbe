#!/usr/bin/env bash
# Builds the three service images, one after the other, with BuildKit, under the names both compose
# files use: seat-booking/SERVICE:dev (docker-compose.yml) and
# ${IMAGE_PREFIX:-seat-booking}/SERVICE:${IMAGE_TAG:-latest} (docker-compose.prod.yml). Then
# `docker compose up --no-build` (or docker-compose) starts them as they are.
#   docker/build-images.sh [--aot-cache] [SERVICE...]   default: booking-service cache-service queue-worker
# --aot-cache: then trains each image's JVM AOT cache and adds it to the image (docker/train-aot.sh:
# about 6 minutes more, and a Docker engine with compose), so that its services start in about half
# the time (README, "A fast first minute").
# Settings (environment):
#   BUILD_CA_CERTIFICATES  PEM file or directory of *.crt whose certificate authorities the Maven
#                          downloads of the build trust besides the JDK's (a TLS-inspecting proxy);
#                          default: /usr/local/share/ca-certificates/*.crt when there are any; "none"
#                          for none. Passed as the build secret ca-certificates: never in an image.
#   BUILD_NETWORK          network of the build's RUN steps (default host: works where the engine's
#                          bridge has no way out, e.g. dockerd --iptables=false); "default" for Docker's
#   DOCKER                 the docker command (docker/docker-cli.sh picks one that has BuildKit)
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=docker/docker-cli.sh
. docker/docker-cli.sh
docker_cli=$(buildkit_docker)

aot_cache=false
if [ "${1:-}" = --aot-cache ]; then
  aot_cache=true
  shift
fi
services=("$@")
[ ${#services[@]} -gt 0 ] || services=(booking-service cache-service queue-worker)
prefix=${IMAGE_PREFIX:-seat-booking}
tag=${IMAGE_TAG:-latest}

secret=()
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ca=${BUILD_CA_CERTIFICATES:-/usr/local/share/ca-certificates}
if [ "$ca" != none ]; then
  if [ -d "$ca" ]; then
    find "$ca" -name '*.crt' -type f -exec cat {} + >"$work/ca.pem" 2>/dev/null || true
  elif [ -f "$ca" ]; then
    cat "$ca" >"$work/ca.pem"
  elif [ -n "${BUILD_CA_CERTIFICATES:-}" ]; then
    echo "build-images: BUILD_CA_CERTIFICATES=$ca is neither a file nor a directory" >&2
    exit 1
  fi
  if [ -s "$work/ca.pem" ]; then
    secret=(--secret "id=ca-certificates,src=$work/ca.pem")
    echo "build-images: the build trusts $(grep -c 'BEGIN CERTIFICATE' "$work/ca.pem") extra certificate authorities from $ca (build secret)"
  fi
fi
network=()
[ "${BUILD_NETWORK:-host}" = default ] || network=(--network "${BUILD_NETWORK:-host}")

for service in "${services[@]}"; do
  [ -f "$service/Dockerfile" ] || { echo "build-images: no $service/Dockerfile" >&2; exit 1; }
  echo "build-images: $service ($docker_cli build)"
  start=$SECONDS
  "$docker_cli" build "${network[@]}" "${secret[@]}" -f "$service/Dockerfile" \
    -t "seat-booking/$service:dev" -t "$prefix/$service:$tag" .
  echo "build-images: $service built in $((SECONDS - start)) s: seat-booking/$service:dev, $prefix/$service:$tag"
done
if $aot_cache; then
  docker/train-aot.sh "${services[@]}"
fi
