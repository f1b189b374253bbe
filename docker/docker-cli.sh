# Sourced by docker/build-images.sh and docker/standins/build.sh: which docker command builds with
# BuildKit, which the service images need (RUN --mount: Maven's cache, the CA certificates secret).
# A docker CLI with the buildx plugin does (23.0 and later build with it); one from before 23.0
# builds with BuildKit itself when DOCKER_BUILDKIT=1 (e.g. Debian's docker.io 20.10,
# /usr/bin/docker); a newer one without buildx falls back to the legacy builder, which cannot.
# DOCKER=/path/to/docker chooses one.
buildkit_docker() {
  local cli version
  for cli in ${DOCKER:-} docker /usr/bin/docker; do
    command -v "$cli" >/dev/null 2>&1 || continue
    if "$cli" buildx version >/dev/null 2>&1; then
      echo "$cli"
      return 0
    fi
    version=$("$cli" version --format '{{.Client.Version}}' 2>/dev/null || true)
    case "$version" in
      1[0-9].* | 2[0-2].*) echo "$cli"; return 0 ;;
    esac
  done
  echo "no docker command here can build with BuildKit: install the buildx plugin, or use a docker CLI older than 23.0 (e.g. Debian's docker.io, /usr/bin/docker), or set DOCKER" >&2
  return 1
}
export DOCKER_BUILDKIT=1
