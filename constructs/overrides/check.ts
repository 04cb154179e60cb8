import { Locator } from '../config/locate';
import { Path, pathText } from '../config/issues';
import { COMPONENT_KEYS, PlatformConfig } from '../config/schema';
import { quantityValue } from '../core/quantity';
import { Manifest } from '../platform/parts';
import { componentKeyOf } from './apply';
import { closest, objectName, selectionProblem, selects } from './names';
import { containersOf, isWorkload, podTemplate } from './pods';
import { ComponentOverride } from './schema';

type Problem = { path: Path; text: string };

// Checks of one override against the workloads it reached, after it was applied.
function fieldProblems(o: ComponentOverride, at: Path, reached: readonly Manifest[], whose: string): Problem[] {
  const problems: Problem[] = [];
  const names = [...new Set(reached.flatMap((m) => containersOf(podTemplate(m)).map((c) => c.name)))];
  for (const [container, r] of Object.entries(o.resources ?? {})) {
    const path = [...at, 'resources', container];
    if (!names.includes(container)) {
      const hint = !reached.length ? 'there are none: remove the override' : reached.length === 1 ? `its containers: ${names.join(', ')}` : `did you mean ${closest(container, names).join(', ')}?`;
      problems.push({ path, text: `${pathText(path)}: ${whose} ${reached.length === 1 ? 'has' : 'have'} no container ${container}; ${hint}` });
      continue;
    }
    // The API server refuses a request above its limit; say so before anything is applied.
    for (const m of reached) {
      for (const c of containersOf(podTemplate(m)).filter((x) => x.name === container)) {
        for (const res of Object.keys({ ...r.requests, ...r.limits })) {
          const req = c.resources?.requests?.[res];
          const lim = c.resources?.limits?.[res];
          if (req === undefined || lim === undefined || quantityValue(req)! <= quantityValue(lim)!) continue;
          problems.push({ path, text: `${pathText(path)}: ${res} request ${req} is above the limit ${lim} of container ${container} in ${objectName(m)}; raise limits.${res} or lower requests.${res}` });
        }
      }
    }
  }
  for (const [label, value] of Object.entries(o.podLabels ?? {})) {
    for (const m of reached) {
      const selector = (m.spec as { selector?: { matchLabels?: Record<string, string> } } | undefined)?.selector?.matchLabels;
      if (selector?.[label] === undefined || selector[label] === value) continue;
      const path = [...at, 'podLabels', label];
      problems.push({ path, text: `${pathText(path)}: ${JSON.stringify(value)} would change the selector label ${label} (${JSON.stringify(selector[label])}) of ${objectName(m)}, and a selector cannot change in place; pick another key` });
    }
  }
  return problems;
}

/**
 * Checks the overrides against the platform they were applied to: every component override
 * is for an installed component and names containers it has, every workload override selects
 * exactly one workload. Returns problem lines, located in the config file when it has one.
 */
export function checkOverrides(byChart: ReadonlyMap<string, readonly Manifest[]>, config: PlatformConfig, locate: Locator): string[] {
  const problems: Problem[] = [];
  const workloads = [...byChart.values()].flat().filter(isWorkload);
  for (const key of COMPONENT_KEYS) {
    const o = config.overrides?.components?.[key];
    if (!o) continue;
    const at: Path = ['overrides', 'components', key];
    const c = config.components[key];
    if (!c.enabled || c.external) {
      problems.push({ path: at, text: `${pathText(at)}: ${key} is not installed by this config (release ${config.release}, ${c.external ? 'external: true' : 'enabled: false'}), so nothing would be overridden; remove the override, or install ${key}` });
      continue;
    }
    const reached = [...byChart].filter(([chart]) => componentKeyOf(chart) === key).flatMap(([, ms]) => ms.filter(isWorkload));
    problems.push(...fieldProblems(o, at, reached, `the workloads of ${key}`));
  }
  (config.overrides?.workloads ?? []).forEach((w, i) => {
    const at: Path = ['overrides', 'workloads', i];
    const why = selectionProblem(w, workloads, config.release);
    if (why) problems.push({ path: at, text: `${pathText(at)}: ${why}` });
    else {
      const m = workloads.find((x) => selects(w, x))!;
      problems.push(...fieldProblems(w, at, [m], objectName(m)));
    }
  });
  return problems.map((p) => `${locate(p.path)}${p.text}`);
}
