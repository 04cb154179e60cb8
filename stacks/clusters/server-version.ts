import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { catalogFor, kubernetesMinor, KubernetesVersion, newestReleaseOn, olderThan, Release } from '../../constructs/catalog';

/**
 * The Kubernetes version of a cluster the stack did not make (`existing`), checked before
 * anything is installed on it, as install.sh checks it: the stack cannot choose that cluster's
 * version, and a release on an API server older than it needs fails late and unclearly (26.03.1's
 * Knative pods exit at start, and `pulumi up` times out on their Deployments).
 */

/** What `kubectl version -o json` says of the server. */
export interface ServerVersion {
  readonly major?: string;
  readonly minor?: string;
  readonly gitVersion?: string;
}

/** Reads the server's version; `error` says why it could not; `skipped`: no cluster to ask (the offline graph). */
export type VersionReader = (kubeconfig: string | undefined, context: string | undefined) => { version?: ServerVersion; error?: string; skipped?: true };

/** A kubeconfig setting is a path unless it holds a document (as the Kubernetes provider reads it). */
const isContents = (k: string) => k.includes('\n') || /^\s*[{]/.test(k) || /^\s*apiVersion:/.test(k);

/** kubectl, with the stack's kubeconfig and context: the same credentials (exec plugins included) the provider uses. */
export const kubectlVersion: VersionReader = (kubeconfig, context) => {
  let dir: string | undefined;
  try {
    const args = ['version', '-o', 'json', '--request-timeout=20s'];
    if (kubeconfig) {
      let file = kubeconfig.replace(/^~(?=\/)/, os.homedir());
      if (isContents(kubeconfig)) {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubeflow-iac-kubeconfig-'));
        file = path.join(dir, 'config');
        fs.writeFileSync(file, kubeconfig, { mode: 0o600 });
      }
      args.push(`--kubeconfig=${file}`);
    }
    if (context) args.push(`--context=${context}`);
    const out = execFileSync('kubectl', args, { encoding: 'utf8', env: process.env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
    return { version: (JSON.parse(out) as { serverVersion?: ServerVersion }).serverVersion };
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    return { error: (err.stderr || err.message).trim().split('\n')[0] };
  } finally {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
};

/** `1.N` of a server version: major/minor (EKS and GKE write minor as `34+`), else its gitVersion. */
export function serverMinor(v: ServerVersion): KubernetesVersion | undefined {
  const minor = (v.minor ?? '').replace(/\+$/, '');
  if (v.major === '1' && /^\d+$/.test(minor)) return `1.${Number(minor)}`;
  return v.gitVersion ? kubernetesMinor(v.gitVersion) : undefined;
}

/**
 * The problem with installing `release` on a server of this version, or undefined. `where` names
 * the cluster in the message; the fix names the config key that skips the check.
 */
export function serverVersionProblem(release: Release, v: ServerVersion, where: string, skipKey: string): string | undefined {
  const k = catalogFor(release).kubernetes;
  const minor = serverMinor(v);
  if (!minor) {
    return `${where} did not say which Kubernetes it runs (kubectl version -o json: no serverVersion major and minor); ` +
      `release ${release} needs ${k.minimum} or newer: check it yourself, then set ${skipKey}: true`;
  }
  if (!olderThan(minor, k.minimum)) return undefined;
  const git = v.gitVersion ? ` (${v.gitVersion})` : '';
  const older = newestReleaseOn(minor);
  return `${where} runs Kubernetes ${minor}${git}, older than release ${release} needs (${k.minimum} or newer: ${k.minimumReason}); ` +
    `upgrade the cluster to Kubernetes ${k.minimum} or newer${older ? `, or choose release ${older}` : ''}; ${skipKey}: true installs anyway`;
}

let reader: VersionReader = kubectlVersion;

/**
 * Replaces how the version is read (tests, and the offline stack graph, which never reaches a
 * cluster). Returns the previous reader.
 */
export function setVersionReader(r: VersionReader): VersionReader {
  const before = reader;
  reader = r;
  return before;
}

/** The current reader. */
export const readServerVersion: VersionReader = (kubeconfig, context) => reader(kubeconfig, context);
