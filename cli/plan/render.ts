import { Plan, ObjectRef } from './plan';
import { FieldChange } from './diff';
import { refText } from '../../constructs/install';

const name = (o: ObjectRef) => refText(o);
const short = (v: unknown) => {
  if (v === undefined) return '(none)';
  const s = JSON.stringify(v);
  return s.length > 70 ? `${s.slice(0, 67)}...` : s;
};
const field = (f: FieldChange) => `${f.path}: ${short(f.from)} -> ${short(f.to)}`;

/** The plan as a person reads it: per component, then replacements, risks and notes. */
export function renderPlan(plan: Plan, maxFields = 4): string {
  const lines = [`Upgrade plan ${plan.from} -> ${plan.to}`];
  const components = [...new Set([...plan.added, ...plan.removed, ...plan.changed].map((o) => o.component))].sort();
  for (const c of components) {
    const add = plan.added.filter((o) => o.component === c);
    const rem = plan.removed.filter((o) => o.component === c);
    const chg = plan.changed.filter((o) => o.component === c);
    lines.push('', `${c}: ${add.length} added, ${rem.length} removed, ${chg.length} changed`);
    for (const o of add) lines.push(`  + ${name(o)}`);
    for (const o of rem) lines.push(`  - ${name(o)}`);
    const labelsOnly = chg.filter((o) => !o.images.length && o.fields.every((f) => f.path.startsWith('metadata.labels.') || f.path.startsWith('spec.template.metadata.labels.')));
    if (labelsOnly.length) lines.push(`  ~ ${labelsOnly.length} objects change only labels (${[...new Set(labelsOnly.flatMap((o) => o.fields.map((f) => f.path)))].join(', ')})`);
    for (const o of chg.filter((x) => !labelsOnly.includes(x))) {
      lines.push(`  ~ ${name(o)}`);
      for (const i of o.images) lines.push(`      image ${i.from} -> ${i.to}`);
      const rest = o.fields.filter((f) => !f.path.endsWith('.image'));
      for (const f of rest.slice(0, maxFields)) lines.push(`      ${field(f)}`);
      if (rest.length > maxFields) lines.push(`      ... ${rest.length - maxFields} more fields`);
    }
  }
  lines.push('', `Images: ${plan.images.added.length} new, ${plan.images.removed.length} no longer used`);
  for (const i of plan.images.added) lines.push(`  + ${i}`);
  for (const i of plan.images.removed) lines.push(`  - ${i}`);
  lines.push('', `Replacements (Kubernetes cannot change these in place): ${plan.replacements.length}`);
  for (const r of plan.replacements) lines.push(`  ! ${name(r)}: ${r.reasons.join('; ')}`);
  lines.push('', `Data-loss risks: ${plan.risks.length}`);
  for (const r of plan.risks) lines.push(`  !! ${name(r)}: ${r.risk}`);
  if (plan.notes.length) {
    lines.push('', 'Migration notes:');
    for (const n of plan.notes) lines.push(`  * ${n.component}: ${n.note}`);
  }
  return lines.join('\n');
}
