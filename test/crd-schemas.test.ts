import { RELEASES } from '../constructs/catalog';
import { parseConfig } from '../constructs/config/load';
import { EphemeralSecretStore } from '../constructs/core/secrets';
import { KubeflowPlatform } from '../constructs/platform/platform';
import { withoutCrdSchemas } from '../constructs/platform/test-helpers';

// The one snapshot of every CRD schema the platform ships, per release; component snapshots
// carry only each schema's hash (withoutCrdSchemas), so their diffs show the component.
type Crd = { kind: string; metadata: { name: string }; spec: { versions: { name: string; schema?: unknown }[] } };
const crds = (release: (typeof RELEASES)[number]) =>
  (new KubeflowPlatform(parseConfig({ release }), new EphemeralSecretStore()).manifests() as unknown as Crd[])
    .filter((m) => m.kind === 'CustomResourceDefinition');

test.each(RELEASES)('%s: CRD schemas', (release) => {
  const list = crds(release);
  expect(list.length).toBeGreaterThan(60);
  expect(Object.fromEntries(list.map((c) => [c.metadata.name, Object.fromEntries(c.spec.versions.map((v) => [v.name, v.schema]))]))).toMatchSnapshot();
});

test('a component snapshot names each schema by its hash, which changes with the schema', () => {
  const [crd] = crds('26.03.1');
  const [hashed] = withoutCrdSchemas([crd]);
  const changed = { ...crd, spec: { ...crd.spec, versions: crd.spec.versions.map((v) => ({ ...v, schema: { openAPIV3Schema: { type: 'object', description: 'changed' } } })) } };
  const [rehashed] = withoutCrdSchemas([changed]);
  expect(hashed.spec.versions[0].schema).toMatch(/^sha256:[0-9a-f]{16} \(test\/crd-schemas\.test\.ts\)$/);
  expect(rehashed.spec.versions[0].schema).not.toEqual(hashed.spec.versions[0].schema);
});
