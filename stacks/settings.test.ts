import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigError } from '../constructs/config/errors';
import { RELEASES } from '../constructs/catalog';
import { KIND_NODE_IMAGES } from './cluster-version';
import { checkStackConfig, parseClusterSettings, StackInputs } from './settings';

function problemsOf(f: () => unknown): readonly string[] {
  try {
    f();
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error('no error');
}

const C = 'kubeflow-iac:cluster: ';
const EKS_KEYS = 'name, version, vpc, existingVpc, adminPrincipalArns, nodes, gpuNodes, database, tenantNamespaces, existing';

describe('cluster settings', () => {
  test('generic platforms use an existing cluster', () => {
    expect(parseClusterSettings('generic', { context: 'c' })).toEqual({ layer: 'existing', settings: { context: 'c', adopt: false, skipVersionCheck: false } });
  });

  test('kind defaults pin the node image of the default release and publish 8080 and 8443', () => {
    expect(parseClusterSettings('kind', undefined)).toEqual({ layer: 'kind', settings: { name: 'kubeflow', nodeImage: 'kindest/node:v1.34.0', workers: 0, httpPort: 8080, httpsPort: 8443 } });
  });

  test('one pinned kind node image per Kubernetes version the stacks make', () => {
    expect(KIND_NODE_IMAGES).toEqual({ '1.33': 'kindest/node:v1.33.1', '1.34': 'kindest/node:v1.34.0' });
  });

  test('`existing` on a cloud platform uses that cluster instead of making one', () => {
    expect(parseClusterSettings('eks', { existing: { kubeconfig: '/k' } })).toEqual({ layer: 'existing', settings: { kubeconfig: '/k', adopt: false, skipVersionCheck: false } });
  });

  test('EKS defaults: 3 AZs, a CPU node group, no GPU and no database', () => {
    const c = parseClusterSettings('eks', {});
    expect(c.layer).toBe('eks');
    if (c.layer !== 'eks') return;
    expect(c.settings.vpc).toEqual({ cidr: '10.0.0.0/16', availabilityZones: 3 });
    expect(c.settings.nodes).toEqual({ min: 2, desired: 3, max: 6, diskSize: 100, instanceType: 'm6i.xlarge' });
    expect(c.settings.gpuNodes).toBeUndefined();
    expect(c.settings.database).toBeUndefined();
  });

  test('errors name the key, the value and the rule, every one at once', () => {
    expect(problemsOf(() => parseClusterSettings('eks', { vpc: { availabilityZones: 4 }, colour: 'red' }))).toEqual([
      `${C}vpc.availabilityZones: got 4; must be at most 3`,
      `${C}colour: unknown key for platform eks; allowed keys here: ${EKS_KEYS}`,
    ]);
  });

  // The Kubernetes a new cluster gets follows the platform config's release.
  test.each([
    ['v1.11.0', 'kind', 'nodeImage', 'kindest/node:v1.33.1'],
    ['v1.11.0', 'eks', 'version', '1.33'],
    ['v1.11.0', 'gke', 'version', '1.33'],
    ['26.03', 'kind', 'nodeImage', 'kindest/node:v1.33.1'],
    ['26.03', 'eks', 'version', '1.33'],
    ['26.03', 'gke', 'version', '1.33'],
    ['26.03.1', 'kind', 'nodeImage', 'kindest/node:v1.34.0'],
    ['26.03.1', 'eks', 'version', '1.34'],
    ['26.03.1', 'gke', 'version', '1.34'],
  ] as const)('release %s on %s: %s defaults to %s', (release, platform, field, value) => {
    const c = parseClusterSettings(platform, {}, release);
    expect(c.layer).toBe(platform);
    expect((c.settings as Record<string, unknown>)[field]).toBe(value);
  });

  // A version (or a node image tagged vX.Y.Z) older than the release needs, with its fix.
  const NEEDS_34 = 'older than release 26.03.1 needs (Kubernetes 1.34 or newer: Knative Serving 1.22 stops on older API servers)';
  const NEEDS_33 = 'older than release 26.03 needs (Kubernetes 1.33 or newer: Knative Serving 1.21 stops on older API servers)';
  const NEEDS_28 = 'older than release v1.11.0 needs (Kubernetes 1.28 or newer: Knative Serving 1.16 stops on older API servers)';
  test.each([
    ['26.03.1', 'eks', { version: '1.33' }, `version: got "1.33"; is ${NEEDS_34}; set it to "1.34" or newer, or choose release 26.03`],
    ['26.03.1', 'eks', { version: '1.30' }, `version: got "1.30"; is ${NEEDS_34}; set it to "1.34" or newer, or choose release v1.11.0`],
    ['26.03', 'eks', { version: '1.32' }, `version: got "1.32"; is ${NEEDS_33}; set it to "1.33" or newer, or choose release v1.11.0`],
    ['v1.11.0', 'eks', { version: '1.27' }, `version: got "1.27"; is ${NEEDS_28}; set it to "1.28" or newer`],
    ['26.03.1', 'gke', { version: '1.33' }, `version: got "1.33"; is ${NEEDS_34}; set it to "1.34" or newer, or choose release 26.03`],
    ['26.03.1', 'gke', { version: '1.33.5-gke.1080000' }, `version: got "1.33.5-gke.1080000"; is ${NEEDS_34}; set it to "1.34" or newer, or choose release 26.03`],
    ['26.03.1', 'kind', { nodeImage: 'kindest/node:v1.33.1' }, `nodeImage: got "kindest/node:v1.33.1"; is Kubernetes 1.33, ${NEEDS_34}; use a node image of Kubernetes 1.34 or newer (leave nodeImage out for kindest/node:v1.34.0), or choose release 26.03`],
    ['26.03', 'kind', { nodeImage: `mirror.local:5000/kindest/node:v1.32.2@sha256:${'a'.repeat(64)}` }, `nodeImage: got "mirror.local:5000/kindest/node:v1.32.2@sha256:aaaaaaaaaa...; is Kubernetes 1.32, ${NEEDS_33}; use a node image of Kubernetes 1.33 or newer (leave nodeImage out for kindest/node:v1.33.1), or choose release v1.11.0`],
  ] as const)('release %s on %s: %j is too old', (release, platform, input, message) => {
    expect(problemsOf(() => parseClusterSettings(platform, input, release))).toEqual([`${C}${message}`]);
  });

  test.each([
    ['26.03.1', 'eks', { version: '1.34' }], ['26.03.1', 'eks', { version: '1.35' }], ['26.03', 'eks', { version: '1.33' }],
    ['26.03.1', 'gke', { version: '1.34.1-gke.1200' }], ['26.03.1', 'gke', { version: 'latest' }],
    ['26.03.1', 'kind', { nodeImage: 'kindest/node:v1.35.0' }], ['26.03', 'kind', { nodeImage: 'kindest/node:v1.33.1' }],
    // No vX.Y.Z tag: the version is not known here (install.sh checks the server).
    ['26.03.1', 'kind', { nodeImage: 'kindest/node:latest' }], ['26.03.1', 'kind', { nodeImage: `kindest/node@sha256:${'b'.repeat(64)}` }],
    // An existing cluster is checked by install.sh, not here.
    ['26.03.1', 'eks', { version: '1.33', existing: { context: 'c' } }],
  ] as const)('release %s on %s: %j is accepted', (release, platform, input) => {
    expect(() => parseClusterSettings(platform, input, release)).not.toThrow();
  });

  test('a release the platform config does not know: the default release\'s defaults, no version check', () => {
    expect(parseClusterSettings('eks', { version: '1.20' }, null).settings).toMatchObject({ version: '1.20' });
    expect(parseClusterSettings('eks', {}, null).settings).toMatchObject({ version: '1.34' });
  });

  test.each(RELEASES)('release %s: every default is accepted on every platform', (release) => {
    for (const platform of ['kind', 'eks', 'gke'] as const) expect(parseClusterSettings(platform, {}, release).layer).toBe(platform);
  });

  // One table of bad `kubeflow-iac:cluster` values, per platform, and their exact messages.
  test.each([
    ['generic', { name: 'kf' }, [`${C}name: unknown key for platform generic; allowed keys here: kubeconfig, context, adopt, skipVersionCheck`]],
    ['generic', { adopt: 'yes' }, [`${C}adopt: got "yes"; expected boolean`]],
    ['kind', { name: 'Kubeflow' }, [`${C}name: got "Kubeflow"; expected 1-24 lower-case letters, digits and dashes, starting with a letter`]],
    ['kind', { workers: -1 }, [`${C}workers: got -1; must be at least 0`]],
    ['kind', { workers: 1.5 }, [`${C}workers: got 1.5; expected a whole number`]],
    ['kind', { httpPort: '8080' }, [`${C}httpPort: got "8080"; expected number`]],
    ['kind', { httpsPort: 70000 }, [`${C}httpsPort: got 70000; must be at most 65535`]],
    ['kind', { existing: { kubeconfig: '/k', namespace: 'x' } }, [`${C}existing.namespace: unknown key for platform kind; allowed keys here: kubeconfig, context, adopt, skipVersionCheck`]],
    ['eks', { nodes: { min: 3, desired: 2, max: 4 } }, [`${C}nodes.desired: got 2; is below min (min 3, desired 2, max 4); a pool needs min <= desired <= max: set desired from 3 to 4`]],
    ['eks', { nodes: { min: 1, desired: 7, max: 6 } }, [`${C}nodes.desired: got 7; is above max (min 1, desired 7, max 6); a pool needs min <= desired <= max: set desired from 1 to 6`]],
    ['eks', { nodes: { min: 5, max: 4 } }, [`${C}nodes.max: got 4; is below min (min 5, desired 2, max 4); a pool needs min <= desired <= max: raise max or lower min`]],
    ['eks', { nodes: { instanceTyp: 'm6i.large' } }, [`${C}nodes.instanceTyp: unknown key for platform eks; allowed keys here: min, desired, max, diskSize, instanceType`]],
    ['eks', { nodes: { diskSize: 10 } }, [`${C}nodes.diskSize: got 10; must be at least 20`]],
    ['eks', { vpc: { cidr: '10.0.0.0/8' } }, [`${C}vpc.cidr: got "10.0.0.0/8"; expected an IPv4 CIDR from /16 to /22`]],
    ['eks', { existingVpc: { vpcId: 'v', publicSubnetIds: ['a'], privateSubnetIds: ['b', 'c'] } }, [`${C}existingVpc.publicSubnetIds: got ["a"]; must have at least 2 items`]],
    ['eks', { adminPrincipalArns: ['platform-admins'] }, [`${C}adminPrincipalArns[0]: got "platform-admins"; expected an IAM user or role ARN, arn:aws:iam::ACCOUNT:role/NAME`]],
    ['eks', { version: '1.34.1' }, [`${C}version: got "1.34.1"; expected a Kubernetes minor version such as "1.34" (EKS takes no patch version)`]],
    ['eks', { version: 1.34 }, [`${C}version: got 1.34; expected string`]],
    ['gke', { version: '' }, [`${C}version: got ""; must not be empty`]],
    ['eks', { tenantNamespaces: [] }, [`${C}tenantNamespaces: got []; must have at least 1 item`]],
    ['eks', { tenantNamespaces: ['Team_A'] }, [`${C}tenantNamespaces[0]: got "Team_A"; expected a namespace name: lower-case letters, digits and dashes, starting and ending with a letter or digit, or * for all`]],
    ['gke', { releaseChannel: 'FAST' }, [`${C}releaseChannel: got "FAST"; allowed: "RAPID", "REGULAR", "STABLE"`]],
    ['gke', { gpuNodes: { min: 0, desired: 3, max: 2 } }, [`${C}gpuNodes.desired: got 3; is above max (min 0, desired 3, max 2); a pool needs min <= desired <= max: set desired from 0 to 2`]],
    ['gke', { gpuNodes: { acceleratorCount: 0 } }, [`${C}gpuNodes.acceleratorCount: got 0; must be at least 1`]],
    ['gke', { tenantNamespaces: ['*'] }, [`${C}tenantNamespaces[0]: got "*"; expected a namespace name: lower-case letters, digits and dashes, starting and ending with a letter or digit`]],
    ['gke', { network: { pod: '10.0.0.0/14' } }, [`${C}network.pod: unknown key for platform gke; allowed keys here: nodes, pods, services`]],
  ] as const)('%s %j', (platform, input, expected) => {
    expect(problemsOf(() => parseClusterSettings(platform, input))).toEqual(expected);
  });

  test.each([
    [{ min: 0, desired: 0, max: 1 }], [{ min: 2, desired: 2, max: 2 }], [{ min: 1, desired: 4, max: 4 }],
  ])('a node pool of %j is accepted', (nodes) => {
    expect(parseClusterSettings('eks', { nodes }).layer).toBe('eks');
  });
});

describe('the whole stack config', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-config-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const facts = { project: 'kubeflow-iac', stack: 'dev', awsRegion: 'us-west-2', gcpProject: 'proj', gcpRegion: 'us-central1' };
  const check = (input: Partial<StackInputs>, build: () => unknown = () => 'built') =>
    checkStackConfig({ rootDir: root, ...input, facts: { ...facts, ...input.facts } }, build);
  const tenantFile = (name: string, text: string) => {
    fs.mkdirSync(path.join(root, 'profiles'), { recursive: true });
    fs.writeFileSync(path.join(root, 'profiles', name), text);
  };
  const REGION = `gcp:region: not set, and kubeflow-iac:cluster has no location; a new GKE cluster needs one: pulumi config set gcp:region us-central1 (or set location in kubeflow-iac:cluster to a region or zone)`;

  test('a good config is built', () => {
    expect(check({ platform: { platform: 'kind' } }).built).toBe('built');
  });

  // One table of bad stack configs: each stage's problems, reported together.
  test.each([
    ['GKE without a region', { platform: { platform: 'gke' }, facts: { ...facts, gcpRegion: undefined } }, [REGION]],
    ['GKE without a project', { platform: { platform: 'gke' }, facts: { ...facts, gcpProject: undefined } }, [
      'gcp:project: not set; a new GKE cluster needs it: pulumi config set gcp:project PROJECT_ID',
    ]],
    ['EKS without a region', { platform: { platform: 'eks' }, facts: { ...facts, awsRegion: undefined } }, [
      'aws:region: not set; a new EKS cluster needs it: pulumi config set aws:region us-west-2',
    ]],
    ['bad cluster settings and a bad platform config', { platform: { platform: 'kind', release: '0.1' }, cluster: { workers: 9 } }, [
      `${C}workers: got 9; must be at most 8`,
      'kubeflow-iac:platform: release: got "0.1"; allowed: "v1.11.0", "26.03", "26.03.1"',
    ]],
    ['a GKE region missing and a component others need disabled', { platform: { platform: 'gke', components: { knative: { enabled: false } } }, facts: { ...facts, gcpRegion: undefined } }, [
      REGION,
      `kubeflow-iac:platform: components.knative.enabled: false, but components.kserve needs knative in deploymentMode Serverless (the default); enable knative, set components.knative.external: true if the cluster has it, set components.kserve.deploymentMode: RawDeployment (plain Deployments, no Knative), or disable kserve`,
    ]],
  ] as const)('%s', (_, input, expected) => {
    expect(problemsOf(() => check(input as Partial<StackInputs>))).toEqual(expected);
  });

  test.each([
    ['26.03', 'eks', { version: '1.33' }, undefined],
    ['26.03.1', 'eks', {}, undefined],
    [undefined, 'eks', { version: '1.33' }, `${C}version: got "1.33"; is older than release 26.03.1 needs (Kubernetes 1.34 or newer: Knative Serving 1.22 stops on older API servers); set it to "1.34" or newer, or choose release 26.03`],
    ['26.03.1', 'kind', { nodeImage: 'kindest/node:v1.33.1' }, `${C}nodeImage: got "kindest/node:v1.33.1"; is Kubernetes 1.33, older than release 26.03.1 needs (Kubernetes 1.34 or newer: Knative Serving 1.22 stops on older API servers); use a node image of Kubernetes 1.34 or newer (leave nodeImage out for kindest/node:v1.34.0), or choose release 26.03`],
  ] as const)('the cluster version is checked against the platform config\'s release %s (%s %j)', (release, platform, cluster, problem) => {
    const input = { platform: { platform, ...(release ? { release } : {}) }, cluster };
    if (problem) expect(problemsOf(() => check(input))).toEqual([problem]);
    else expect(check(input).built).toBe('built');
  });

  test('the stack follows the platform config\'s release: 26.03 keeps making 1.33 clusters', () => {
    const c = check({ platform: { platform: 'eks', release: '26.03' } }).cluster;
    expect(c.layer === 'eks' && c.settings.version).toBe('1.33');
  });

  test('with a release the platform config does not know, only that is reported', () => {
    expect(problemsOf(() => check({ platform: { platform: 'eks', release: '27.01' }, cluster: { version: '1.30' } }))).toEqual([
      'kubeflow-iac:platform: release: got "27.01"; allowed: "v1.11.0", "26.03", "26.03.1"',
    ]);
  });

  test('tenant file problems come with the cluster and platform problems', () => {
    tenantFile('t.yaml', 'name: team\nowner: nobody\n');
    expect(problemsOf(() => check({ platform: { platform: 'kind', sizing: 'huge' }, cluster: { colour: 'red' } }))).toEqual([
      `${C}colour: unknown key for platform kind; allowed keys here: name, nodeImage, workers, httpPort, httpsPort, existing`,
      'kubeflow-iac:platform: sizing: got "huge"; allowed: "small", "default", "large"',
      `${path.join(root, 'profiles', 't.yaml')}:2: owner: got "nobody"; must be an email address`,
    ]);
  });

  test('tenant files while profiles is disabled', () => {
    tenantFile('t.yaml', 'name: team\nowner: a@example.com\n');
    // Every component that needs profiles is off too (Hub, on by default from 26.03.1, among them).
    const off = Object.fromEntries(['profiles', 'dashboard', 'pipelines', 'katib', 'notebooks', 'tensorboards', 'volumes', 'hub'].map((k) => [k, { enabled: false }]));
    expect(problemsOf(() => check({ platform: { platform: 'kind', components: off } }))).toEqual([
      `${path.join(root, 'profiles', 't.yaml')}: tenant files, but components.profiles.enabled is false, so no Profile would be made for them; enable profiles, or move the files out of ${path.join(root, 'profiles')}`,
    ]);
  });

  test('a named tenants folder must exist', () => {
    expect(problemsOf(() => check({ profiles: 'teams' }))).toEqual([`${path.join(root, 'teams')}: cannot read the tenants folder (ENOENT)`]);
  });

  test('the checks components make as they are built are reported the same way', () => {
    expect(problemsOf(() => check({}, () => {
      throw new ConfigError(['components.auth.m2m.issuer: got nothing']);
    }))).toEqual(['components.auth.m2m.issuer: got nothing']);
  });

  test('a GKE location in the cluster settings stands in for gcp:region', () => {
    expect(check({ platform: { platform: 'gke' }, cluster: { location: 'europe-west4' }, facts: { ...facts, gcpRegion: undefined } }).built).toBe('built');
  });
});
