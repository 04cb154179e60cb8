import { catalogFor, newestReleaseOn, Release } from '../../constructs/catalog';
import { MANAGED_BY, MANAGED_BY_LABEL } from '../../constructs/core/labels';
import { groupOf, PRUNE_KEEPS } from '../../constructs/install';
import { Wave } from '../../constructs/platform/platform';
import { replaceFunctions } from './replacements';
import { wavesWaits } from './waits';

/**
 * The server-side apply field manager install.sh writes as. `--prune` deletes only objects it
 * manages: controllers copy our labels onto what they create (EndpointSlices and Endpoints take
 * their Service's, CertificateRequests their Certificate's), and those are not ours to delete.
 */
const FIELD_MANAGER = MANAGED_BY;

/** Kinds whose stale objects would act next to their renamed successors: removed on every run. */
export const SUPERSEDED = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'VirtualService'];

const CLUSTER_SCOPED = new Set([
  'core/Namespace', 'core/PersistentVolume', 'rbac.authorization.k8s.io/ClusterRole', 'rbac.authorization.k8s.io/ClusterRoleBinding',
  'apiextensions.k8s.io/CustomResourceDefinition', 'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration', 'admissionregistration.k8s.io/ValidatingAdmissionPolicy',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding', 'scheduling.k8s.io/PriorityClass', 'storage.k8s.io/StorageClass',
  'apiregistration.k8s.io/APIService',
]);

/**
 * `group/Kind/namespace/name`, one per object: how install.sh --prune knows the bundle's
 * objects. Cluster-scoped objects have no namespace, as the API server lists them, even
 * where a manifest names one (upstream does for some; the API server ignores it).
 */
export function objectList(waves: readonly Wave[]): string {
  const manifests = waves.flatMap((w) => w.parts.flatMap((p) => p.manifests));
  const clusterScoped = new Set(CLUSTER_SCOPED);
  for (const m of manifests) {
    const spec = m.spec as { group?: string; scope?: string; names?: { kind?: string } } | undefined;
    if (m.kind === 'CustomResourceDefinition' && spec?.scope === 'Cluster') clusterScoped.add(`${spec.group}/${spec.names?.kind}`);
  }
  const lines = manifests.map((m) => {
    const gk = `${groupOf(m.apiVersion) || 'core'}/${m.kind}`;
    return `${gk}/${clusterScoped.has(gk) ? '' : (m.metadata.namespace ?? '')}/${m.metadata.name}`;
  });
  return [...new Set(lines)].sort().join('\n') + '\n';
}

/** kubectl resource arguments for every kind in the bundle, e.g. `deployment.apps`. */
function resourceKinds(waves: readonly Wave[]): string[] {
  const kinds = waves.flatMap((w) => w.parts.flatMap((p) => p.manifests.map((m) => {
    const g = groupOf(m.apiVersion);
    return `${m.kind.toLowerCase()}${g ? `.${g}` : ''}`;
  })));
  return [...new Set(kinds)].sort();
}

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** `install.sh --help`: the whole interface of the script. */
export function installUsage(release: Release): string {
  const minimum = catalogFor(release).kubernetes.minimum;
  return `usage: ./install.sh [--context NAME] [--dry-run=server] [--prune] [--skip-version-check] [--help]

Installs or upgrades Kubeflow ${release} from this bundle, wave by wave: each wave is applied
server-side, then its CRDs, rollouts, webhook endpoints and CA bundles are awaited before the
next. Safe to run again. Before the first wave it checks that kubectl is there, the cluster
answers and runs Kubernetes ${minimum} or newer (what ${release} needs), and prints the context and
API server it is about to change. On an upgrade, an object whose
selector or roleRef this release changes (fields Kubernetes cannot change in place) is deleted
right before its wave applies it again; nothing else is replaced, and no volume or CRD is.
Webhook configurations and routes an earlier release had under other names go before wave 1.

options:
  --context NAME     the kubeconfig context to use (default: kubectl's current context)
  --dry-run=server   ask the API server to check every object; change nothing
  --prune            after an upgrade, delete what earlier releases installed and this one no
                     longer has (never CRDs, PVCs or namespaces, nor what a controller made)
  --skip-version-check
                     install even if the API server's Kubernetes is older than ${minimum} (or
                     does not say): some components will not start
  -h, --help         show this help

environment:
  KUBECONFIG         the kubeconfig kubectl reads (default: ~/.kube/config)
  KUBECTL            the kubectl binary (default: kubectl on PATH)
  WAIT_TIMEOUT       seconds each wait may take (default: 600)

exit codes:
  0  done
  1  a wave failed to apply or was not ready in time
  2  usage error
  3  kubectl is missing, the cluster does not answer, or its Kubernetes is too old`;
}

