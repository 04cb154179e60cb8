import { MigrationNote } from '../../constructs/catalog/types';
import { COMPONENT_LABEL } from '../../constructs/core/labels';
import { objectKey } from '../../constructs/install';
import { Manifest } from '../../constructs/platform/parts';
import { databaseDowngrade, immutableChanges, removalRisk } from './rules';
import { diffValues, FieldChange } from './diff';

export interface ObjectRef {
  readonly component: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

export interface Changed extends ObjectRef {
  readonly fields: readonly FieldChange[];
  readonly images: readonly { from: string; to: string }[];
}

export interface Replacement extends ObjectRef {
  readonly reasons: readonly string[];
}

export interface Risk extends ObjectRef {
  readonly risk: string;
}

/** What an upgrade will do; `--json` prints it. */
export interface Plan {
  readonly from: string;
  readonly to: string;
  readonly added: readonly ObjectRef[];
  readonly removed: readonly ObjectRef[];
  readonly changed: readonly Changed[];
  readonly replacements: readonly Replacement[];
  readonly risks: readonly Risk[];
  readonly images: { readonly added: readonly string[]; readonly removed: readonly string[] };
  readonly notes: readonly MigrationNote[];
}

// Objects are the same object across releases whatever their API version.

function ref(m: Manifest): ObjectRef {
  return {
    component: m.metadata.labels?.[COMPONENT_LABEL] ?? 'unknown',
    kind: m.kind,
    ...(m.metadata.namespace ? { namespace: m.metadata.namespace } : {}),
    name: m.metadata.name,
  };
}

function containerImages(m: Manifest): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (v: unknown, path: string) => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${(x as { name?: string })?.name ?? i}]`));
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'image' && typeof x === 'string') out.set(path, x);
        else walk(x, `${path}.${k}`);
      }
    }
  };
  walk(m, '');
  return out;
}

const order = (a: ObjectRef, b: ObjectRef) =>
  a.component.localeCompare(b.component) || a.kind.localeCompare(b.kind) || (a.namespace ?? '').localeCompare(b.namespace ?? '') || a.name.localeCompare(b.name);

/** Compares the objects of two synthesized releases of the same config. */
export function computePlan(
  from: { release: string; manifests: readonly Manifest[]; images: readonly string[] },
  to: { release: string; manifests: readonly Manifest[]; images: readonly string[] },
  notes: readonly MigrationNote[],
): Plan {
  const before = new Map(from.manifests.map((m) => [objectKey(m), m]));
  const after = new Map(to.manifests.map((m) => [objectKey(m), m]));
  const added: ObjectRef[] = [];
  const removed: ObjectRef[] = [];
  const changed: Changed[] = [];
  const replacements: Replacement[] = [];
  const risks: Risk[] = [];

  for (const [k, m] of after) if (!before.has(k)) added.push(ref(m));
  for (const [k, m] of before) {
    const next = after.get(k);
    if (!next) {
      removed.push(ref(m));
      const risk = removalRisk(m);
      if (risk) risks.push({ ...ref(m), risk });
      continue;
    }
    const fields = diffValues(m, next);
    if (!fields.length) continue;
    const oldImages = containerImages(m);
    const newImages = containerImages(next);
    const images = [...newImages].filter(([p, img]) => oldImages.has(p) && oldImages.get(p) !== img).map(([p, img]) => ({ from: oldImages.get(p)!, to: img }));
    changed.push({ ...ref(next), fields, images });
    const reasons = immutableChanges(m, next);
    if (reasons.length) replacements.push({ ...ref(next), reasons });
    for (const i of images) {
      const risk = databaseDowngrade(i.from, i.to);
      if (risk) risks.push({ ...ref(next), risk });
    }
  }
  const fromImages = new Set(from.images);
  const toImages = new Set(to.images);
  return {
    from: from.release,
    to: to.release,
    added: added.sort(order),
    removed: removed.sort(order),
    changed: changed.sort(order),
    replacements: replacements.sort(order),
    risks: risks.sort(order),
    images: { added: to.images.filter((i) => !fromImages.has(i)), removed: from.images.filter((i) => !toImages.has(i)) },
    notes: notes.filter((n) => n.from === from.release && n.to === to.release),
  };
}
