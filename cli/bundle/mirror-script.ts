/**
 * mirror-images.sh: copies every source image to the mirror, with skopeo or crane,
 * whichever is present. Run it where both registries are reachable.
 */
export function mirrorScript(pairs: readonly { source: string; target: string }[]): string {
  return `#!/usr/bin/env bash
# Copies every image this bundle needs from its source registry to the mirror.
# Uses skopeo if present, else crane. Log in to both registries first.
set -euo pipefail

if command -v skopeo >/dev/null 2>&1; then
  copy() { skopeo copy --all --retry-times 3 "docker://$1" "docker://$2"; }
elif command -v crane >/dev/null 2>&1; then
  copy() { crane copy "$1" "$2"; }
else
  echo "mirror-images.sh: needs skopeo or crane on PATH" >&2
  exit 1
fi

n=0
while read -r source target; do
  n=$((n + 1))
  echo "[$n/${pairs.length}] $source -> $target"
  copy "$source" "$target"
done <<'IMAGES'
${pairs.map((p) => `${p.source} ${p.target}`).join('\n')}
IMAGES
`;
}
