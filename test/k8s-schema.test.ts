import Ajv, { ValidateFunction } from 'ajv';
import { catalogFor, StackKubernetesVersion } from '../constructs/catalog';
import { structuralProblems, Schema } from '../constructs/core/schema';
import { groupOf } from '../constructs/install';
import { Manifest } from '../constructs/platform/parts';
import { id, manifestsFor, RELEASES } from './helpers';
import k8s133 from './k8s-schema/v1.33-strict.json';
import k8s134 from './k8s-schema/v1.34-strict.json';

// One schema per Kubernetes version the stacks make (test/k8s-schema/generate.py): each release's
// output is checked against the version its stacks make, so 26.03 stays valid on 1.33.
interface K8sSchemas {
  readonly kubernetes: string;
  readonly kinds: Readonly<Record<string, string>>;
  readonly $defs: Readonly<Record<string, unknown>>;
}
const SCHEMAS: Record<StackKubernetesVersion, K8sSchemas> = { '1.33': k8s133, '1.34': k8s134 };

// Strict schemas: additionalProperties false everywhere, so an unknown or misspelled
// field fails. Formats (int32, int-or-string, ...) are Kubernetes' own; types are checked.
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
for (const [version, k8s] of Object.entries(SCHEMAS)) ajv.addSchema({ $id: `k8s-${version}`, $defs: k8s.$defs });
const validators = new Map<string, ValidateFunction>();

function validatorFor(m: Manifest, version: StackKubernetesVersion): ValidateFunction | undefined {
  const key = `${m.apiVersion}/${m.kind}`;
  const def = SCHEMAS[version].kinds[key];
  if (!def) return undefined;
  let v = validators.get(`${version}/${key}`);
  if (!v) {
    v = ajv.compile({ $ref: `k8s-${version}#/$defs/${def}` });
    validators.set(`${version}/${key}`, v);
  }
  return v;
}

const builtin = (version: StackKubernetesVersion) => new Set(Object.keys(SCHEMAS[version].kinds).map((k) => k.split('/').slice(0, -1).join('/')));

test('the schema files are of the versions they are named for', () => {
  expect(Object.entries(SCHEMAS).map(([v, k8s]) => [v, k8s.kubernetes])).toEqual([['1.33', 'v1.33.0-local-strict'], ['1.34', 'v1.34.0-local-strict']]);
});

describe.each(RELEASES)('release %s', (release) => {
  const manifests = manifestsFor({ release });
  const version = catalogFor(release).kubernetes.stackDefault;
  const BUILTIN = builtin(version);

  test(`every built-in object validates against the Kubernetes ${version} schema, unknown fields rejected`, () => {
    const errors: string[] = [];
    for (const m of manifests) {
      if (!BUILTIN.has(m.apiVersion)) continue;
      const validate = validatorFor(m, version);
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
    const validate = validatorFor(m, '1.34')!;
    expect(validate(m)).toBe(false);
    expect(validate.errors?.[0]?.message).toBe('must NOT have additional properties');
  });

  test('reports a non-structural schema', () => {
    expect(structuralProblems({ type: 'object', properties: { a: { properties: {} } } })).toEqual(['.a: no type']);
  });
});
