import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigError } from '../config/errors';
import { loadTenants } from './load';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenants-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
}

/** The ConfigError lines of loading `dir`, with the folder name taken out. */
function problems(): string[] {
  try {
    loadTenants(dir);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return e.problems.map((p) => p.split(`${dir}${path.sep}`).join(''));
  }
  throw new Error('expected a ConfigError');
}

const QUANTITY = 'must be a Kubernetes quantity: a number with an optional suffix m, k, M, G, T, Ki, Mi, Gi, Ti (or n, u, P, E, Pi, Ei, or an exponent such as 1e3), e.g. 4, 500m, 16Gi';
const TOP_KEYS = 'name, owner, contributors, resourceQuota, podSecurity, pipelinesAccess, podDefaults, cloudIdentity, modelRegistry';
const HEAD = 'name: team\nowner: a@example.com\n';

describe('loadTenants', () => {
  test('reads every YAML file, in name order, with defaults filled in', () => {
    write({
      'b.yaml': 'name: team-b\nowner: bob@example.com\n',
      'a.yml': 'name: team-a\nowner: alice@example.com\ncontributors:\n  - user: carol@example.com\n    role: view\n',
      'README.md': '# Our teams',
      '.gitkeep': '',
    });
    expect(loadTenants(dir)).toEqual([
      { name: 'team-a', owner: 'alice@example.com', contributors: [{ user: 'carol@example.com', role: 'view' }], podSecurity: 'restricted', pipelinesAccess: false, podDefaults: [] },
      { name: 'team-b', owner: 'bob@example.com', contributors: [], podSecurity: 'restricted', pipelinesAccess: false, podDefaults: [] },
    ]);
  });

  test("the shipped example tenant is upstream's user namespace", () => {
    const example = loadTenants(path.join(__dirname, '..', '..', 'profiles')).find((t) => t.name === 'kubeflow-user-example-com');
    expect(example).toEqual({
      name: 'kubeflow-user-example-com', owner: 'user@example.com', contributors: [], podSecurity: 'baseline', pipelinesAccess: true, podDefaults: [],
    });
  });

  test('a name that is not a DNS label', () => {
    write({ 't.yaml': 'name: Team_A\nowner: a@example.com\n' });
    expect(problems()).toEqual([
      `t.yaml:1: name: got "Team_A"; must be a DNS label: lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters`,
    ]);
  });

  test('a name longer than 63 characters', () => {
    write({ 't.yaml': `name: ${'a'.repeat(64)}\nowner: a@example.com\n` });
    expect(problems()).toEqual([
      `t.yaml:1: name: got "${'a'.repeat(56)}...; must be a DNS label: lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters`,
    ]);
  });

  test('a platform namespace as name', () => {
    write({ 't.yaml': 'name: kubeflow\nowner: a@example.com\n' });
    expect(problems()).toEqual(['t.yaml:1: name: got "kubeflow"; is a platform namespace; pick another name']);
  });

  test('two files with the same tenant name', () => {
    write({ 'a.yaml': 'name: team\nowner: a@example.com\n', 'b.yaml': 'owner: b@example.com\nname: team\n' });
    expect(problems()).toEqual(['b.yaml:2: name: tenant "team" is also defined in a.yaml; each tenant needs its own name']);
  });

  test('an owner that is not an email', () => {
    write({ 't.yaml': 'name: team\nowner: alice\n' });
    expect(problems()).toEqual(['t.yaml:2: owner: got "alice"; must be an email address']);
  });

  test('a missing owner', () => {
    write({ 't.yaml': 'name: team\n' });
    expect(problems()).toEqual(['t.yaml: owner: got nothing; expected string']);
  });

  test('a role other than edit or view', () => {
    write({ 't.yaml': 'name: team\nowner: a@example.com\ncontributors:\n  - user: b@example.com\n    role: admin\n' });
    expect(problems()).toEqual(['t.yaml:5: contributors[0].role: got "admin"; allowed: "edit", "view"']);
  });

  test('a contributor listed twice, whatever the role', () => {
    write({
      't.yaml': 'name: team\nowner: a@example.com\ncontributors:\n  - user: b@example.com\n    role: edit\n  - group: ml\n    role: view\n  - user: b@example.com\n    role: view\n',
    });
    expect(problems()).toEqual(['t.yaml:8: contributors[2]: got "b@example.com"; user "b@example.com" is listed twice (also contributors[0])']);
  });

  test('a group listed twice', () => {
    write({ 't.yaml': 'name: team\nowner: a@example.com\ncontributors:\n  - group: ml\n    role: edit\n  - group: ml\n    role: edit\n' });
    expect(problems()).toEqual(['t.yaml:6: contributors[1]: got "ml"; group "ml" is listed twice (also contributors[0])']);
  });

  test('the owner as contributor', () => {
    write({ 't.yaml': 'name: team\nowner: a@example.com\ncontributors:\n  - user: a@example.com\n    role: view\n' });
    expect(problems()).toEqual(['t.yaml:4: contributors[0]: got "a@example.com"; is the owner, who is already admin; remove this contributor']);
  });

  test('two users KFAM would give the same binding name', () => {
    write({ 't.yaml': 'name: team\nowner: a@example.com\ncontributors:\n  - user: b.c@example.com\n    role: edit\n  - user: b-c@example.com\n    role: edit\n' });
    expect(problems()).toEqual([
      't.yaml:6: contributors[1]: got "b-c@example.com"; gets the same binding name as contributors[0] (user-b-c-example-com-clusterrole-edit); KFAM cannot tell them apart',
    ]);
  });

  test('a contributor with both or neither of user and group', () => {
    write({ 't.yaml': 'name: team\nowner: a@example.com\ncontributors:\n  - user: b@example.com\n    group: ml\n    role: edit\n  - role: view\n' });
    expect(problems()).toEqual([
      't.yaml:4: contributors[0]: got {"user":"b@example.com","group":"ml","role":"edit"}; set exactly one of user or group',
      't.yaml:7: contributors[1]: got {"role":"view"}; set exactly one of user or group',
    ]);
  });

  // PodDefault tolerations are checked by core's toleration schema, as placement's are.
  test.each([
    ['{ key: gpu, operator: Exists, value: "yes" }', 'value: got "yes"; must be empty when operator is Exists'],
    ['{ key: gpu, tolerationSeconds: 30 }', 'tolerationSeconds: got 30; is allowed only with effect NoExecute'],
    ['{ key: "a b" }', `key: got "a b"; must be a label key: an optional DNS-subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit`],
  ])('a PodDefault toleration %s', (t, problem) => {
    write({ 't.yaml': `${HEAD}podDefaults:\n  - name: gpu\n    desc: GPU\n    tolerations:\n      - ${t}\n` });
    expect(problems()).toEqual([`t.yaml:7: podDefaults[0].tolerations[0].${problem}`]);
  });

  test('an unknown key, a bad quota and a bad Pod Security level', () => {
    write({ 't.yaml': 'name: team\nowner: a@example.com\nquota: {}\nresourceQuota:\n  cpu: lots\npodSecurity: strict\n' });
    expect(problems()).toEqual([
      `t.yaml:5: resourceQuota.cpu: got "lots"; ${QUANTITY}`,
      't.yaml:6: podSecurity: got "strict"; allowed: "restricted", "baseline", "privileged"',
      `t.yaml:3: quota: unknown key; allowed keys here: ${TOP_KEYS}`,
    ]);
  });

  test('bad cloud identities', () => {
    write({ 't.yaml': 'name: team\nowner: a@example.com\ncloudIdentity:\n  awsIamRole: team-role\n  gcpServiceAccount: team@example.com\n' });
    expect(problems()).toEqual([
      't.yaml:4: cloudIdentity.awsIamRole: got "team-role"; must be an IAM role ARN, arn:aws:iam::<account>:role/<name>',
      't.yaml:5: cloudIdentity.gcpServiceAccount: got "team@example.com"; must be a service account email, <name>@<project>.iam.gserviceaccount.com',
    ]);
  });

  test('a PodDefault named twice', () => {
    write({ 't.yaml': 'name: team\nowner: a@example.com\npipelinesAccess: true\npodDefaults:\n  - name: access-ml-pipeline\n    desc: mine\n' });
    expect(problems()).toEqual(['t.yaml:5: podDefaults[0].name: got "access-ml-pipeline"; names another PodDefault of this tenant']);
  });

  test('problems of every file at once', () => {
    write({ 'a.yaml': 'name: A\nowner: a@example.com\n', 'b.yaml': 'name: b\nowner: b\n' });
    expect(problems()).toEqual([
      `a.yaml:1: name: got "A"; must be a DNS label: lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters`,
      'b.yaml:2: owner: got "b"; must be an email address',
    ]);
  });

  test('a YAML syntax error', () => {
    write({ 't.yaml': 'name: team\nowner: [a@example.com\n' });
    expect(problems()).toHaveLength(1);
    expect(problems()[0]).toMatch(/^t\.yaml:\d+:\d+: YAML syntax error: /);
  });

  test('a file that is not a mapping', () => {
    write({ 'empty.yaml': '', 'list.yaml': '- name: team\n' });
    expect(problems()).toEqual([
      'empty.yaml: a tenant file must be a YAML mapping with name, owner and the other tenant fields; got nothing',
      'list.yaml: a tenant file must be a YAML mapping with name, owner and the other tenant fields; got [{"name":"team"}]',
    ]);
  });

  test('a missing folder: an error when named, no tenants when optional', () => {
    const missing = path.join(dir, 'none');
    expect(() => loadTenants(missing)).toThrow(new ConfigError([`${missing}: cannot read the tenants folder (ENOENT)`]));
    expect(loadTenants(missing, { optional: true })).toEqual([]);
  });

  // One table of bad tenant files: the file text after `name` and `owner` (lines 1-2), and every message.
  test.each([
    ['a quota that is not a quantity', 'resourceQuota:\n  memory: 16GB\n', [`t.yaml:4: resourceQuota.memory: got "16GB"; ${QUANTITY}`]],
    ['a quota with a space', 'resourceQuota:\n  cpu: 500 m\n', [`t.yaml:4: resourceQuota.cpu: got "500 m"; ${QUANTITY}`]],
    ['a negative quota, as text and as a number', 'resourceQuota:\n  cpu: "-2"\n  pods: -1\n  requests.memory: -1Gi\n', [
      't.yaml:4: resourceQuota.cpu: got "-2"; must not be negative: a quota is a limit of 0 or more',
      't.yaml:5: resourceQuota.pods: got -1; must not be negative: a quota is a limit of 0 or more',
      't.yaml:6: resourceQuota.requests.memory: got "-1Gi"; must not be negative: a quota is a limit of 0 or more',
    ]],
    ['a quota that is neither text nor a number', 'resourceQuota:\n  cpu: true\n', ['t.yaml:4: resourceQuota.cpu: got true; expected a Kubernetes quantity, a string such as "16Gi" or a number']],
    ['a quota that is a list', 'resourceQuota: [cpu]\n', ['t.yaml:3: resourceQuota: got ["cpu"]; expected object']],
    ['an unknown key in a contributor', 'contributors:\n  - user: b@example.com\n    role: edit\n    rolle: view\n', [
      't.yaml:6: contributors[0].rolle: unknown key; allowed keys here: user, group, role',
    ]],
    ['an unknown key in a PodDefault', 'podDefaults:\n  - name: gpu\n    desc: GPU\n    envv: []\n', [
      't.yaml:6: podDefaults[0].envv: unknown key; allowed keys here: name, desc, selector, env, envFrom, volumes, volumeMounts, annotations, labels, serviceAccountName, automountServiceAccountToken, tolerations, imagePullSecrets, command, args',
    ]],
    ['an unknown key in the cloud identity', 'cloudIdentity:\n  awsRole: x\n', [
      't.yaml:4: cloudIdentity.awsRole: unknown key; allowed keys here: awsIamRole, awsAnnotateOnly, gcpServiceAccount',
    ]],
    ['an empty group', 'contributors:\n  - group: ""\n    role: view\n', ['t.yaml:4: contributors[0].group: got ""; must not be empty']],
    ['a PodDefault without a description', 'podDefaults:\n  - name: gpu\n', ['t.yaml:4: podDefaults[0].desc: got nothing; expected string']],
    ['a toleration time that is not whole', 'podDefaults:\n  - name: gpu\n    desc: GPU\n    tolerations:\n      - key: k\n        tolerationSeconds: 1.5\n', [
      't.yaml:8: podDefaults[0].tolerations[0].tolerationSeconds: got 1.5; expected a whole number',
    ]],
    ['a PodDefault name longer than a DNS subdomain', `podDefaults:\n  - name: ${'a'.repeat(254)}\n    desc: x\n`, [
      `t.yaml:4: podDefaults[0].name: got "${'a'.repeat(56)}...; must have at most 253 characters`,
    ]],
    ['a boolean written as text', 'pipelinesAccess: "yes"\n', ['t.yaml:3: pipelinesAccess: got "yes"; expected boolean']],
  ])('%s', (_, rest, expected) => {
    write({ 't.yaml': HEAD + rest });
    expect(problems()).toEqual(expected);
  });

  test.each([
    ['0', 0], ['1.5', 1.5], ['"500m"', '500m'], ['16Gi', '16Gi'], ['"1e3"', '1e3'], ['"+4"', '+4'], ['"-0"', '-0'], ['"0.5Ti"', '0.5Ti'],
  ])('the quota %s is a quantity', (text, value) => {
    write({ 't.yaml': `${HEAD}resourceQuota:\n  cpu: ${text}\n` });
    expect(loadTenants(dir)[0].resourceQuota).toEqual({ cpu: value });
  });

  test('files the loader does not read are errors naming them; *.md and hidden files may sit beside tenants', () => {
    write({ 'team.json': '{}', 'notes.txt': 'x', 'ok.yaml': HEAD, 'README.md': '# teams', '.gitkeep': '' });
    fs.mkdirSync(path.join(dir, 'old'));
    expect(problems()).toEqual([
      `notes.txt: not read as a tenant: tenant files are .yaml or .yml (rename it, or move it out of ${dir}; only *.md and hidden files may sit beside them)`,
      `old: a folder in the tenants folder is not read; tenant files are .yaml or .yml files directly in ${dir} (move it out)`,
      `team.json: not read as a tenant: tenant files are .yaml or .yml (rename it, or move it out of ${dir}; only *.md and hidden files may sit beside them)`,
    ]);
  });
});
