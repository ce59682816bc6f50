#!/usr/bin/env bash
# `make k8s`: regenerate k8s/<service>.yml from the build of every service module that has the
# quarkus-kubernetes extension. quarkus-kubernetes writes target/kubernetes/kubernetes.yml at package
# time, but not byte-reproducibly (port and label order vary between builds), so the file committed is
# its canonical form, written by tools/deploy-checks' GeneratedManifestsTest in update mode. The same
# test, in normal mode (mvn verify), fails when a committed file differs from the build.
set -euo pipefail
cd "$(dirname "$0")/../.."
MVN=${MVN:-mvn -B}

modules=()
for pom in services/*/pom.xml; do
  dir=$(dirname "$pom")
  if grep -q '<artifactId>quarkus-kubernetes</artifactId>' "$pom"; then
    modules+=("$dir")
  fi
done
if [ ${#modules[@]} -eq 0 ]; then
  echo "no service module has quarkus-kubernetes" >&2
  exit 1
fi

list=$(IFS=,; echo "${modules[*]}")
echo "building $list (package, no tests)"
$MVN -q -pl "$list" -am package -DskipTests

mkdir -p k8s
$MVN -q -pl tools/deploy-checks test -Dtest="GeneratedManifestsTest#committedManifestEqualsTheGeneratedOne" -Dmicrocomm.k8s.update=true \
  -Dsurefire.failIfNoSpecifiedTests=false
for dir in "${modules[@]}"; do
  echo "k8s/$(basename "$dir").yml <- $dir/target/kubernetes/kubernetes.yml"
done
