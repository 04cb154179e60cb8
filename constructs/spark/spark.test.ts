import { Testing } from 'cdk8s';
import { catalogFor, RELEASES } from '../catalog';
import { ConfigError } from '../config/errors';
import { parseConfig } from '../config/load';
import { PlatformConfigInput } from '../config/schema';
import { ImageResolver } from '../core/images';
import { structuralProblems, Schema } from '../core/schema';
import { KubeflowPlatform } from '../platform/platform';
import { SparkApplication } from './spark-application';
import { namespacesArg, SparkOperator, SparkOperatorProps } from './spark-operator';
import { find, Obj, withoutCrdSchemas } from '../platform/test-helpers';
import { EphemeralSecretStore } from '../core/secrets';


function synth(props: SparkOperatorProps = {}): Obj[] {
  const chart = Testing.chart();
  new SparkOperator(chart, 'spark', props);
  return Testing.synth(chart) as Obj[];
}
const args = (objs: Obj[], name: string): string[] => find(objs, 'Deployment', name).spec.template.spec.containers[0].args;
const tenant = (name: string) => ({ name, owner: `${name}@example.com` });

function platformObjs(input: PlatformConfigInput): Obj[] {
  return new KubeflowPlatform(parseConfig(input), new EphemeralSecretStore()).manifests().filter((m) => m.metadata.labels?.['kubeflow-iac.io/component'] === 'spark') as unknown as Obj[];
}

describe('SparkOperator', () => {
  test('watches every namespace by default, as upstream', () => {
    const objs = synth();
    for (const d of ['spark-operator-controller', 'spark-operator-webhook']) expect(args(objs, d)).toContain('--namespaces=""');
    expect(find(objs, 'MutatingWebhookConfiguration', 'spark-operator-webhook').webhooks.every((w: any) => w.namespaceSelector === undefined)).toBe(true);
  });

  test('a namespace list lands in both args and scopes the webhooks', () => {
    const objs = synth({ jobNamespaces: ['team-a', 'team-b'] });
    for (const d of ['spark-operator-controller', 'spark-operator-webhook']) expect(args(objs, d)).toContain('--namespaces=team-a,team-b');
    for (const kind of ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration']) {
      for (const w of find(objs, kind, 'spark-operator-webhook').webhooks) {
        expect(w.namespaceSelector).toEqual({ matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['team-a', 'team-b'] }] });
      }
    }
  });

  test('`tenants` watches the tenant namespaces of the profiles component', () => {
    const objs = platformObjs({ components: { spark: { jobNamespaces: 'tenants' }, profiles: { tenants: [tenant('alice'), tenant('bob')] } } });
    expect(args(objs, 'spark-operator-controller')).toContain('--namespaces=alice,bob');
  });

  test('`tenants` without tenants is a config error, not a silent watch-all', () => {
    expect(() => platformObjs({ components: { spark: { jobNamespaces: 'tenants' } } })).toThrow(
      new ConfigError(["components.spark.jobNamespaces: 'tenants' needs at least one tenant (components.profiles.tenants or a tenant file)"]),
    );
  });

  test('an empty or invalid namespace list is a config error', () => {
    expect(() => parseConfig({ components: { spark: { jobNamespaces: [] } } })).toThrow(
      new ConfigError(["components.spark.jobNamespaces: got []; list at least one namespace, or use 'all' or 'tenants'"]),
    );
    expect(() => parseConfig({ components: { spark: { jobNamespaces: ['Bad_NS'] } } })).toThrow(
      new ConfigError([
        'components.spark.jobNamespaces[0]: got "Bad_NS"; must be a DNS label: lower-case letters, digits and \'-\', starting and ending with a letter or digit, at most 63 characters',
      ]),
    );
  });

  test('namespacesArg', () => {
    expect(namespacesArg('all')).toEqual('--namespaces=""');
    expect(namespacesArg(['a'])).toEqual('--namespaces=a');
  });

  test.each([
    ['26.03', true],
    ['v1.11.0', false],
  ] as const)('release %s: SparkConnect webhooks and 2.5 flags present = %s', (release, present) => {
    const objs = synth({ images: new ImageResolver(catalogFor(release)) });
    const hooks = find(objs, 'ValidatingWebhookConfiguration', 'spark-operator-webhook').webhooks.map((w: any) => w.name);
    expect(hooks.includes('validate-sparkoperator-k8s-io-v1alpha1-sparkconnect.sparkoperator.k8s.io')).toBe(present);
    expect(args(objs, 'spark-operator-controller').includes('--feature-gates=PartialRestart=false,LoadSparkDefaults=false')).toBe(present);
  });

  test('the webhook makes its own certificate; nothing from cert-manager', () => {
    const objs = synth();
    expect(args(objs, 'spark-operator-webhook')).toEqual(expect.arrayContaining(['--webhook-secret-name=spark-operator-webhook-certs', '--webhook-secret-namespace=kubeflow']));
    expect(find(objs, 'Role', 'spark-operator-webhook').rules[1]).toEqual({ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'update'], resourceNames: ['spark-operator-webhook-certs'] });
    expect(objs.some((o) => o.apiVersion.startsWith('cert-manager.io') || o.kind === 'Secret')).toBe(false);
  });

  test('selectors are upstream\'s, versions only in metadata labels', () => {
    const objs = synth({ images: new ImageResolver(catalogFor('v1.11.0')) });
    const d = find(objs, 'Deployment', 'spark-operator-controller');
    expect(d.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/component': 'controller', 'app.kubernetes.io/instance': 'spark-operator', 'app.kubernetes.io/name': 'spark-operator' });
    expect(d.metadata.labels).toMatchObject({ 'app.kubernetes.io/version': '2.4.0', 'helm.sh/chart': 'spark-operator-2.4.0' });
  });

  test('CRDs keep upstream versions and printer columns, with structural schemas', () => {
    const crds = synth().filter((o) => o.kind === 'CustomResourceDefinition');
    expect(crds.map((c) => [c.metadata.name, c.spec.names.shortNames, c.spec.versions.map((v: any) => [v.name, v.storage])])).toEqual([
      ['sparkapplications.sparkoperator.k8s.io', ['sparkapp'], [['v1beta2', true]]],
      ['scheduledsparkapplications.sparkoperator.k8s.io', ['scheduledsparkapp'], [['v1beta2', true]]],
      ['sparkconnects.sparkoperator.k8s.io', ['sparkconn'], [['v1alpha1', true]]],
    ]);
    for (const c of crds) {
      expect(c.spec.versions[0].schema.openAPIV3Schema.required).toEqual(['metadata', 'spec']);
      expect(structuralProblems(c.spec.versions[0].schema.openAPIV3Schema as Schema)).toEqual([]);
    }
  });

  // The sparkConnect feature: webhooks for SparkConnect objects and the controller flags that came with them.
  test.each([['v1.11.0', false], ['26.03', true], ['26.03.1', true]] as const)('release %s: SparkConnect webhooks and flags: %s', (release, expected) => {
    const objs = synth({ images: new ImageResolver(catalogFor(release)) });
    const paths = objs.filter((o) => o.kind.endsWith('WebhookConfiguration')).flatMap((o) => o.webhooks.map((w: any) => w.clientConfig.service.path));
    expect(paths.some((p: string) => p.endsWith('-sparkconnect'))).toBe(expected);
    const args: string[] = find(objs, 'Deployment', 'spark-operator-controller').spec.template.spec.containers[0].args;
    expect(args.includes('--scheduled-spark-application-timestamp-precision=nanos')).toBe(expected);
  });

  test.each(RELEASES)('release %s matches its snapshot', (release) => {
    expect(withoutCrdSchemas(synth({ images: new ImageResolver(catalogFor(release)) }))).toMatchSnapshot();
  });
});

