import { POD_TEMPLATE_PATH } from './pods';

/**
 * Kubernetes strategic merge patch, the subset kubectl users rely on: objects merge key by
 * key, null removes a key, the lists below merge item by item on their merge key (as the
 * Kubernetes types declare it), every other list is replaced, and the directive `$patch`
 * (`delete`, `replace`, `merge`) on an object or a list item. Other directives
 * (`$retainKeys`, `$setElementOrder`, `$deleteFromPrimitiveList`) are refused.
 */

// Merge keys inside a pod spec (PodSpec and Container patchMergeKey tags).
const CONTAINER_KEYS: Readonly<Record<string, string>> = { env: 'name', ports: 'containerPort', volumeMounts: 'mountPath', volumeDevices: 'devicePath', resizePolicy: 'resourceName' };
const POD_KEYS: Readonly<Record<string, string>> = {
  containers: 'name', initContainers: 'name', ephemeralContainers: 'name', volumes: 'name', imagePullSecrets: 'name',
  hostAliases: 'ip', topologySpreadConstraints: 'topologyKey', resourceClaims: 'name', schedulingGates: 'name',
  ...Object.fromEntries(['containers', 'initContainers', 'ephemeralContainers'].flatMap((c) => Object.entries(CONTAINER_KEYS).map(([k, v]) => [`${c}.${k}`, v]))),
};
// Merge keys outside pod specs, by kind and path.
const OTHER_KEYS: Readonly<Record<string, string>> = {
  'Service:spec.ports': 'port',
  'MutatingWebhookConfiguration:webhooks': 'name',
  'ValidatingWebhookConfiguration:webhooks': 'name',
};

/** The lists with a merge key, for the docs and the error that lists them. */
export const MERGED_LISTS = [...Object.entries(POD_KEYS).map(([k, v]) => `${k} (${v})`), 'Service spec.ports (port)', 'webhooks (name)', 'metadata.ownerReferences (uid)'];

function mergeKey(kind: string, path: readonly string[]): string | undefined {
  const at = path.join('.');
  if (at === 'metadata.ownerReferences') return 'uid';
  const pod = [...(kind === 'Pod' ? ['spec'] : [...(POD_TEMPLATE_PATH[kind] ?? ['-']), 'spec'])].join('.');
  if (at.startsWith(`${pod}.`)) return POD_KEYS[at.slice(pod.length + 1)];
  return OTHER_KEYS[`${kind}:${at}`];
}

/** A patch that cannot apply; `path` is where in the patch, as keys and list indices. */
export class StrategicPatchError extends Error {
  constructor(public readonly path: readonly (string | number)[], message: string) {
    super(message);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const DELETE = Symbol('delete');

function directive(patch: Record<string, unknown>, at: readonly (string | number)[]): 'merge' | 'replace' | 'delete' {
  for (const k of Object.keys(patch)) {
    if (k.startsWith('$') && k !== '$patch') throw new StrategicPatchError([...at, k], `the directive ${k.split('/')[0]} is not supported; supported: $patch (delete, replace, merge) and null to remove a field, or use a json patch`);
  }
  const d = patch.$patch ?? 'merge';
  if (d !== 'merge' && d !== 'replace' && d !== 'delete') throw new StrategicPatchError([...at, '$patch'], `$patch: got ${JSON.stringify(d)}; allowed: "delete", "replace", "merge"`);
  return d;
}

function mergeObject(kind: string, target: unknown, patch: Record<string, unknown>, path: readonly string[], at: readonly (string | number)[]): unknown {
  const d = directive(patch, at);
  const { $patch: _, ...rest } = patch;
  if (d === 'delete') return DELETE;
  if (d === 'replace') return rest;
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(rest)) {
    const merged = v === null ? DELETE : merge(kind, out[k], v, [...path, k], [...at, k]);
    if (merged === DELETE) delete out[k];
    else out[k] = merged;
  }
  return out;
}

function mergeList(kind: string, target: unknown, patch: unknown[], path: readonly string[], at: readonly (string | number)[]): unknown {
  const key = mergeKey(kind, path);
  if (!key) {
    const marked = patch.findIndex((x) => isObject(x) && '$patch' in x);
    if (marked >= 0) throw new StrategicPatchError([...at, marked], `$patch in a list item needs a list merged by a key, and ${path.join('.')} is replaced whole; lists merged by key: ${MERGED_LISTS.join(', ')}`);
    return patch;
  }
  // `{ $patch: replace }` as an item: the other items replace the list.
  if (patch.some((x) => isObject(x) && x.$patch === 'replace' && Object.keys(x).length === 1)) {
    return patch.filter((x) => !(isObject(x) && x.$patch === 'replace')).map((x, i) => (isObject(x) ? mergeObject(kind, undefined, x, path, [...at, i]) : x));
  }
  const out = Array.isArray(target) ? [...target] : [];
  patch.forEach((item, i) => {
    if (!isObject(item) || item[key] === undefined) throw new StrategicPatchError([...at, i], `an item of ${path[path.length - 1]} needs ${key}, its merge key`);
    const found = out.findIndex((x) => isObject(x) && x[key] === item[key]);
    const merged = mergeObject(kind, found >= 0 ? out[found] : undefined, item, path, [...at, i]);
    if (merged === DELETE) {
      if (found >= 0) out.splice(found, 1);
    } else if (found >= 0) out[found] = merged;
    else out.push(merged);
  });
  return out;
}

function merge(kind: string, target: unknown, patch: unknown, path: readonly string[], at: readonly (string | number)[]): unknown {
  if (Array.isArray(patch)) return mergeList(kind, target, patch, path, at);
  if (isObject(patch)) return mergeObject(kind, target, patch, path, at);
  return patch;
}

/** Applies a strategic merge patch to an object of a built-in kind. Throws StrategicPatchError. */
export function applyStrategicPatch(target: { kind: string }, patch: Record<string, unknown>): unknown {
  const out = merge(target.kind, target, patch, [], []);
  if (out === DELETE) throw new StrategicPatchError(['$patch'], '$patch: delete of the whole object is not a patch; remove the component or use a json patch');
  return out;
}
