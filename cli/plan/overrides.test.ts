import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { COMPONENT_KEYS } from '../../constructs/config/schema';
import { main } from '../main';
import { Plan } from './plan';

// plan synthesizes both releases with the config, so overrides and patches are in what it compares.
describe('plan with overrides', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-overrides-'));
    fs.mkdirSync(path.join(dir, 'profiles'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  // The gateway, its auth and what they need; the rest off, for speed.
  const lean = `components:\n${COMPONENT_KEYS.filter((k) => !['istio', 'auth', 'certManager'].includes(k)).map((k) => `  ${k}: { enabled: false }\n`).join('')}`;
  let files = 0;
  function plan(extra: string): { code: number; out: string; err: string; file: string } {
    const file = path.join(dir, `config-${++files}.yaml`);
    fs.writeFileSync(file, extra + lean);
    const out: string[] = [];
    const err: string[] = [];
    const code = main(['plan', '--from', '26.03', '--to', '26.03.1', '--config', file, '--profiles', path.join(dir, 'profiles'), '--secrets', path.join(dir, 'secrets.yaml'), '--json'], (l) => out.push(l), (l) => err.push(l));
    return { code, out: out.join('\n'), err: err.join('\n'), file };
  }
  const dexReplicas = (p: Plan) => p.changed.find((c) => c.kind === 'Deployment' && c.name === 'dex')?.fields.filter((f) => f.path === 'spec.replicas');

  test('26.03.1 runs two dex replicas; an override holding them at two takes that change out of the plan', () => {
    const before = plan('');
    expect(dexReplicas(JSON.parse(before.out))).toEqual([{ path: 'spec.replicas', from: 1, to: 2 }]);
    const held = plan('overrides:\n  workloads:\n    - { kind: Deployment, name: dex, namespace: auth, replicas: 2 }\n');
    expect(dexReplicas(JSON.parse(held.out)) ?? []).toEqual([]);
  });

  test('a patch whose target one of the releases lacks fails the plan, naming that release', () => {
    const r = plan('patches:\n  - target: { kind: Deployment, name: dexx, namespace: auth }\n    type: merge\n    patch: { spec: { replicas: 2 } }\n');
    expect(r.code).toBe(1);
    expect(r.err.split('\n')).toEqual(['kubeflow-iac plan: invalid config, nothing written:', `  ${r.file}:2: patches[0].target: no Deployment auth/dexx in the platform's 26.03 output; did you mean Deployment auth/dex?`]);
  });
});
