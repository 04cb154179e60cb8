'use strict';
// Tenant isolation on the real API server (issue 18, item 5): what owners, contributors, people
// in no tenant and the tenants' service accounts may do, asked of kube-apiserver's own RBAC
// authorizer with SubjectAccessReviews, and for a few cells with real requests impersonating the
// subject. The expected answers (ROWS) are written from Kubeflow's documented roles, never read
// from our output: the profile controller makes the owner admin of the namespace (RoleBinding
// `namespaceAdmin` to kubeflow-admin) and binds `default-editor` to kubeflow-edit and
// `default-viewer` to kubeflow-view; KFAM (the dashboard's "Manage contributors") binds
// contributors to kubeflow-edit or kubeflow-view; the aggregated kubeflow-* ClusterRoles are
// upstream's kubeflow-roles and each component's aggregate-to-kubeflow-* roles.
//
// `node test/e2e/isolation.js --markdown` prints the table README.md shows; the check fails
// when README.md's copy differs.
const fs = require('fs');
const https = require('https');
const path = require('path');

/** The e2e's tenants (test/e2e/profiles): the subjects' own, and another one. */
const OWN = 'kubeflow-user-example-com';
const OTHER = 'e2e-team-b';
const NAMESPACES = { own: OWN, other: OTHER, kubeflow: 'kubeflow', all: '', cluster: '' };
const WHERE = { own: 'own tenant', other: 'another tenant', kubeflow: '`kubeflow`', all: 'all namespaces', cluster: 'cluster' };

const sa = (name) => ({ user: `system:serviceaccount:${OWN}:${name}`, groups: ['system:serviceaccounts', `system:serviceaccounts:${OWN}`] });
/**
 * Who asks, and the documented role each holds in OWN (test/e2e/profiles/kubeflow-user-example-com.yaml):
 * admin (the owner), edit, view, or none.
 */
const SUBJECTS = [
  { id: 'owner', title: 'owner', role: 'admin', user: 'user@example.com', groups: [] },
  { id: 'edit-user', title: 'edit user', role: 'edit', user: 'editor@example.com', groups: [] },
  { id: 'edit-group', title: 'edit group member', role: 'edit', user: 'member-of-editors@example.com', groups: ['e2e-editors'] },
  { id: 'view-user', title: 'view user', role: 'view', user: 'viewer@example.com', groups: [] },
  { id: 'view-group', title: 'view group member', role: 'view', user: 'member-of-viewers@example.com', groups: ['e2e-viewers'] },
  { id: 'outsider', title: 'in no tenant', role: 'none', user: 'outsider@example.com', groups: [] },
  { id: 'sa-editor', title: 'SA default-editor', role: 'edit', ...sa('default-editor') },
  { id: 'sa-viewer', title: 'SA default-viewer', role: 'view', ...sa('default-viewer') },
  { id: 'sa-default', title: 'SA default', role: 'none', ...sa('default') },
];

const VERBS = { g: 'get', l: 'list', c: 'create', d: 'delete', p: 'patch' };
const ALL = 'glcdp';
/** The same answer for every role. */
const everyone = (v) => ({ admin: v, edit: v, view: v, none: v });
const NOBODY = everyone('');

/** What a row asks about: API group, resource, and the object get, delete and patch name. */
const R = {
  pods: { what: 'pods', resource: 'pods' },
  secrets: { what: 'secrets', resource: 'secrets' },
  notebooks: { what: 'notebooks', group: 'kubeflow.org', resource: 'notebooks' },
  inferenceservices: { what: 'inferenceservices', group: 'serving.kserve.io', resource: 'inferenceservices' },
  poddefaults: { what: 'poddefaults', group: 'kubeflow.org', resource: 'poddefaults' },
  pipelines: { what: 'pipelines (KFP)', group: 'pipelines.kubeflow.org', resource: 'pipelines' },
  runs: { what: 'runs (KFP)', group: 'pipelines.kubeflow.org', resource: 'runs' },
  rolebindings: { what: 'rolebindings', group: 'rbac.authorization.k8s.io', resource: 'rolebindings' },
  resourcequotas: { what: 'resourcequotas', resource: 'resourcequotas', name: 'kf-resource-quota' },
  // get, patch and delete of the Namespace itself (the API server files them under the
  // namespace: a RoleBinding there can grant them); list and create are cluster-wide.
  namespace: { what: 'its Namespace (patch: its labels; list, create: cluster-wide)', namespaceObject: true },
};