/**
 * The preflight's version check, for one release: the API server's `serverVersion` (major, and
 * minor with the `+` EKS and GKE append) must not be older than the release needs.
 */
function versionCheck(release: Release): string {
  const k = catalogFor(release).kubernetes;
  const older = newestReleaseOn(`1.${Number(k.minimum.slice(2)) - 1}`);
  const fix = `upgrade the cluster to Kubernetes ${k.minimum} or newer${older ? `, or install release ${older}` : ''}; --skip-version-check installs anyway`;
  return `# Release ${release} needs Kubernetes ${k.minimum} or newer: ${k.minimumReason}.
MIN_MINOR=${k.minimum.slice(2)}
check_version() {
  local context="$1" server="$2" json flat major="" minor="" git=""
  local key='"serverVersion":' re_major='"major":"([0-9]+)' re_minor='"minor":"([0-9]+)' re_git='"gitVersion":"(v([0-9]+)\\.([0-9]+)[^"]*)'
  json="$(kube version -o json --request-timeout=10s 2>/dev/null)" || json=""
  # Only what follows serverVersion: the client's version comes first.
  flat="\${json//[[:space:]]/}"
  case "$flat" in *"$key"*) flat="\${flat#*"$key"}" ;; *) flat="" ;; esac
  if [[ $flat =~ $re_major ]]; then major="\${BASH_REMATCH[1]}"; fi
  if [[ $flat =~ $re_minor ]]; then minor="\${BASH_REMATCH[1]}"; fi
  # A server built without version numbers still has its gitVersion, such as v1.34.1.
  if [[ $flat =~ $re_git ]]; then
    git="\${BASH_REMATCH[1]}"
    if [ -z "$major" ] || [ -z "$minor" ]; then major="\${BASH_REMATCH[2]}"; minor="\${BASH_REMATCH[3]}"; fi
  fi
  # A development build says v0.0.0: no version either.
  if [ -z "$major" ] || [ -z "$minor" ] || [ "$major" -eq 0 ]; then
    fail "the API server of context '$context' ($server) did not say which Kubernetes it runs (kubectl version -o json: no serverVersion major and minor); release ${release} needs ${k.minimum} or newer: check it yourself, then rerun with --skip-version-check"
  fi
  KUBE_VERSION="$major.$minor"
  if [ "$major" -eq 1 ] && [ "$minor" -lt "$MIN_MINOR" ]; then
    fail "the API server of context '$context' ($server) runs Kubernetes $major.$minor\${git:+ ($git)}, older than release ${release} needs (${k.minimum} or newer: ${k.minimumReason}); ${fix}"
  fi
}`;
}

/**
 * install.sh: applies the waves in order with server-side apply and waits for each to be
 * ready before the next, so the platform installs in one pass. Needs only kubectl and bash.
 */
