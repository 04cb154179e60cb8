#!/usr/bin/env bash
# Builds the binaries the e2e test needs, at the versions pinned in the wrapper
# modules beside this script, into the cache (outside the repo):
#   ${KFI_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kubeflow-iac-e2e}/<tool>-<version>/
# The Go module and build caches live in the same directory, so a second run
# builds nothing (each tool is skipped when its binaries already exist).
# Usage: build.sh [tool...]   (tools: kubernetes etcd kwok pulumi pulumi-kubernetes istio-inject,
#   and <component>@<version> for a real controller, one per wrapper folder <component>/<version>/
#   (see "Real controllers" below); without arguments, the base tools and $E2E_REAL_BUILDS)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${KFI_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kubeflow-iac-e2e}"
mkdir -p "$cache"
export GOMODCACHE="$cache/go/mod" GOCACHE="$cache/go/build" GOTOOLCHAIN=local GOFLAGS="-mod=mod -buildvcs=false" CGO_ENABLED=0
# go.sum is kept in the repo; -mod=mod only fills in what is missing.

# The version a wrapper go.mod requires of a module (single-line or block require).
modversion() { awk -v m="$1" '($1=="require"&&$2==m){print $3; exit} ($1==m){print $2; exit}' "$2"; }

# tool -> "version|main packages (space separated)"
spec() {
  local mod="$here/$1/go.mod"
  case "$1" in
    kubernetes) echo "$(modversion k8s.io/kubernetes "$mod")|k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler" ;;
    etcd) echo "$(modversion go.etcd.io/etcd/server/v3 "$mod")|go.etcd.io/etcd/server/v3" ;;
    kwok) echo "$(modversion sigs.k8s.io/kwok "$mod")|sigs.k8s.io/kwok/cmd/kwok" ;;
    pulumi) echo "$(modversion github.com/pulumi/pulumi/pkg/v3 "$mod")|github.com/pulumi/pulumi/pkg/v3/cmd/pulumi" ;;
    pulumi-kubernetes) echo "$(modversion github.com/pulumi/pulumi-kubernetes/provider/v4 "$mod")|github.com/pulumi/pulumi-kubernetes/provider/v4/cmd/pulumi-resource-kubernetes" ;;
    # Our own main package (main.go beside its go.mod), on Istio's injection library.
    istio-inject) echo "$(modversion istio.io/istio "$mod")|kubeflow-iac/e2e/build/istio-inject" ;;
    *) echo "unknown tool $1" >&2; return 1 ;;
  esac
}

# The provider's main package embeds schema-embed.json and terraform-mapping-embed.json, which
# its Makefile generates (go:generate) from schema.json and terraform-mapping.json; the module
# zip has only the latter. So build an equivalent main package of our own, staged in the cache
# (go:embed needs the files beside it): the wrapper go.mod, a 10-line main calling
# provider.Serve, and the two files generated the same way (version stamped, re-serialised).
stage_pulumi_kubernetes() {
  local version="$1" out="$2" dir="$2/src"
  local mod="github.com/pulumi/pulumi-kubernetes/provider/v4"
  rm -rf "$dir"; mkdir -p "$dir"
  cp "$here/pulumi-kubernetes/go.mod" "$here/pulumi-kubernetes/go.sum" "$dir/"
  (cd "$here/pulumi-kubernetes" && GOFLAGS=-mod=mod go mod download -json "$mod" >/dev/null) || return 1
  local moddir="$GOMODCACHE/$mod@$version/cmd/pulumi-resource-kubernetes"
  VERSION="${version#v}" node -e '
    const fs = require("fs"); const [src, dst] = process.argv.slice(1);
    const schema = JSON.parse(fs.readFileSync(`${src}/schema.json`, "utf8")); schema.version = process.env.VERSION;
    fs.writeFileSync(`${dst}/schema-embed.json`, JSON.stringify(schema));
    fs.writeFileSync(`${dst}/terraform-mapping-embed.json`, JSON.stringify(JSON.parse(fs.readFileSync(`${src}/terraform-mapping.json`, "utf8"))));
  ' "$moddir" "$dir" || return 1
  cat > "$dir/main.go" <<'GO'
// Built by test/e2e/build/build.sh: the provider's main, with its generated embeds beside it.
package main

import (
	_ "embed"

	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/provider"
	"github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version"
)

//go:embed schema-embed.json
var schema []byte

//go:embed terraform-mapping-embed.json
var terraformMapping []byte

func main() { provider.Serve("kubernetes", version.Version, schema, terraformMapping) }
GO
  sed -i 's#^module .*#module kubeflow-iac/e2e/build/pulumi-kubernetes-staged#' "$dir/go.mod"
  echo "$dir"
}