/**
 * The table: per row, the verbs (letters of VERBS) each role may use; `why` names the
 * documented role that grants or withholds them. get, delete and patch name an object
 * (`name`, else a probe name: RBAC does not look it up); list and create name none.
 */
const ROWS = [
  // --- In the subjects' own namespace.
  { where: 'own', ...R.pods, expect: { admin: ALL, edit: ALL, view: 'gl', none: '' },
    why: 'kubeflow-kubernetes-edit writes pods; kubeflow-kubernetes-view reads them' },
  { where: 'own', ...R.secrets, expect: { admin: ALL, edit: ALL, view: '', none: '' },
    why: 'kubeflow-kubernetes-edit reads and writes Secrets; kubeflow-kubernetes-view has none: viewers never read Secrets' },
  { where: 'own', ...R.notebooks, expect: { admin: ALL, edit: ALL, view: 'gl', none: '' },
    why: 'notebook-controller-kubeflow-notebooks-edit / -view' },
  { where: 'own', ...R.inferenceservices, expect: { admin: ALL, edit: ALL, view: 'gl', none: '' },
    why: 'kubeflow-kserve-edit / -view' },
  { where: 'own', ...R.poddefaults, expect: { admin: 'glcd', edit: 'glcd', view: 'gl', none: '' },
    why: 'jupyter-web-app-kubeflow-notebook-ui-edit: get, list, create, delete (no patch); poddefaults-webhook-kubeflow-poddefaults-view reads' },
  { where: 'own', ...R.pipelines, expect: { admin: 'glcd', edit: 'glcd', view: 'gl', none: '' },
    why: 'aggregate-to-kubeflow-pipelines-edit: create, delete, update (KFP asks no patch); -view: get, list' },
  { where: 'own', ...R.runs, expect: { admin: 'glcd', edit: 'glcd', view: 'gl', none: '' },
    why: 'aggregate-to-kubeflow-pipelines-edit: create, delete, archive, retry, terminate (no patch); -view: get, list, readArtifact' },
  { where: 'own', ...R.rolebindings, expect: { admin: ALL, edit: '', view: '', none: '' },
    why: 'kubeflow-kubernetes-admin: the owner manages contributors; kubeflow-edit is everything but RBAC' },
  { where: 'own', ...R.resourcequotas, expect: { admin: 'gl', edit: 'gl', view: 'gl', none: '' },
    why: 'kubeflow-kubernetes-view reads quotas; no Kubeflow role writes them (the profile controller owns kf-resource-quota)' },
  { where: 'own', ...R.namespace, expect: { admin: 'g', edit: 'g', view: 'g', none: '' },
    why: 'kubeflow-kubernetes-view: get namespaces (its own only); no Kubeflow role patches or deletes a Namespace, lists or creates them' },
  // --- Across namespaces: a RoleBinding grants only in its own namespace.
  { where: 'all', ...R.pods, verbs: 'l', expect: NOBODY, why: 'no Kubeflow role is bound cluster-wide to users or tenant service accounts' },
  { where: 'all', ...R.secrets, verbs: 'l', expect: NOBODY, why: 'as above' },
  // --- In another tenant's namespace (it has its own owner and contributors, none of these).
  ...Object.values(R).map((r, i) => ({ where: 'other', ...r, expect: NOBODY, why: i ? 'as above' : `${OTHER}'s bindings name only its own owner, contributors and service accounts` })),
  // --- In `kubeflow`.
  { where: 'kubeflow', ...R.secrets, expect: NOBODY, why: 'no Kubeflow role is bound in kubeflow to users or tenant service accounts' },
  { where: 'kubeflow', what: 'configmaps', resource: 'configmaps', expect: NOBODY, why: 'as above' },
  { where: 'kubeflow', what: 'configmap kubeflow-pipelines-public', resource: 'configmaps', name: 'kubeflow-pipelines-public', expect: everyone('g'), absentIn: ['v1.11.0'],
    why: 'Role kubeflow-pipelines-public (that one ConfigMap, by name) bound to system:authenticated, from 26.03 on' },
  // --- Cluster scope.
  { where: 'cluster', what: 'profiles (its own Profile)', group: 'kubeflow.org', resource: 'profiles', name: OWN, expect: NOBODY,
    why: 'no Kubeflow role grants Profiles to users; the profile controller and KFAM write them as their own service accounts' },
  { where: 'cluster', what: 'nodes', resource: 'nodes', name: 'kwok-node-0', expect: NOBODY, why: 'cluster admins only' },
  { where: 'cluster', what: 'CRDs', group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions', name: 'notebooks.kubeflow.org', expect: NOBODY, why: 'cluster admins only' },
  { where: 'cluster', what: 'clustertrainingruntimes', group: 'trainer.kubeflow.org', resource: 'clustertrainingruntimes', name: 'torch-distributed', expect: everyone('gl'),
    why: 'kubeflow-trainer-view-cluster-runtimes bound to system:authenticated: anyone may pick a runtime' },
];

const rowKey = (row) => `${row.where}:${row.what}`;
const rowByKey = (k) => {
  const r = ROWS.find((x) => rowKey(x) === k);
  if (!r) throw new Error(`isolation.js: no row ${k}`);
  return r;
};
const PROBE = 'e2e-isolation-probe';
const DRY = 'dryRun=All';
const probePod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: PROBE }, spec: { containers: [{ name: 'app', image: 'registry.invalid/e2e/app:1' }] } };

