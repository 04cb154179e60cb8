import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { Manifest } from './parts';
import { fileOf, Wave } from './platform';

/** YAML of a list of manifests, as one multi-document stream. */
export function toYaml(manifests: readonly Manifest[]): string {
  return manifests.map((m) => stringify(m, { lineWidth: 0, aliasDuplicateObjects: false })).join('---\n');
}

/** Output files by path relative to the output folder. */
export function renderWaves(waves: readonly Wave[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const w of waves) {
    for (const p of w.parts) files.set(path.posix.join(w.name, fileOf(p)), toYaml(p.manifests));
  }
  return files;
}

/**
 * Writes files into `dir` all at once: into a temporary folder beside it first, then
 * swapped in, so a failure leaves an existing folder as it was.
 */
export function writeTree(dir: string, files: ReadonlyMap<string, string>): void {
  const target = path.resolve(dir);
  const parent = path.dirname(target);
  fs.mkdirSync(parent, { recursive: true });
  const staging = fs.mkdtempSync(path.join(parent, `.${path.basename(target)}-new-`));
  try {
    for (const [rel, text] of files) {
      const file = path.join(staging, rel);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
      if (rel.endsWith('.sh')) fs.chmodSync(file, 0o755);
    }
    const old = fs.existsSync(target) ? `${staging}-old` : undefined;
    if (old) fs.renameSync(target, old);
    fs.renameSync(staging, target);
    if (old) fs.rmSync(old, { recursive: true, force: true });
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
}