build() {
  local tool="$1" s version pkgs out
  s="$(spec "$tool")"; version="${s%%|*}"; pkgs="${s#*|}"
  out="$cache/$tool-$version"
  local missing=0 p
  for p in $pkgs; do
    local name="${p##*/}"; [ "$name" = v3 ] && name=etcd
    [ -x "$out/bin/$name" ] || missing=1
  done
  if [ "$missing" = 0 ]; then echo "[build] $tool $version: cached in $out"; return 0; fi
  # One build per tool at a time (a second run waits for the first, then finds it cached).
  exec {lockfd}>"$cache/.$tool.lock"
  flock "$lockfd"
  if [ -x "$out/bin/${name:-}" ] && [ "$missing" = 1 ]; then
    missing=0; for p in $pkgs; do local n="${p##*/}"; [ "$n" = v3 ] && n=etcd; [ -x "$out/bin/$n" ] || missing=1; done
    if [ "$missing" = 0 ]; then echo "[build] $tool $version: cached in $out"; exec {lockfd}>&-; return 0; fi
  fi
  echo "[build] $tool $version: building $pkgs"
  local t0=$SECONDS ldflags="-s -w"
  case "$tool" in
    # kube-apiserver reports this as its version (kubectl and the Pulumi provider read it)
    kubernetes) local v="k8s.io/component-base/version" m="${version#v}"
      ldflags+=" -X $v.gitVersion=$version -X $v.gitMajor=${m%%.*} -X $(printf '%s' "$v.gitMinor=")$(echo "$m" | cut -d. -f2) -X $v.gitTreeState=clean -X $v.buildDate=1970-01-01T00:00:00Z"
      ldflags+=" -X k8s.io/client-go/pkg/version.gitVersion=$version -X k8s.io/client-go/pkg/version.gitMajor=${m%%.*} -X k8s.io/client-go/pkg/version.gitMinor=$(echo "$m" | cut -d. -f2)" ;;
    pulumi) ldflags+=" -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$version" ;;
    pulumi-kubernetes) ldflags+=" -X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=$version" ;;
  esac
  mkdir -p "$out/bin.tmp"
  local src="$here/$tool"
  [ "$tool" = pulumi-kubernetes ] && { src="$(stage_pulumi_kubernetes "$version" "$out")" || return 1; pkgs=.; }
  (cd "$src" && for p in $pkgs; do
      local name="${p##*/}"; [ "$name" = v3 ] && name=etcd; [ "$p" = . ] && name=pulumi-resource-kubernetes
      go build -trimpath -ldflags "$ldflags" -o "$out/bin.tmp/$name" "$p" || exit 1
    done) || return 1
  rm -rf "$out/bin"; mv "$out/bin.tmp" "$out/bin"
  echo "[build] $tool $version: built in $((SECONDS - t0))s"
  exec {lockfd}>&-
}