/**
 * Real requests, impersonating the subject (Impersonate-User / Impersonate-Group): each is
 * one cell of the table, so its expected status comes from ROWS (allowed: 200 or 201,
 * denied: 403). Writes are dry runs, so nothing changes even where allowed.
 */
const IMPERSONATED = [
  { subject: 'view-user', row: 'own:pods', verb: 'c', method: 'POST', path: `/api/v1/namespaces/${OWN}/pods?${DRY}`, body: probePod },
  { subject: 'edit-group', row: 'own:pods', verb: 'c', method: 'POST', path: `/api/v1/namespaces/${OWN}/pods?${DRY}`, body: probePod },
  { subject: 'sa-viewer', row: 'own:pods', verb: 'l', method: 'GET', path: `/api/v1/namespaces/${OWN}/pods` },
  { subject: 'view-group', row: 'own:secrets', verb: 'l', method: 'GET', path: `/api/v1/namespaces/${OWN}/secrets` },
  { subject: 'sa-editor', row: 'own:secrets', verb: 'c', method: 'POST', path: `/api/v1/namespaces/${OWN}/secrets?${DRY}`, body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: PROBE }, stringData: { k: 'v' } } },
  { subject: 'owner', row: 'own:rolebindings', verb: 'c', method: 'POST', path: `/apis/rbac.authorization.k8s.io/v1/namespaces/${OWN}/rolebindings?${DRY}`, body: contributorBinding() },
  { subject: 'edit-user', row: 'own:rolebindings', verb: 'c', method: 'POST', path: `/apis/rbac.authorization.k8s.io/v1/namespaces/${OWN}/rolebindings?${DRY}`, body: contributorBinding() },
  { subject: 'owner', row: 'own:resourcequotas', verb: 'g', method: 'GET', path: `/api/v1/namespaces/${OWN}/resourcequotas/kf-resource-quota` },
  { subject: 'owner', row: 'own:resourcequotas', verb: 'p', method: 'PATCH', path: `/api/v1/namespaces/${OWN}/resourcequotas/kf-resource-quota?${DRY}`, body: { spec: { hard: { pods: '500' } } } },
  { subject: 'owner', row: `own:${R.namespace.what}`, verb: 'p', method: 'PATCH', path: `/api/v1/namespaces/${OWN}?${DRY}`, body: { metadata: { labels: { 'e2e-isolation': 'owner' } } } },
  { subject: 'view-user', row: `own:${R.namespace.what}`, verb: 'g', method: 'GET', path: `/api/v1/namespaces/${OWN}` },
  { subject: 'outsider', row: `own:${R.namespace.what}`, verb: 'g', method: 'GET', path: `/api/v1/namespaces/${OWN}` },
  { subject: 'edit-user', row: 'other:pods', verb: 'l', method: 'GET', path: `/api/v1/namespaces/${OTHER}/pods` },
  { subject: 'edit-user', row: 'all:secrets', verb: 'l', method: 'GET', path: '/api/v1/secrets' },
  { subject: 'owner', row: 'cluster:profiles (its own Profile)', verb: 'p', method: 'PATCH', path: `/apis/kubeflow.org/v1/profiles/${OWN}?${DRY}`, body: { spec: { resourceQuotaSpec: { hard: { pods: '500' } } } } },
  { subject: 'outsider', row: 'kubeflow:configmap kubeflow-pipelines-public', verb: 'g', method: 'GET', path: '/api/v1/namespaces/kubeflow/configmaps/kubeflow-pipelines-public' },
];