describe('SparkApplication', () => {
  test('renders the common fields', () => {
    const chart = Testing.chart();
    new SparkApplication(chart, 'pi', {
      name: 'spark-pi',
      namespace: 'team-a',
      type: 'Scala',
      image: 'registry.example.com/spark:3.5.5',
      mainClass: 'org.apache.spark.examples.SparkPi',
      mainApplicationFile: 'local:///opt/spark/examples/jars/spark-examples.jar',
      sparkVersion: '3.5.5',
      driver: { serviceAccount: 'default-editor', memory: '512m' },
      executor: { instances: 2 },
    });
    expect(Testing.synth(chart)[0].spec).toEqual({
      type: 'Scala',
      mode: 'cluster',
      image: 'registry.example.com/spark:3.5.5',
      mainApplicationFile: 'local:///opt/spark/examples/jars/spark-examples.jar',
      mainClass: 'org.apache.spark.examples.SparkPi',
      sparkVersion: '3.5.5',
      restartPolicy: { type: 'Never' },
      driver: { cores: 1, memory: '512m', serviceAccount: 'default-editor' },
      executor: { cores: 1, instances: 2 },
    });
  });

  test('a JVM application needs a main class', () => {
    const chart = Testing.chart();
    expect(() => new SparkApplication(chart, 'x', { name: 'x', namespace: 'n', type: 'Java', image: 'i', mainApplicationFile: 'f', sparkVersion: '3.5.5', driver: { serviceAccount: 's' } })).toThrow(
      'SparkApplication x: a Java application needs mainClass',
    );
  });
});
