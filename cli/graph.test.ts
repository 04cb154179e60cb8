import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../test/cli-run';
import { graphCommand } from './graph';
import { main } from './main';

describe('graph command', () => {
  let stderr: jest.SpyInstance;
  beforeEach(() => {
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => stderr.mockRestore());

  test('rejects a stack name that is not a name', () => {
    const err: string[] = [];
    expect(main(['graph', '--stack', '../etc'], () => undefined, (l) => err.push(l))).toBe(2);
    expect(err).toEqual([`kubeflow-iac graph: --stack: got "../etc"; expected a stack name such as kind, eks, gke, existing\nrun 'kubeflow-iac help graph' for its options`]);
  });

  test('names the stack whose config file is missing', () => {
    expect(graphCommand.run({ stack: 'nope' }, () => undefined)).toBe(1);
    expect(String(stderr.mock.calls[0][0])).toMatch(/^kubeflow-iac graph: cannot read the config of stack 'nope': ENOENT/);
  });

  test('--config replaces the platform keys of the stack config', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kfiac-graph-'));
    fs.writeFileSync(path.join(tmp, 'no-spark.yaml'), 'components:\n  spark: { enabled: false }\n');
    const names = (args: string[]) => {
      const r = runCli(['graph', ...args], tmp);
      expect(r.err).toBe('');
      return (JSON.parse(r.out) as { name: string }[]).map((e) => e.name);
    };
    expect(names([]).filter((n) => /spark/i.test(n)).length).toBeGreaterThan(0);
    expect(names(['--config', 'no-spark.yaml']).filter((n) => /spark/i.test(n))).toEqual([]);
    fs.rmSync(tmp, { recursive: true, force: true });
  });
});