/** What the owner adds in "Manage contributors" (KFAM's names). */
function contributorBinding() {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding',
    metadata: { name: 'user-new-contributor-example-com-clusterrole-edit', annotations: { role: 'edit', user: 'new-contributor@example.com' } },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'kubeflow-edit' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'new-contributor@example.com' }],
  };
}

const subjectById = (id) => SUBJECTS.find((s) => s.id === id);
const rowVerbs = (row) => [...(row.verbs || ALL)];
const allowed = (row, subject, v) => row.expect[subject.role].includes(v);

/** A SubjectAccessReview's resourceAttributes for one cell, as the API server fills them for the request. */
function attributes(row, v) {
  const verb = VERBS[v];
  const ns = NAMESPACES[row.where];
  const named = 'gdp'.includes(v);
  if (row.namespaceObject) return { verb, resource: 'namespaces', ...(named ? { namespace: ns, name: ns } : {}) };
  return { verb, group: row.group || '', resource: row.resource, ...(ns ? { namespace: ns } : {}), ...(named ? { name: row.name || PROBE } : {}) };
}

/** The user and groups the API server evaluates for the subject (authenticated users get system:authenticated). */
function identity(subject) {
  return { user: subject.user, groups: [...subject.groups, 'system:authenticated'] };
}

function describe(row, subject, v) {
  return `${subject.title} (${subject.user}${subject.groups.length ? `, groups ${subject.groups.join(',')}` : ''}): ${VERBS[v]} ${row.what} in ${WHERE[row.where]}${NAMESPACES[row.where] ? ` (${NAMESPACES[row.where]})` : ''}`;
}

/**
 * Stands in for the profile controller, which does not run here (kwok pods): for each Profile,
 * what upstream's controller creates in its namespace (profile_controller.go): ServiceAccounts
 * default-editor and default-viewer with RoleBindings of the same names to kubeflow-edit and
 * kubeflow-view, RoleBinding namespaceAdmin of the owner to kubeflow-admin, and ResourceQuota
 * kf-resource-quota from spec.resourceQuotaSpec. Returns the paths made, to delete after.
 */
