import * as fs from 'fs';
import * as path from 'path';
import { z } from 'zod';
import { configurationDoc, DOC_FILE, platformConfigurationDoc, staleDefaultTags } from '../cli/config-reference/doc';
import { Describe, describeFromSources } from '../cli/config-reference/descriptions';
import { componentsSchema, platformConfigSchema, SIZINGS } from '../constructs/config/schema';
import { componentBase } from '../constructs/core/component-config';
import { knativeOptions } from '../constructs/knative/config';

const ROOT = path.join(__dirname, '..');

describe('docs/configuration.md', () => {
  // Reading the JSDoc compiles the config's sources once: slow on a loaded machine.
  let describeField: Describe;
  beforeAll(() => {
    describeField = describeFromSources(ROOT);
  }, 300_000);

  test('is what the config schema generates now (npm run docs:config rewrites it)', () => {
    expect(fs.readFileSync(path.join(ROOT, DOC_FILE), 'utf8')).toBe(platformConfigurationDoc(ROOT, describeField));
  });

  test('takes a field description from the JSDoc on the schema field', () => {
    expect(describeField(['components', 'knative', 'progressDeadline'])).toEqual({ text: 'How long a revision may take to become ready before Knative gives up.', defaultTag: '"600s"' });
    expect(describeField(['components', 'katib', 'database', 'host'])).toEqual({ text: 'Host name or address of the server.' });
  });

  test('no JSDoc @default says other than the schema (the schema owns each default)', () => {
    expect(staleDefaultTags(platformConfigSchema, describeField)).toEqual([]);
  });

  test('a JSDoc @default that disagrees with the schema is named', () => {
    const tagged: Describe = (names) => (names.join('.') === 'release' ? { text: 'Kubeflow release to install.', defaultTag: '"26.03"' } : describeField(names));
    expect(staleDefaultTags(platformConfigSchema, tagged)).toEqual(['release: @default "26.03", the schema\'s default "26.03.1"']);
  });

  test.each([
    ['a top-level default', z.strictObject({ ...platformConfigSchema.shape, sizing: z.enum(SIZINGS).default('large') }),
      '| `sizing` | string | `small`, `default`, `large` | `"default"` |', '| `sizing` | string | `small`, `default`, `large` | `"large"` |'],
    ['a component default', z.strictObject({
      ...platformConfigSchema.shape,
      components: componentsSchema.extend({ knative: z.strictObject({ ...componentBase, ...knativeOptions.shape, progressDeadline: z.string().default('20m') }).prefault({}) }).prefault({}),
    }), '| `components.knative.progressDeadline` | string |  | `"600s"` |', '| `components.knative.progressDeadline` | string |  | `"20m"` |'],
  ])('shows %s from the schema, not from the JSDoc', (_what, changed, before, after) => {
    const doc = configurationDoc(platformConfigSchema, describeField);
    expect(doc).toContain(before);
    expect(doc).not.toContain(after);
    const regenerated = configurationDoc(changed, describeField);
    expect(regenerated).toContain(after);
    expect(regenerated).not.toContain(before);
  });
});