# Real controllers (../real/<name>.js): one folder per component, build/<name>/, with
#   bins          one binary per line: `<binary> <package>` (a full import path, or ./dir for a
#                 main of ours in src/dir)
#   <version>/    the wrapper module pinning one version: go.mod, go.sum (and tools.go, blank
#                 imports of the main packages so `go mod tidy` keeps them)
#   src/          optional: mains of our own (when upstream's are modules the proxy does not serve)
#   build.env     optional: bash, $VERSION set; may set TAGS and LDFLAGS
# Built as `build.sh <name>@<version>`: the wrapper module (and src/) is staged into
# $cache/<name>-<version>/src (the repo is not written to), the binaries land in .../bin/.
# Without arguments: the `<name>@<version>` list in $E2E_REAL_BUILDS, which run.js sets to what
# the run's releases need.
build_component() {
  local name="$1" version="$2" comp="$here/$1" out="$cache/$1-$2" b p missing=0
  [ -f "$comp/bins" ] || { echo "[build] $name: no build/$name/bins" >&2; return 1; }
  [ -f "$comp/$version/go.mod" ] || { echo "[build] $name $version: no wrapper module build/$name/$version" >&2; return 1; }
  local bins; bins="$(grep -v '^\s*#' "$comp/bins" | awk 'NF==2')"
  have_all() { local b p; while read -r b p; do [ -x "$out/bin/$b" ] || return 1; done <<< "$bins"; }
  if have_all; then echo "[build] $name $version: cached in $out"; return 0; fi
  # One build per version at a time (a second run waits for the first, then finds it cached).
  exec {lockfd}>"$cache/.$name-$version.lock"
  flock "$lockfd"
  if have_all; then echo "[build] $name $version: cached in $out"; exec {lockfd}>&-; return 0; fi
  echo "[build] $name $version: building $(echo "$bins" | awk '{print $1}' | tr '\n' ' ')"
  local t0=$SECONDS dir="$out/src" TAGS="" LDFLAGS=""
  # shellcheck disable=SC1091
  [ -f "$comp/build.env" ] && VERSION="$version" . "$comp/build.env"
  rm -rf "$dir" "$out/bin.tmp"; mkdir -p "$dir" "$out/bin.tmp"
  [ -d "$comp/src" ] && cp -r "$comp/src/." "$dir/"
  cp "$comp/$version/"* "$dir/"
  (cd "$dir" && while read -r b p; do
      go build -trimpath -tags "$TAGS" -ldflags "-s -w $LDFLAGS" -o "$out/bin.tmp/$b" "$p" || exit 1
    done <<< "$bins") || return 1
  rm -rf "$out/bin"; mv "$out/bin.tmp" "$out/bin"
  echo "[build] $name $version: built in $((SECONDS - t0))s"
  exec {lockfd}>&-
}

# --print: only print "name=path" for each binary that exists, build nothing.
print_bins() {
  local tool s version pkgs p name
  for tool in etcd kwok kubernetes pulumi pulumi-kubernetes istio-inject; do
    s="$(spec "$tool")"; version="${s%%|*}"; pkgs="${s#*|}"
    for p in $pkgs; do
      name="${p##*/}"; [ "$name" = v3 ] && name=etcd
      [ -x "$cache/$tool-$version/bin/$name" ] && echo "$name=$cache/$tool-$version/bin/$name" && echo "$name.version=$version"
    done
  done
  # Real controllers: one set per built version, as `<name>/<binary>@<version>=path`.
  local d comp b
  for comp in "$here"/*/; do
    [ -f "$comp/bins" ] || continue
    name="$(basename "$comp")"
    for d in "$comp"v*/; do
      [ -d "$d" ] || continue
      version="$(basename "$d")"
      while read -r b p; do
        [ -x "$cache/$name-$version/bin/$b" ] && echo "$name/$b@$version=$cache/$name-$version/bin/$b"
      done < <(grep -v '^\s*#' "$comp/bins" | awk 'NF==2')
    done
  done
  return 0
}
if [ "${1:-}" = --print ]; then print_bins; exit 0; fi

tools=("$@")
if [ ${#tools[@]} -eq 0 ]; then
  tools=(etcd kwok kubernetes pulumi pulumi-kubernetes istio-inject)
  for v in ${E2E_REAL_BUILDS:-}; do tools+=("$v"); done
fi
failed=()
for t in "${tools[@]}"; do
  # A tool that fails to build is reported and skipped; the harness says what it then cannot run.
  case "$t" in
    *@*) build_component "${t%%@*}" "${t#*@}" || { echo "[build] $t: FAILED (see above)"; failed+=("$t"); } ;;
    *) build "$t" || { echo "[build] $t: FAILED (see above)"; failed+=("$t"); } ;;
  esac
done
[ ${#failed[@]} -eq 0 ] || { echo "[build] failed: ${failed[*]}"; exit 1; }
