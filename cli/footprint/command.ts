import { KubeflowPlatform } from '../../constructs/platform/platform';
import type { Command } from '../commands';
import { configOption, loadWithTenants, openSecrets, profilesOption, secretsOption } from '../options';
import { footprintReport, footprintTable } from './report';

/**
 * `footprint`: per component, the pods, requests, limits and volumes of the output, from
 * the output itself. Read only, as `images`: nothing is written, generated secrets are
 * thrown away.
 */
export const footprintCommand: Command = {
  summary: 'print per component the pods, CPU and memory requests and limits (sidecars included) and volume claims, with totals',
  usage: 'kubeflow-iac footprint [--config FILE] [--profiles DIR] [--secrets FILE] [--json]',
  options: {
    config: configOption,
    profiles: profilesOption,
    secrets: secretsOption,
    json: { type: 'boolean', help: 'print {release, platform, sizing, units, sidecar, externalIstio, components, total, notCounted} as JSON (cpu in millicores, memory and pvc in bytes; see docs/footprint.md)' },
  },
  run(opts, out, err) {
    const platform = new KubeflowPlatform(loadWithTenants(opts), openSecrets(opts, err).store);
    const report = footprintReport(platform);
    if (opts.json) out(JSON.stringify(report, null, 2));
    else footprintTable(report).forEach((l) => out(l));
    return 0;
  },
};
