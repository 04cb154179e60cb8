import Ajv, { ValidateFunction } from 'ajv';
import { structuralProblems, Schema } from '../constructs/core/schema';
import { groupOf } from '../constructs/install';
import { Manifest } from '../constructs/platform/parts';
import { id, manifestsFor, RELEASES } from './helpers';
import k8s from './k8s-schema/v1.33-strict.json';

// Strict schemas: additionalProperties false everywhere, so an unknown or misspelled
// field fails. Formats (int32, int-or-string, ...) are Kubernetes' own; types are checked.
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema({ $id: 'k8s', $defs: k8s.$defs });
const validators = new Map<string, ValidateFunction>();

function validatorFor(m: Manifest): ValidateFunction | undefined {
  const key = `${m.apiVersion}/${m.kind}`;
  const def = (k8s.kinds as Record<string, string>)[key];
  if (!def) return undefined;
  let v = validators.get(key);
  if (!v) {
    v = ajv.compile({ $ref: `k8s#/$defs/${def}` });
    validators.set(key, v);
  }
  return v;
}

const BUILTIN = new Set(Object.keys(k8s.kinds).map((k) => k.split('/').slice(0, -1).join('/')));

describe.each(RELEASES)('release %s', (release) => {
  const manifests = manifestsFor({ release });

  test('every built-in object validates against the Kubernetes 1.33 schema, unknown fields rejected', () => {
    const errors: string[] = [];
    for (const m of manifests) {
      if (!BUILTIN.has(m.apiVersion)) continue;
      const validate = validatorFor(m);
      if (!validate) {
        errors.push(`${id(m)}: ${m.apiVersion} ${m.kind} is not a known Kubernetes kind`);
      } else if (!validate(m)) {
        errors.push(...(validate.errors ?? []).map((e) => `${id(m)}: ${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`));
      }
    }
    expect(errors).toEqual([]);
  });

  test('every CRD schema is structural', () => {
    const crds = manifests.filter((m) => m.kind === 'CustomResourceDefinition');
    expect(crds.length).toBeGreaterThan(0);
    const problems = crds.flatMap((c) =>
      (c.spec as { versions: { name: string; schema: { openAPIV3Schema: Schema } }[] }).versions.flatMap((v) =>
        structuralProblems(v.schema.openAPIV3Schema).map((p) => `${c.metadata.name} ${v.name}: ${p}`),
      ),
    );
    expect(problems).toEqual([]);
  });

  test('every custom resource has its CRD in the output or belongs to a component the cluster provides', () => {
    const groups = new Set(manifests.filter((m) => m.kind === 'CustomResourceDefinition').map((m) => (m.spec as { group: string }).group));
    const orphans = manifests.filter((m) => !BUILTIN.has(m.apiVersion) && !groups.has(groupOf(m.apiVersion))).map(id);
    expect(orphans).toEqual([]);
  });
});

describe('the validator itself', () => {
  test('rejects a misspelled field', () => {
    const m = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, dta: {} } as unknown as Manifest;
    const validate = validatorFor(m)!;
    expect(validate(m)).toBe(false);
    expect(validate.errors?.[0]?.message).toBe('must NOT have additional properties');
  });

  test('reports a non-structural schema', () => {
    expect(structuralProblems({ type: 'object', properties: { a: { properties: {} } } })).toEqual(['.a: no type']);
  });
});
