import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../cli/main';
import { renderWaves } from '../constructs/platform/output';
import { platformFor, readTree, RELEASES } from './helpers';


describe('synthesis is deterministic', () => {
  test.each(RELEASES)('two platforms of release %s render the same bytes', (release) => {
    const a = renderWaves(platformFor({ release }).waves());
    const b = renderWaves(platformFor({ release }).waves());
    expect([...a.keys()]).toEqual([...b.keys()]);
    expect(Object.fromEntries(a)).toEqual(Object.fromEntries(b));
  });

  test('two CLI synths write identical trees', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kfiac-'));
    const secrets = path.join(tmp, 'secrets.yaml');
    const quiet = () => undefined;
    for (const out of ['a', 'b']) {
      const args = ['synth', '--out', path.join(tmp, out)];
      if (fs.existsSync(path.join(__dirname, '..', 'cli', 'secrets.ts'))) args.push('--secrets', secrets);
      expect(main(args, quiet, quiet)).toBe(0);
    }
    expect(readTree(path.join(tmp, 'b'))).toEqual(readTree(path.join(tmp, 'a')));
    fs.rmSync(tmp, { recursive: true, force: true });
  });
});
