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

describe('loadTenants', () => {
  test('reads every YAML file, in name order, with defaults filled in', () => {
    write({
      'b.yaml': 'name: team-b\nowner: bob@example.com\n',
      'a.yml': 'name: team-a\nowner: alice@example.com\ncontributors:\n  - user: carol@example.com\n    role: view\n',
      'notes.txt': 'not a tenant',
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

  test('an unknown key, a bad quota and a bad Pod Security level', () => {
    write({ 't.yaml': 'name: team\nowner: a@example.com\nquota: {}\nresourceQuota:\n  cpu: lots\npodSecurity: strict\n' });
    expect(problems()).toEqual([
      't.yaml:5: resourceQuota.cpu: got "lots"; must be a Kubernetes quantity such as 4, 500m, 16Gi',
      't.yaml:6: podSecurity: got "strict"; allowed: "restricted", "baseline", "privileged"',
      't.yaml:3: quota: unknown key',
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
});
