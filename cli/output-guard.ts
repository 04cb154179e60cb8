import * as fs from 'fs';
import * as path from 'path';
import * as tar from 'tar';
import { errnoText, OUTPUT_MARKER, OutputError } from '../constructs/platform/output';

/**
 * Whether `file` is a bundle archive kubeflow-iac wrote: a gzip tar whose entries all sit in
 * one top folder that holds the output marker. Anything else is the user's.
 */
function isOurArchive(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  const magic = Buffer.alloc(2);
  try {
    if (fs.readSync(fd, magic, 0, 2, 0) !== 2 || magic[0] !== 0x1f || magic[1] !== 0x8b) return false;
  } finally {
    fs.closeSync(fd);
  }
  const entries: string[] = [];
  try {
    tar.list({ file, sync: true, strict: true, onReadEntry: (e) => void entries.push(e.path) });
  } catch {
    return false;
  }
  const tops = new Set(entries.map((e) => e.split('/')[0]));
  if (tops.size !== 1 || entries.some((e) => !e.includes('/'))) return false;
  return entries.includes(`${[...tops][0]}/${OUTPUT_MARKER}`);
}

/** Throws OutputError unless the archive `file` is absent or one kubeflow-iac wrote. */
export function checkArchive(file: string): void {
  const refuse = (why: string) => new OutputError(`refusing to replace ${file}: ${why}`);
  let st: fs.Stats | undefined;
  try {
    st = fs.lstatSync(file, { throwIfNoEntry: false });
    if (!st) return;
    if (st.isSymbolicLink()) throw refuse('it is a symbolic link; move it away or choose another --out');
    if (!st.isFile()) throw refuse('it is not a file; move it away or choose another --out');
    if (!isOurArchive(file)) throw refuse(`it is not a bundle archive kubeflow-iac wrote (a .tar.gz whose top folder holds ${OUTPUT_MARKER}); move it away or choose another --out`);
  } catch (e) {
    const why = errnoText(e);
    if (why) throw new OutputError(`cannot read ${file}: ${why}`);
    throw e;
  }
}

/** Writes `file` through `write(tmp)` into a new folder beside it, readable by its owner only (0600), then swaps it in. */
export function writePrivate(file: string, write: (tmp: string) => void): void {
  let folder: string | undefined;
  try {
    folder = fs.mkdtempSync(path.join(path.dirname(file), `.${path.basename(file)}-new-`));
    const tmp = path.join(folder, path.basename(file));
    // Created 0600 before any byte is written, so the archive is never readable by others.
    fs.writeFileSync(tmp, '', { mode: 0o600 });
    write(tmp);
    fs.chmodSync(tmp, 0o600);
    fs.renameSync(tmp, file);
  } catch (e) {
    const why = errnoText(e);
    if (why) throw new OutputError(`cannot write ${file}: ${why}`);
    throw e;
  } finally {
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  }
}
