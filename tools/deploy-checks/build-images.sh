#!/usr/bin/env bash
# `make images`: build (and with PUSH=1 push) the container image of every service.
#   REGISTRY=docker.io GROUP=microcomm TAG=<project version> NATIVE=1 (native images, needs GraalVM/Mandrel
#   or quarkus.native.container-build) PUSH=1
# Needs a container engine (docker or podman); the development machines have none.
set -euo pipefail
cd "$(dirname "$0")/../.."
MVN=${MVN:-mvn -B}
REGISTRY=${REGISTRY:-docker.io}
GROUP=${GROUP:-microcomm}
TAG=${TAG:-$($MVN -q help:evaluate -Dexpression=project.version -DforceStdout)}

engine=${CONTAINER_ENGINE:-}
if [ -z "$engine" ]; then
  for candidate in docker podman; do
    if command -v "$candidate" >/dev/null 2>&1; then engine=$candidate; break; fi
  done
fi
if [ -z "$engine" ]; then
  echo "no container engine (docker or podman) found: images cannot be built on this machine" >&2
  exit 1
fi

services=()
for pom in services/*/pom.xml; do
  dir=$(dirname "$pom")
  [ -f "$dir/src/main/docker/Dockerfile.jvm" ] && services+=("$dir")
done
list=$(IFS=,; echo "${services[*]}")

if [ "${NATIVE:-0}" = 1 ]; then
  $MVN -q -pl "$list" -am package -DskipTests -Pnative
  dockerfile=Dockerfile.native
else
  $MVN -q -pl "$list" -am package -DskipTests
  dockerfile=Dockerfile.jvm
fi

for dir in "${services[@]}"; do
  image="$REGISTRY/$GROUP/$(basename "$dir"):$TAG"
  echo "building $image"
  "$engine" build -f "$dir/src/main/docker/$dockerfile" -t "$image" "$dir"
  if [ "${PUSH:-0}" = 1 ]; then
    "$engine" push "$image"
  fi
done
