import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// docs/api is generated from the TSDoc of the package's root exports (typedoc.json); it is
// committed so it can be read on GitHub, and this keeps it from drifting from the code.
const ROOT = path.resolve(__dirname, '..');

function tree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else files.set(path.relative(dir, p), fs.readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return files;
}

test('docs/api is what typedoc generates from the code (npm run docs:api regenerates it)', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'kfi-api-docs-'));
  try {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/typedoc/bin/typedoc'), '--out', out, '--logLevel', 'Warn'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr + r.stdout).toBe('');
    expect(r.status).toBe(0);
    const want = tree(out);
    const have = tree(path.join(ROOT, 'docs/api'));
    expect([...have.keys()].sort()).toEqual([...want.keys()].sort());
    const stale = [...want.keys()].filter((f) => have.get(f) !== want.get(f));
    expect(stale).toEqual([]);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});