async function actAsProfileController(kube) {
  const made = [];
  const create = async (p, obj) => {
    const r = await kube.request('POST', p, obj);
    // 409: already there (not ours, so not deleted after).
    if (r.status !== 201 && r.status !== 409) throw new Error(`profile controller stand-in: POST ${p}: ${r.status} ${r.text.slice(0, 300)}`);
    if (r.status === 201) made.push(`${p}/${obj.metadata.name}`);
  };
  const rbac = (ns) => `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`;
  const binding = (name, role, subject, annotations) => ({
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding',
    metadata: { name, ...(annotations ? { annotations } : {}) },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects: [subject],
  });
  const profiles = (await kube.get('/apis/kubeflow.org/v1/profiles')).items;
  for (const p of profiles) {
    const ns = p.metadata.name;
    for (const [name, role] of [['default-editor', 'kubeflow-edit'], ['default-viewer', 'kubeflow-view']]) {
      await create(`/api/v1/namespaces/${ns}/serviceaccounts`, { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name } });
      await create(rbac(ns), binding(name, role, { kind: 'ServiceAccount', name, namespace: ns }));
    }
    const owner = p.spec.owner;
    await create(rbac(ns), binding('namespaceAdmin', 'kubeflow-admin', { apiGroup: 'rbac.authorization.k8s.io', kind: owner.kind, name: owner.name }, { user: owner.name, role: 'admin' }));
    const hard = p.spec.resourceQuotaSpec && p.spec.resourceQuotaSpec.hard;
    if (hard && Object.keys(hard).length) {
      await create(`/api/v1/namespaces/${ns}/resourcequotas`, { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'kf-resource-quota' }, spec: { hard } });
    }
  }
  return { made, profiles: profiles.map((p) => p.metadata.name) };
}

async function review(kube, subject, attrs) {
  const r = await kube.call('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
    apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec: { ...identity(subject), resourceAttributes: attrs },
  });
  return r.status.allowed === true;
}

/** One request as the subject: the admin client with Impersonate-User and one Impersonate-Group per group. */
function impersonate(kube, subject, method, p, body) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers = {
      Accept: 'application/json',
      'Impersonate-User': subject.user,
      ...(subject.groups.length ? { 'Impersonate-Group': subject.groups } : {}),
      ...(data ? { 'Content-Type': method === 'PATCH' ? 'application/merge-patch+json' : 'application/json', 'Content-Length': data.length } : {}),
    };
    const req = https.request({ host: kube.url.hostname, port: kube.url.port, method, path: p, agent: kube.agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

/** Runs fn over items, n at a time. */
async function pool(items, n, fn) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) { const i = next++; out[i] = await fn(items[i]); }
  }));
  return out;
}

/** The rows that apply to a release (a row may name releases that lack what it checks). */
const rowsFor = (release) => ROWS.filter((r) => !(r.absentIn || []).includes(release));

/**
 * Stands in for the profile controller, asks every cell of the table as a SubjectAccessReview
 * and the IMPERSONATED cells as real requests, then deletes what the stand-in made. Throws with
 * every cell the API server answered otherwise than the documented roles.
 */
