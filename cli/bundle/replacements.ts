import { replaceChecks } from '../../constructs/install';
import { Wave } from '../../constructs/platform/platform';

/** The bundle file install.sh reads its replace checks from. */
export const REPLACE_FILE = 'replace.tsv';

// Columns of the one `kubectl get` that reads every live value install.sh compares.
const LIVE_COLUMNS: Readonly<Record<string, number>> = { 'spec.selector': 4, 'spec.serviceName': 5, roleRef: 6 };
const LIVE_JSONPATH = '{range .items[*]}{.kind}{"\\t"}{.metadata.namespace}{"\\t"}{.metadata.name}{"\\t"}{.spec.selector}{"\\t"}{.spec.serviceName}{"\\t"}{.roleRef}{"\\n"}{end}';

/**
 * `replace.tsv`: one line per immutable field an object of the bundle sets, with its wave and
 * the value this release gives it. `-` stands for an empty namespace: bash and awk fold runs
 * of tabs, so an empty column would shift the rest.
 */
export function replaceTable(waves: readonly Wave[]): string {
  const lines = waves.flatMap((w) => w.parts.flatMap((p) => p.manifests.flatMap((m) => replaceChecks(m).map((c) =>
    [w.name, c.resource, c.kind, c.namespace || '-', c.name, c.field, String(LIVE_COLUMNS[c.field]), c.value].join('\t')))));
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** kubectl resources install.sh reads live values of, e.g. `deployment.apps`. */
export function replaceResources(waves: readonly Wave[]): string[] {
  const all = waves.flatMap((w) => w.parts.flatMap((p) => p.manifests.flatMap((m) => replaceChecks(m).map((c) => c.resource))));
  return [...new Set(all)].sort();
}

/**
 * Bash for install.sh: before the first wave, find the objects whose immutable fields the
 * cluster holds with another value (an upgrade that changes a selector or a roleRef), and
 * delete each right before its wave applies it again. Only those: everything else is
 * updated in place. `kube` runs kubectl with the script's context.
 */
export function replaceFunctions(waves: readonly Wave[]): string {
  const resources = replaceResources(waves);
  if (!resources.length) return 'find_replacements() { :; }\nreplace_changed() { :; }';
  return `# Objects whose immutable fields (${Object.keys(LIVE_COLUMNS).join(', ')}) this release changes:
# found once before wave 1, each deleted right before its wave applies it again.
REPLACE=""
find_replacements() {
  local live
  live=$(kube get ${resources.join(',')} -A -o jsonpath='${LIVE_JSONPATH}') || return 1
  REPLACE=$(awk -F'\\t' 'NR == FNR { ns = ($2 == "" ? "-" : $2); live[$1 SUBSEP ns SUBSEP $3] = $0; next }
    { k = $3 SUBSEP $4 SUBSEP $5; if (!(k in live)) next; split(live[k], f, "\\t"); if (f[$7] != $8) print $1 "\\t" $2 "\\t" $4 "\\t" $5 "\\t" $6 }' \\
    <(printf '%s\\n' "$live") ${REPLACE_FILE})
  if [ -n "$REPLACE" ]; then log "objects to replace (immutable fields change): $(printf '%s\\n' "$REPLACE" | awk 'END { print NR }')"; fi
}
replace_changed() {
  [ -n "$REPLACE" ] || return 0
  local wave resource ns name field
  while IFS=$'\\t' read -r wave resource ns name field; do
    [ "$wave" = "$1" ] || continue
    [ "$ns" = - ] && ns=""
    log "  replacing $resource \${ns:+$ns/}$name: $field cannot change in place"
    [ -n "$DRY_RUN" ] && continue
    kube delete "$resource" \${ns:+-n "$ns"} "$name" --ignore-not-found --wait=true >/dev/null
  done <<< "$REPLACE"
}`;
}
