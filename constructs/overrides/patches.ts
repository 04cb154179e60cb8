import { ConfigError } from '../config/errors';
import { Path, pathText } from '../config/issues';
import { Locator, locatorOf } from '../config/locate';
import { PlatformConfig } from '../config/schema';
import { isCustomResource, Manifest } from '../platform/parts';
import { checkOverrides } from './check';
import { applyJsonPatch, applyMergePatch } from './json-patch';
import { objectName, selectionProblem, selects } from './names';
import { PatchEntry } from './schema';
import { applyStrategicPatch, StrategicPatchError } from './strategic';

type Problem = { path: Path; text: string };

// A patch may change anything but which object it is: plan, prune and Pulumi know objects by these.
function identityChange(before: Manifest, after: unknown): string | undefined {
  const a = (after ?? {}) as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
  const changed = [
    a.kind !== before.kind && `kind (to ${JSON.stringify(a.kind ?? null)})`,
    a.metadata?.name !== before.metadata.name && `metadata.name (to ${JSON.stringify(a.metadata?.name ?? null)})`,
    a.metadata?.namespace !== before.metadata.namespace && `metadata.namespace (to ${JSON.stringify(a.metadata?.namespace ?? null)})`,
  ].filter((x): x is string => !!x);
  return changed.length ? changed.join(' and ') : undefined;
}

// Every `image` value in an object: containers', and any other field of that name.
function images(v: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) v.forEach((x) => images(x, out));
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k === 'image' && typeof x === 'string') out.add(x);
      else images(x, out);
    }
  }
  return out;
}

/** One patch on its target; the patched object, or the problem. */
function patchOne(p: PatchEntry, at: Path, m: Manifest): { value: Manifest } | { problem: Problem } {
  let value: unknown;
  if (p.type === 'json') {
    const r = applyJsonPatch(m, p.patch);
    if ('why' in r) {
      const op = p.patch[r.index];
      return { problem: { path: [...at, 'patch', r.index], text: `${pathText([...at, 'patch', r.index])}: op ${JSON.stringify(op.op)} at ${JSON.stringify(op.path)} on ${objectName(m)} cannot apply: ${r.why}` } };
    }
    value = r.value;
  } else if (p.type === 'merge') {
    value = applyMergePatch(m, p.patch);
  } else {
    if (isCustomResource(m)) {
      return { problem: { path: [...at, 'type'], text: `${pathText([...at, 'type'])}: strategic merge needs the merge keys of a built-in Kubernetes type, and ${objectName(m)} is a custom resource (kubectl refuses it too); use type merge or json` } };
    }
    try {
      value = applyStrategicPatch(m, p.patch);
    } catch (e) {
      if (!(e instanceof StrategicPatchError)) throw e;
      const path = [...at, 'patch', ...e.path];
      return { problem: { path, text: `${pathText(path)}: ${e.message}` } };
    }
  }
  const moved = identityChange(m, value);
  if (moved) return { problem: { path: [...at, 'patch'], text: `${pathText([...at, 'patch'])}: the patch changes the ${moved} of ${objectName(m)}; a patch may not change which object it is: patch the new object's fields, or add it in your own chart` } };
  // Images come from the release catalog through one resolver, so `images`, the mirror rewrite
  // and the bundle see every one; a patch would slip past them.
  const before = images(m);
  const added = [...images(value)].filter((i) => !before.has(i));
  if (added.length) return { problem: { path: [...at, 'patch'], text: `${pathText([...at, 'patch'])}: the patch sets the image ${added.join(', ')} on ${objectName(m)}; images come from the release catalog (so that kubeflow-iac images, the mirror rewrite and the bundle list every one) and a patch may not change them: set registry for a mirror, or run your own image in your own chart` } };
  return { value: value as Manifest };
}

/**
 * Applies the config's patches in order to the platform's objects (users' charts are not in
 * `byChart`). Every problem is collected: a target that is not in the output (with the
 * closest names), an operation that cannot apply, a patch that would change its target's
 * identity.
 */
export function applyPatches(byChart: ReadonlyMap<string, Manifest[]>, config: PlatformConfig, locate: Locator): { byChart: Map<string, Manifest[]>; problems: string[] } {
  const out = new Map([...byChart].map(([k, v]) => [k, [...v]]));
  const problems: Problem[] = [];
  (config.patches ?? []).forEach((p, i) => {
    const at: Path = ['patches', i];
    const all = [...out.values()].flat();
    const why = selectionProblem(p.target, all, config.release);
    if (why) {
      problems.push({ path: [...at, 'target'], text: `${pathText([...at, 'target'])}: ${why}` });
      return;
    }
    for (const list of out.values()) {
      const index = list.findIndex((m) => selects(p.target, m));
      if (index < 0) continue;
      const r = patchOne(p, at, list[index]);
      if ('problem' in r) problems.push(r.problem);
      else list[index] = r.value;
    }
  });
  return { byChart: out, problems: problems.map((p) => `${locate(p.path)}${p.text}`) };
}

/**
 * The platform-wide last step: checks the overrides applied per component, then applies the
 * patches, and reports every problem of both together (nothing is written). A config with
 * neither gives back the same objects.
 */
export function finishPlatform(byChart: ReadonlyMap<string, Manifest[]>, config: PlatformConfig): Map<string, Manifest[]> {
  if (!config.overrides && !config.patches?.length) return new Map(byChart);
  const locate = locatorOf(config);
  const problems = checkOverrides(byChart, config, locate);
  const patched = applyPatches(byChart, config, locate);
  problems.push(...patched.problems);
  if (problems.length) throw new ConfigError(problems);
  return patched.byChart;
}
