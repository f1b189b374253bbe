#!/usr/bin/env bash
# Stand-ins for the third-party images that the compose files, the service Dockerfiles and the
# tests' Testcontainers use, for machines that cannot pull them (no registry). Each one is built
# only when no image of that name exists here: this script never pulls and never replaces an
# image, so where Docker Hub is reachable (or the real images were loaded) the real ones are used.
# Built from Debian, not from the real images' bases, and not the same versions (README,
# "Run it with Docker"):
#   eclipse-temurin:25-jdk-noble   Debian bookworm + this machine's Temurin 25 JDK
#   eclipse-temurin:25-jre-noble   Debian bookworm + a jlink'ed runtime of that JDK
#   postgres:16-alpine             Debian bookworm's PostgreSQL 15
#   redis:7-alpine                 Debian bookworm's Redis 7.0
#   rabbitmq:4-management-alpine   Debian trixie's RabbitMQ 4.0, management plugin enabled
#   jaegertracing/jaeger:2.10.0    not Jaeger: a small OTLP/HTTP sink with a page (jaeger-standin.py)
# Their base is a `debootstrap --variant=minbase` root file system imported with `docker import`
# (seat-booking-standin/debian:bookworm and :trixie, kept for the next build).
#   docker/standins/build.sh           build what is missing
#   docker/standins/build.sh --list    print the image names it covers
# Needs root (debootstrap), debootstrap, and Debian's package mirror. Settings (environment):
#   STANDIN_JDK     the Temurin 25 JDK to copy (default /usr/lib/jvm/temurin-25-jdk-amd64)
#   STANDIN_MIRROR  Debian mirror for debootstrap (default http://deb.debian.org/debian)
#   BUILD_NETWORK   network of the builds' RUN steps (default host; "default" for Docker's)
#   DOCKER          the docker command
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

# image, its Dockerfile here, the Debian release it is built on
standins=(
  "eclipse-temurin:25-jdk-noble jdk bookworm"
  "eclipse-temurin:25-jre-noble jre bookworm"
  "postgres:16-alpine postgres bookworm"
  "redis:7-alpine redis bookworm"
  "rabbitmq:4-management-alpine rabbitmq trixie"
  "jaegertracing/jaeger:2.10.0 jaeger bookworm"
)
if [ "${1:-}" = --list ]; then
  for s in "${standins[@]}"; do echo "${s%% *}"; done
  exit 0
fi

# shellcheck source=docker/docker-cli.sh
. "$here/../docker-cli.sh"
docker_cli=$(buildkit_docker 2>/dev/null || echo "${DOCKER:-docker}")
jdk=${STANDIN_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
mirror=${STANDIN_MIRROR:-http://deb.debian.org/debian}
network=()
[ "${BUILD_NETWORK:-host}" = default ] || network=(--network "${BUILD_NETWORK:-host}")

have() { "$docker_cli" image inspect "$1" >/dev/null 2>&1; }
say() { echo "standins: $*"; }

missing=()
for s in "${standins[@]}"; do
  read -r image _ _ <<<"$s"
  if have "$image"; then
    say "$image is here ($("$docker_cli" image inspect --format '{{with index .Config.Labels "dev.seatbooking.standin"}}a stand-in{{else}}not a stand-in{{end}}' "$image")): kept"
  else
    missing+=("$s")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  say "nothing to build"
  exit 0
fi

work=$(mktemp -d "${TMPDIR:-/var/tmp}/standins.XXXXXX")
cleanup() { rm -rf "$work"; }
trap cleanup EXIT

base_image() { # release: the imported debootstrap root file system
  local release=$1 image="seat-booking-standin/debian:$1" rootfs="$work/rootfs-$1" start=$SECONDS
  if have "$image"; then
    return 0
  fi
  command -v debootstrap >/dev/null 2>&1 \
    || { echo "standins: debootstrap is missing (apt-get install debootstrap)" >&2; exit 1; }
  say "debootstrap --variant=minbase $release (root file system for $image)"
  debootstrap --variant=minbase --include=ca-certificates "$release" "$rootfs" "$mirror" \
    >"$work/debootstrap-$release.log" 2>&1 \
    || { tail -n 30 "$work/debootstrap-$release.log" >&2; echo "standins: debootstrap $release failed" >&2; exit 1; }
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | "$docker_cli" import --change 'CMD ["bash"]' \
    --message "debootstrap --variant=minbase $release $mirror" - "$image" >/dev/null
  rm -rf "$rootfs"
  say "$image imported ($((SECONDS - start)) s)"
}

jdk_context() { # the build context of the two Temurin stand-ins: a copy of the JDK
  local context="$work/jdk-context"
  if [ ! -d "$context" ]; then
    [ -x "$jdk/bin/jlink" ] && "$jdk/bin/java" -version 2>&1 | grep -q 'version "25' \
      || { echo "standins: no Temurin 25 JDK at $jdk (set STANDIN_JDK)" >&2; exit 1; }
    mkdir -p "$context"
    cp -a "$jdk" "$context/jdk"
    cp "$here/MakeCacerts.java" "$context/"
  fi
  echo "$context"
}

for s in "${missing[@]}"; do
  read -r image dockerfile release <<<"$s"
  base_image "$release"
  case "$dockerfile" in
    jdk | jre) context=$(jdk_context) ;;
    *) context=$here ;;
  esac
  say "building $image from $dockerfile.Dockerfile on Debian $release"
  start=$SECONDS
  "$docker_cli" build "${network[@]}" --build-arg "BASE=seat-booking-standin/debian:$release" \
    -f "$here/$dockerfile.Dockerfile" -t "$image" "$context" >"$work/build.log" 2>&1 \
    || { tail -n 40 "$work/build.log" >&2; echo "standins: building $image failed" >&2; exit 1; }
  say "$image built ($((SECONDS - start)) s)"
done
