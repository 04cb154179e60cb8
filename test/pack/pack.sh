#!/usr/bin/env bash
# The package as users get it: `npm pack`, install the tarball in an empty folder, compile
# examples/cdk8s-app against the package root with `tsc --strict`, synthesize it twice with one
# secrets file and compare the bytes. Offline: nothing is downloaded.
#
# Installing: npm's cache here holds tarballs but no registry metadata, so `npm install --offline`
# of the tarball stops at its first dependency (ENOTCACHED), and the shared node_modules must not
# be written to. By default the tarball is unpacked as npm unpacks it (node_modules/kubeflow-iac)
# and each of its dependencies is linked from the repo's node_modules after checking that the
# version there is the one package.json pins. PACK_INSTALL=npm runs `npm install --offline` instead
# (for a machine whose npm cache is complete, or drop --offline with network).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/kubeflow-iac-pack.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
step() { printf '%s pack: %s\n' "$(date +%T)" "$*"; }

# PACK_BUILD=0: lib/ is fresh already (e.g. right after `npm run build`).
if [ "${PACK_BUILD:-1}" != 0 ]; then
  step "build"
  (cd "$ROOT" && node_modules/.bin/tsc -p tsconfig.build.json)
fi
step "npm pack"
TGZ="$WORK/$(cd "$ROOT" && npm pack --ignore-scripts --silent --pack-destination "$WORK")"

APP="$WORK/app"
mkdir -p "$APP/node_modules"
cd "$APP"
echo '{ "name": "example-app", "version": "1.0.0", "private": true, "dependencies": { "kubeflow-iac": "file:'"$TGZ"'" } }' > package.json
if [ "${PACK_INSTALL:-link}" = npm ]; then
  step "npm install --offline"
  npm install --offline --no-audit --no-fund --ignore-scripts "$TGZ"
else
  step "install: unpack the tarball, link its dependencies"
  mkdir -p node_modules/kubeflow-iac
  tar -xzf "$TGZ" -C node_modules/kubeflow-iac --strip-components=1
  node - "$ROOT/node_modules" <<'JS'
const fs = require('fs');
const path = require('path');
const shared = process.argv[2];
const pkg = JSON.parse(fs.readFileSync('node_modules/kubeflow-iac/package.json', 'utf8'));
// What the app itself uses to compile: the compiler's Node.js types.
const wanted = { ...pkg.dependencies, '@types/node': require(path.join(shared, '@types/node/package.json')).version };
const wrong = [];
for (const [name, version] of Object.entries(wanted)) {
  const have = JSON.parse(fs.readFileSync(path.join(shared, name, 'package.json'), 'utf8')).version;
  if (have.replace(/^v/, '') !== version) wrong.push(`${name}: package.json pins ${version}, node_modules has ${have}`);
  fs.mkdirSync(path.dirname(path.join('node_modules', name)), { recursive: true });
  fs.symlinkSync(path.join(shared, name), path.join('node_modules', name));
}
if (wrong.length) { console.error(wrong.join('\n')); process.exit(1); }
JS
fi

step "what the tarball holds"
FILES="$(tar -tzf "$TGZ")"
for f in package/lib/index.js package/lib/index.d.ts package/lib/cli/main.js package/lib/stacks/index.js; do
  grep -qx "$f" <<<"$FILES" || { echo "pack: $f is missing from the tarball" >&2; exit 1; }
done
if grep -E '\.test\.|/test/|/examples/|test-helpers|\.ts$' <<<"$FILES" | grep -v '\.d\.ts$'; then
  echo "pack: the tarball holds test or source files (above)" >&2; exit 1
fi

step "only the root is reachable"
node -e "require('kubeflow-iac'); require('kubeflow-iac/package.json')"
# ES modules see the named exports too, the lazily loaded Pulumi component included.
node --input-type=module -e "import { KubeflowPlatform, PulumiPlatform } from 'kubeflow-iac'; if (typeof KubeflowPlatform !== 'function' || typeof PulumiPlatform !== 'function') process.exit(1);"
if node -e "require('kubeflow-iac/lib/constructs/platform/platform')" 2>/dev/null; then
  echo "pack: a deep import into lib/ resolved; package.json exports must hide it" >&2; exit 1
fi

step "tsc --strict examples/cdk8s-app against the package"
cp "$ROOT/examples/cdk8s-app/main.ts" .
"$ROOT/node_modules/.bin/tsc" --strict --target ES2022 --module commonjs --moduleResolution node --esModuleInterop --types node --noEmitOnError main.ts

step "synthesize twice with one secrets file"
node main.js out-a >/dev/null
node main.js out-b >/dev/null
diff -r out-a out-b
grep -q '^kind: Notebook$' out-a/*/team-ml-post.yaml
step "ok: $(find out-a -type f | wc -l) files, identical on a second build"