export function installScript(waves: readonly Wave[], manifestsDir: string, objectsFile: string, release: Release): string {
  const steps = waves.map((w, i) => {
    const waits = wavesWaits(w);
    const lines = [
      `step ${i + 1} ${waves.length} ${q(w.name)}`,
      `replace_changed ${q(w.name)}`,
      `apply_wave ${q(`${manifestsDir}/${w.name}`)}`,
    ];
    if (waits.crds.length) lines.push(`wait_crds ${waits.crds.map(q).join(' ')}`);
    for (const r of waits.rollouts) lines.push(`wait_rollout ${q(r.namespace)} ${q(`${r.kind}/${r.name}`)}`);
    for (const s of waits.webhookServices) lines.push(`wait_endpoints ${q(s.namespace)} ${q(s.name)}`);
    for (const c of waits.caInjected) lines.push(`wait_ca_bundle ${q(`${c.kind}/${c.name}`)}`);
    return lines.join('\n');
  });
  // Before wave 1 their CRDs may not exist yet (a new cluster): that listing fails quietly.
  const superseded = resourceKinds(waves).filter((r) => SUPERSEDED.some((k) => r.split('.')[0] === k.toLowerCase()));
  return `#!/usr/bin/env bash
# Installs or upgrades Kubeflow from this bundle, wave by wave. ./install.sh --help for usage.
set -Eeuo pipefail
# Any failed step exits 1 (usage errors exit 2, a missing kubectl or silent cluster 3).
trap 'exit 1' ERR
cd "$(dirname "$0")"

usage() {
  cat <<'USAGE'
${installUsage(release)}
USAGE
}
usage_error() { echo "install.sh: $1" >&2; echo "run ./install.sh --help for usage" >&2; exit 2; }

KUBECTL_BIN="\${KUBECTL:-kubectl}"
TIMEOUT="\${WAIT_TIMEOUT:-600}"
CONTEXT=""
DRY_RUN=""
PRUNE=""
SKIP_VERSION_CHECK=""
while [ $# -gt 0 ]; do
  case "$1" in
    --context) [ -n "\${2:-}" ] || usage_error "--context needs a context name"; CONTEXT="$2"; shift ;;
    --context=*) CONTEXT="\${1#--context=}"; [ -n "$CONTEXT" ] || usage_error "--context needs a context name" ;;
    --dry-run=server) DRY_RUN="--dry-run=server" ;;
    --prune) PRUNE=1 ;;
    --skip-version-check) SKIP_VERSION_CHECK=1 ;;
    -h|--help) usage; exit 0 ;;
    *) usage_error "unknown option $1 (options: --context NAME, --dry-run=server, --prune, --skip-version-check, --help)" ;;
  esac
  shift
done
case "$TIMEOUT" in
  ''|*[!0-9]*) usage_error "WAIT_TIMEOUT must be a number of seconds, got '$TIMEOUT'" ;;
esac

# Every kubectl call goes through here, so --context reaches all of them.
kube() {
  if [ -n "$CONTEXT" ]; then "$KUBECTL_BIN" --context "$CONTEXT" "$@"; else "$KUBECTL_BIN" "$@"; fi
}
log() { printf '%s %s\\n' "$(date -u +%H:%M:%S)" "$*"; }
fail() { echo "install.sh: $1" >&2; exit 3; }

${versionCheck(release)}

# Before wave 1: kubectl is there, the context exists, its API server answers and runs a
# Kubernetes the release runs on.
preflight() {
  command -v "$KUBECTL_BIN" >/dev/null 2>&1 \\
    || fail "$KUBECTL_BIN not found; install kubectl (https://kubernetes.io/docs/tasks/tools/) or set KUBECTL to its path"
  local context server
  if [ -n "$CONTEXT" ]; then
    context="$CONTEXT"
  else
    context="$(kube config current-context 2>/dev/null)" \\
      || fail "kubectl has no current context; pass --context NAME or set KUBECONFIG (kubectl config get-contexts lists the contexts)"
  fi
  server="$(kube config view --minify -o jsonpath='{.clusters[0].cluster.server}' 2>/dev/null)" || server=""
  [ -n "$server" ] || fail "context '$context' is not in the kubeconfig (\${KUBECONFIG:-~/.kube/config}); kubectl config get-contexts lists the contexts"
  kube get --raw /readyz --request-timeout=10s >/dev/null 2>&1 \\
    || fail "the API server of context '$context' ($server) did not answer within 10s (kubectl get --raw /readyz); check the network or VPN and your credentials (kubectl --context '$context' get --raw /readyz), or pick another context with --context NAME"
  local at="context $context, server $server"
  if [ -n "$SKIP_VERSION_CHECK" ]; then
    log "not checking the Kubernetes version (--skip-version-check); release ${release} needs ${catalogFor(release).kubernetes.minimum} or newer"
  else
    check_version "$context" "$server"
    at="$at, Kubernetes $KUBE_VERSION"
  fi
  if [ -n "$DRY_RUN" ]; then log "checking against $at (server dry run: nothing changes)"
  else log "installing into $at"; fi
}

step() { log "wave $1/$2: $3"; }
apply_wave() {
  kube apply --server-side --force-conflicts --field-manager=${FIELD_MANAGER} \${DRY_RUN:+"$DRY_RUN"} -R -f "$1" >/dev/null
}
waiting() { [ -z "$DRY_RUN" ]; }
wait_crds() {
  waiting || return 0
  local crds=()
  for c in "$@"; do crds+=("crd/$c"); done
  kube wait --for=condition=Established --timeout="\${TIMEOUT}s" "\${crds[@]}" >/dev/null
}
wait_rollout() {
  waiting || return 0
  log "  waiting for $2 in $1"
  kube rollout status -n "$1" "$2" --timeout="\${TIMEOUT}s" >/dev/null
}
until_true() {
  local deadline=$((SECONDS + TIMEOUT))
  until "$@"; do
    if [ "$SECONDS" -ge "$deadline" ]; then log "timed out after \${TIMEOUT}s: $*"; return 1; fi
    sleep 2
  done
}
has_endpoints() {
  [ -n "$(kube get endpointslices -n "$1" -l "kubernetes.io/service-name=$2" -o jsonpath='{.items[*].endpoints[?(@.conditions.ready==true)].addresses[*]}' 2>/dev/null)" ]
}
wait_endpoints() {
  waiting || return 0
  until_true has_endpoints "$1" "$2"
}
has_ca_bundle() {
  [ -n "$(kube get "$1" -o jsonpath='{.webhooks[0].clientConfig.caBundle}' 2>/dev/null)" ]
}
wait_ca_bundle() {
  waiting || return 0
  until_true has_ca_bundle "$1"
}

# The bundle's kinds and every resource the cluster can list and delete, comma-separated: an
# earlier release may have installed kinds this one no longer ships (their CRDs stay).
all_resources() {
  local r
  # An API that does not answer makes kubectl exit 1 after listing all the others: keep those.
  r=$(kube api-resources --verbs=list,delete -o name 2>/dev/null || true)
  printf '%s' ${q(resourceKinds(waves).join(','))}
  if [ -n "$r" ]; then printf ',%s' "\${r//$'\\n'/,}"; fi
}
# Objects with our label that this bundle does not have: left behind by an earlier release.
# Only those install.sh applied (field manager ${FIELD_MANAGER}) and no controller owns: a
# controller copies our labels onto what it makes (EndpointSlices, Endpoints,
# CertificateRequests), which is its to delete, not ours.
# stale_objects [RESOURCES]: of these kubectl resources only (comma-separated), when given.
stale_objects() {
  kube get "\${1:-$(all_resources)}" -A -l ${MANAGED_BY_LABEL}=${MANAGED_BY} \\
    -o jsonpath='{range .items[*]}{.apiVersion}{"\\t"}{.kind}{"\\t"}{.metadata.namespace}{"\\t"}{.metadata.name}{"\\t"}{.metadata.managedFields[*].manager}{"\\t"}{.metadata.ownerReferences[*].kind}{"\\n"}{end}' \\
    | awk -F'\\t' '$6 == "" && (" " $5 " ") ~ / ${FIELD_MANAGER} / { n = split($1, v, "/"); print (n == 2 ? v[1] : "core") "/" $2 "/" $3 "/" $4 }' \\
    | LC_ALL=C sort -u | LC_ALL=C comm -23 - ${q(objectsFile)}
}
# prune [RESOURCES]: delete those objects (of these kubectl resources only, when given).
prune() {
  local group kind ns name
  while IFS=/ read -r group kind ns name; do
    [ -n "$kind" ] || continue
    case "$kind" in
      ${PRUNE_KEEPS.join('|')}) log "  kept $kind $ns/$name: it holds data; delete it yourself if you mean to"; continue ;;
    esac
    local resource="$kind"
    [ "$group" = core ] || resource="$kind.$group"
    log "  deleting $kind \${ns:+$ns/}$name"
    kube delete "$resource" \${ns:+-n "$ns"} "$name" --ignore-not-found --wait=false \${DRY_RUN:+"$DRY_RUN"} >/dev/null
  done < <(stale_objects "$@")
}

preflight
${replaceFunctions(waves)}

find_replacements
# Webhook configurations and routes an earlier release named otherwise would serve next to
# their successors in this bundle (two webhooks mutating each pod, two routes claiming a path):
# they go before wave 1, everything else earlier releases left with --prune.
${superseded.length ? `prune ${superseded.join(',')} 2>/dev/null` : ''}
${steps.join('\n')}
if [ -n "$PRUNE" ]; then log "pruning objects earlier releases installed"; prune; fi
log "done: ${waves.length} waves applied\${DRY_RUN:+ (server dry run)}"
`;
}
