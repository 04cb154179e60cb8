/** `mirror-images.sh --help`: the whole interface of the script. */
export const MIRROR_USAGE = `usage: ./mirror-images.sh [--dry-run] [--export DIR | --import DIR] [--help]

Copies every image this bundle needs from its source registry to the mirror (the names in
images.txt), with skopeo if it is on PATH, else crane. An image the mirror already has with the
same digest is skipped, so the script can be run again after a failure. Log in first
(skopeo login / crane auth login) to every registry that needs it.

options:
  --dry-run      print what would be copied, and what is already there; copy nothing
  --export DIR   save every source image into DIR (one archive per image), on a machine that
                 reaches the source registries; carry DIR to the site, then --import it
  --import DIR   push the images saved in DIR to the mirror (with the tool that exported them)
  -h, --help     show this help

environment:
  MIRROR_TOOL    skopeo or crane (default: skopeo if it is on PATH, else crane)

exit codes:
  0  every image is in the mirror (in DIR, with --export)
  1  a copy failed
  2  usage error
  3  neither skopeo nor crane is on PATH, or DIR is not an export of this tool`;

/**
 * mirror-images.sh: copies every source image to the mirror with skopeo or crane, directly or
 * through a folder (`--export` on one side, `--import` on the other) when no machine reaches both.
 */
export function mirrorScript(pairs: readonly { source: string; target: string }[]): string {
  return `#!/usr/bin/env bash
# Copies every image this bundle needs to the mirror. ./mirror-images.sh --help for usage.
set -euo pipefail

usage() {
  cat <<'USAGE'
${MIRROR_USAGE}
USAGE
}
usage_error() { echo "mirror-images.sh: $1" >&2; echo "run ./mirror-images.sh --help for usage" >&2; exit 2; }
fail() { echo "mirror-images.sh: $1" >&2; exit 3; }

MODE=copy
DIR=""
DRY_RUN=""
while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) DRY_RUN=1 ;;
    --export|--import)
      [ "$MODE" = copy ] || usage_error "--export and --import do not go together"
      [ -n "\${2:-}" ] || usage_error "$1 needs a folder"
      MODE="\${1#--}"; DIR="$2"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage_error "unknown option $1 (options: --dry-run, --export DIR, --import DIR, --help)" ;;
  esac
  shift
done

TOOL="\${MIRROR_TOOL:-}"
if [ -z "$TOOL" ]; then
  if command -v skopeo >/dev/null 2>&1; then TOOL=skopeo
  elif command -v crane >/dev/null 2>&1; then TOOL=crane
  else fail "needs skopeo or crane on PATH"; fi
fi
case "$TOOL" in
  skopeo|crane) command -v "$TOOL" >/dev/null 2>&1 || fail "MIRROR_TOOL=$TOOL is not on PATH" ;;
  *) usage_error "MIRROR_TOOL must be skopeo or crane, got '$TOOL'" ;;
esac

# The digest of an image's manifest (of its index, for multi-platform images), empty if absent.
digest() {
  if [ "$TOOL" = skopeo ]; then
    local raw
    raw="$(skopeo inspect --raw "docker://$1" 2>/dev/null)" || return 0
    printf 'sha256:%s' "$(printf '%s' "$raw" | sha256sum | cut -d' ' -f1)"
  else
    crane digest "$1" 2>/dev/null || true
  fi
}
copy() {
  if [ "$TOOL" = skopeo ]; then skopeo copy --all --retry-times 3 "docker://$1" "docker://$2"
  else crane copy "$1" "$2"; fi
}
# One archive per image, named after its mirror name.
archive() { printf '%s/%s.tar' "$DIR" "$(printf '%s' "$1" | tr '/:@' '___')"; }
save() {
  if [ "$TOOL" = skopeo ]; then skopeo copy --all --retry-times 3 "docker://$1" "oci-archive:$2"
  else crane pull "$1" "$2"; fi
}
push() {
  if [ "$TOOL" = skopeo ]; then skopeo copy --all --retry-times 3 "oci-archive:$1" "docker://$2"
  else crane push "$1" "$2"; fi
}

case "$MODE" in
  export) [ -n "$DRY_RUN" ] || { mkdir -p "$DIR"; printf '%s\\n' "$TOOL" > "$DIR/TOOL"; } ;;
  import)
    [ -f "$DIR/TOOL" ] || fail "$DIR has no TOOL file: it is not a folder written by ./mirror-images.sh --export"
    [ "$(cat "$DIR/TOOL")" = "$TOOL" ] || fail "$DIR was exported with $(cat "$DIR/TOOL"); import it with the same tool (MIRROR_TOOL=$(cat "$DIR/TOOL"))" ;;
esac

n=0
done_count=0
while read -r source target; do
  n=$((n + 1))
  at="[$n/${pairs.length}]"
  case "$MODE" in
    copy)
      have="$(digest "$target")"
      if [ -n "$have" ] && [ "$have" = "$(digest "$source")" ]; then echo "$at $target: already in the mirror"; continue; fi
      if [ -n "$DRY_RUN" ]; then echo "$at would copy $source -> $target"; done_count=$((done_count + 1)); continue; fi
      echo "$at $source -> $target"
      copy "$source" "$target" || { echo "mirror-images.sh: copying $source failed" >&2; exit 1; } ;;
    export)
      file="$(archive "$target")"
      if [ -f "$file" ]; then echo "$at $file: already saved"; continue; fi
      if [ -n "$DRY_RUN" ]; then echo "$at would save $source -> $file"; done_count=$((done_count + 1)); continue; fi
      echo "$at $source -> $file"
      save "$source" "$file.part" || { echo "mirror-images.sh: saving $source failed" >&2; exit 1; }
      mv "$file.part" "$file" ;;
    import)
      file="$(archive "$target")"
      [ -f "$file" ] || { echo "mirror-images.sh: $file is missing; export again" >&2; exit 1; }
      if [ -n "$(digest "$target")" ]; then echo "$at $target: already in the mirror"; continue; fi
      if [ -n "$DRY_RUN" ]; then echo "$at would push $file -> $target"; done_count=$((done_count + 1)); continue; fi
      echo "$at $file -> $target"
      push "$file" "$target" || { echo "mirror-images.sh: pushing $file failed" >&2; exit 1; } ;;
  esac
  done_count=$((done_count + 1))
done <<'IMAGES'
${pairs.map((p) => `${p.source} ${p.target}`).join('\n')}
IMAGES
case "$MODE" in copy) verb=copied ;; export) verb=saved ;; *) verb=pushed ;; esac
echo "done: $done_count of ${pairs.length} images \${DRY_RUN:+would be }$verb; the others were there already"
`;
}
