import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readTree } from './helpers';

const root = path.join(__dirname, '..');

// `npm test` compiles into lib/ first; both commands run that build, as users do.
test('cdk8s synth (through cdk8s.yaml) and kubeflow-iac synth write the same files', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kfiac-cdk8s-'));
  const env = { ...process.env, KUBEFLOW_IAC_SECRETS: path.join(tmp, 'secrets.yaml') };
  const cli = spawnSync(process.execPath, ['lib/cli/main.js', 'synth', '--out', path.join(tmp, 'cli'), '--secrets', env.KUBEFLOW_IAC_SECRETS], { cwd: root, env, encoding: 'utf8' });
  expect(cli.stderr).toBe('');
  expect(cli.status).toBe(0);
  const cdk8s = spawnSync(process.execPath, [path.join(root, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s'), 'synth', '--no-check-upgrade', '--output', path.join(tmp, 'cdk8s')], { cwd: root, env, encoding: 'utf8' });
  expect(cdk8s.status).toBe(0);
  const a = readTree(path.join(tmp, 'cli'));
  expect(Object.keys(a).length).toBeGreaterThan(5);
  expect(readTree(path.join(tmp, 'cdk8s'))).toEqual(a);
  fs.rmSync(tmp, { recursive: true, force: true });
});
