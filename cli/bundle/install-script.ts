import { Wave } from '../../constructs/platform/platform';
import { wavesWaits } from './waits';

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * install.sh: applies the waves in order with server-side apply and waits for each to be
 * ready before the next, so the platform installs in one pass. Needs only kubectl and bash.
 */
export function installScript(waves: readonly Wave[], manifestsDir: string): string {
  const steps = waves.map((w, i) => {
    const waits = wavesWaits(w);
    const lines = [
      `step ${i + 1} ${waves.length} ${q(w.name)}`,
      `apply_wave ${q(`${manifestsDir}/${w.name}`)}`,
    ];
    if (waits.crds.length) lines.push(`wait_crds ${waits.crds.map(q).join(' ')}`);
    for (const r of waits.rollouts) lines.push(`wait_rollout ${q(r.namespace)} ${q(`${r.kind}/${r.name}`)}`);
    for (const s of waits.webhookServices) lines.push(`wait_endpoints ${q(s.namespace)} ${q(s.name)}`);
    for (const c of waits.caInjected) lines.push(`wait_ca_bundle ${q(`${c.kind}/${c.name}`)}`);
    return lines.join('\n');
  });
  return `#!/usr/bin/env bash
# Installs or upgrades Kubeflow from this bundle, wave by wave. Needs kubectl and a kubeconfig.
# Safe to run again: every object is applied server-side by the same field manager.
#   ./install.sh                      install or upgrade
#   ./install.sh --dry-run=server     ask the API server to check every object, change nothing
# WAIT_TIMEOUT (seconds, default 600) bounds each wait; KUBECTL picks another kubectl binary.
set -euo pipefail
cd "$(dirname "$0")"

KUBECTL="\${KUBECTL:-kubectl}"
TIMEOUT="\${WAIT_TIMEOUT:-600}"
DRY_RUN=""
for arg in "$@"; do
  case "$arg" in
    --dry-run=server) DRY_RUN="--dry-run=server" ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown argument $arg (only --dry-run=server)" >&2; exit 2 ;;
  esac
done

log() { printf '%s %s\\n' "$(date -u +%H:%M:%S)" "$*"; }
step() { log "wave $1/$2: $3"; }
apply_wave() {
  "$KUBECTL" apply --server-side --force-conflicts --field-manager=kubeflow-iac \${DRY_RUN:+"$DRY_RUN"} -R -f "$1" >/dev/null
}
waiting() { [ -z "$DRY_RUN" ]; }
wait_crds() {
  waiting || return 0
  local crds=()
  for c in "$@"; do crds+=("crd/$c"); done
  "$KUBECTL" wait --for=condition=Established --timeout="\${TIMEOUT}s" "\${crds[@]}" >/dev/null
}
wait_rollout() {
  waiting || return 0
  log "  waiting for $2 in $1"
  "$KUBECTL" rollout status -n "$1" "$2" --timeout="\${TIMEOUT}s" >/dev/null
}
until_true() {
  local deadline=$((SECONDS + TIMEOUT))
  until "$@"; do
    if [ "$SECONDS" -ge "$deadline" ]; then log "timed out after \${TIMEOUT}s: $*"; return 1; fi
    sleep 2
  done
}
has_endpoints() {
  [ -n "$("$KUBECTL" get endpointslices -n "$1" -l "kubernetes.io/service-name=$2" -o jsonpath='{.items[*].endpoints[?(@.conditions.ready==true)].addresses[*]}' 2>/dev/null)" ]
}
wait_endpoints() {
  waiting || return 0
  until_true has_endpoints "$1" "$2"
}
has_ca_bundle() {
  [ -n "$("$KUBECTL" get "$1" -o jsonpath='{.webhooks[0].clientConfig.caBundle}' 2>/dev/null)" ]
}
wait_ca_bundle() {
  waiting || return 0
  until_true has_ca_bundle "$1"
}

${steps.join('\n')}
log "done: ${waves.length} waves applied\${DRY_RUN:+ (server dry run)}"
`;
}