async function isolationCheck({ cluster, release, log, readme = path.join(__dirname, 'README.md') }) {
  checkReadme(readme);
  const kube = cluster.kube;
  const { made, profiles } = await actAsProfileController(kube);
  for (const ns of [OWN, OTHER]) if (!profiles.includes(ns)) throw new Error(`isolation: no Profile ${ns} in the cluster; run.js must bundle with --profiles test/e2e/profiles`);
  try {
    // The RBAC authorizer sees new bindings through its informers: wait until the owner's shows.
    const owner = subjectById('owner');
    const deadline = Date.now() + 30000;
    while (!(await review(kube, owner, attributes(rowByKey('own:pods'), 'g')))) {
      if (Date.now() > deadline) throw new Error(`isolation: the owner's namespaceAdmin binding did not take effect in 30s`);
      await new Promise((r) => setTimeout(r, 500));
    }
    const rows = rowsFor(release);
    const cells = rows.flatMap((row) => SUBJECTS.flatMap((subject) => rowVerbs(row).map((v) => ({ row, subject, v }))));
    const answers = await pool(cells, 8, (c) => review(kube, c.subject, attributes(c.row, c.v)));
    const wrong = [];
    cells.forEach((c, i) => {
      const want = allowed(c.row, c.subject, c.v);
      if (answers[i] !== want) wrong.push(`${describe(c.row, c.subject, c.v)}: documented ${want ? 'allowed' : 'denied'} (${c.row.why}), the API server ${answers[i] ? 'allows' : 'denies'} it`);
    });
    const requests = IMPERSONATED.filter((q) => rows.includes(rowByKey(q.row)));
    for (const q of requests) {
      const row = rowByKey(q.row);
      const subject = subjectById(q.subject);
      const want = allowed(row, subject, q.verb);
      const r = await impersonate(kube, subject, q.method, q.path, q.body);
      const ok = want ? r.status === 200 || r.status === 201 : r.status === 403;
      if (!ok) wrong.push(`${describe(row, subject, q.verb)}, as ${q.method} ${q.path}: documented ${want ? 'allowed' : 'denied (403)'}, got ${r.status} ${r.text.slice(0, 300)}`);
    }
    if (wrong.length) throw new Error(`isolation: ${wrong.length} of ${cells.length + requests.length} checks differ from the documented roles:\n  ${wrong.join('\n  ')}`);
    const skipped = ROWS.length - rows.length;
    log(`isolation: ${cells.length + requests.length} checks (${requests.length} impersonated requests), all as documented${skipped ? ` (${skipped} rows not in ${release})` : ''}`);
  } finally {
    // Leave the cluster as install.sh left it.
    for (const p of made.reverse()) await kube.request('DELETE', p).catch(() => {});
  }
}

// --- The README's copy of the table.

const BEGIN = '<!-- isolation table: node test/e2e/isolation.js --markdown -->';
const END = '<!-- end of isolation table -->';
const cellText = (s) => [...s].join(' ') || '-';

/** ROWS as a Markdown table (rows x subjects), then the impersonated requests. */
function markdown() {
  const head = ['where', 'resource', ...SUBJECTS.map((s) => s.title), 'documented by'];
  const lines = [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`];
  for (const row of ROWS) {
    const verbs = rowVerbs(row);
    const cells = SUBJECTS.map((s) => cellText(verbs.filter((v) => allowed(row, s, v)).join('')));
    const what = `${row.what}${row.verbs ? ` (${row.verbs.split('').map((v) => VERBS[v]).join(', ')} only)` : ''}${row.absentIn ? ` (not in ${row.absentIn.join(', ')})` : ''}`;
    lines.push(`| ${WHERE[row.where]} | ${what} | ${cells.join(' | ')} | ${row.why} |`);
  }
  lines.push('', 'Impersonated requests (writes with `dryRun=All`):', '');
  for (const q of IMPERSONATED) {
    const row = rowByKey(q.row);
    lines.push(`- ${subjectById(q.subject).title}: \`${q.method} ${q.path}\` -> ${allowed(row, subjectById(q.subject), q.verb) ? (q.method === 'POST' ? '201' : '200') : '403'}`);
  }
  return `${BEGIN}\n${lines.join('\n')}\n${END}`;
}

function checkReadme(readme) {
  const text = fs.readFileSync(readme, 'utf8');
  const a = text.indexOf(BEGIN);
  const b = text.indexOf(END);
  if (a < 0 || b < a || text.slice(a, b + END.length) !== markdown()) {
    throw new Error(`${readme}: the "Tenant isolation" table is not the one isolation.js checks; replace it (from "${BEGIN}" to "${END}") with the output of \`node test/e2e/isolation.js --markdown\``);
  }
}

if (require.main === module && process.argv[2] === '--markdown') process.stdout.write(`${markdown()}\n`);

module.exports = { isolationCheck, markdown, ROWS, SUBJECTS, IMPERSONATED };
