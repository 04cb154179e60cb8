import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { find, hookConfigOf, synth } from './test-helpers';

// Runs the real sync script on the generated config, with a stand-in for botocore.
const FAKE_BOTOCORE = `
import json
calls = []
class Client:
    def __init__(self, kind): self.kind = kind
    def __getattr__(self, name):
        def call(**kw):
            calls.append([self.kind, name, kw])
            return {"AccessKey": {"AccessKeyId": "AK", "SecretAccessKey": "SK"}}
        return call
class Session:
    def create_client(self, kind, **kw): return Client(kind)
def get_session(): return Session()
`;
const DRIVER = `
import json, sys
sys.path.insert(0, sys.argv[1])
import botocore.session as fake
import sync
request = json.load(sys.stdin)
print(json.dumps({"response": sync.sync(request["object"], request["attachments"]), "calls": fake.calls}))
`;

const python = (() => {
  try {
    execFileSync('python3', ['--version']);
    return true;
  } catch {
    return false;
  }
})();

function runHook(code: Record<string, string>, request: unknown): { response: { status: Record<string, string>; attachments: { kind: string; metadata: { name: string } }[] }; calls: unknown[][] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kfp-hook-'));
  try {
    for (const [name, text] of Object.entries(code)) fs.writeFileSync(path.join(dir, name), text);
    fs.mkdirSync(path.join(dir, 'fake', 'botocore'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'fake', 'botocore', '__init__.py'), '');
    fs.writeFileSync(path.join(dir, 'fake', 'botocore', 'session.py'), FAKE_BOTOCORE);
    fs.writeFileSync(path.join(dir, 'driver.py'), DRIVER);
    const out = execFileSync('python3', [path.join(dir, 'driver.py'), path.join(dir, 'fake')], {
      cwd: dir,
      input: JSON.stringify(request),
      env: { ...process.env, PYTHONPATH: dir, IAM_ENDPOINT: 'http://iam', S3_ENDPOINT: 'http://s3', ACCESS_KEY: 'copied-a', SECRET_KEY: 'copied-s' },
    }).toString();
    return JSON.parse(out.trim().split('\n').pop()!);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const namespace = (labels: Record<string, string>) => ({ metadata: { name: 'team-a', labels } });
const ENABLED = { 'pipelines.kubeflow.org/enabled': 'true' };

(python ? describe : describe.skip)('the sync script (python3)', () => {
  const code = (props = {}) => find(synth(props), 'ConfigMap', 'kubeflow-pipelines-profile-controller-code').data as Record<string, string>;

  test('a new tenant namespace gets minted keys, a bucket policy, and the generated objects', () => {
    const objs = synth({ artifactRetentionDays: 7 });
    const { response, calls } = runHook(find(objs, 'ConfigMap', 'kubeflow-pipelines-profile-controller-code').data, { object: namespace(ENABLED), attachments: {} });
    expect(response.attachments[0]).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'mlpipeline-minio-artifact', namespace: 'team-a' },
      data: { accesskey: Buffer.from('AK').toString('base64'), secretkey: Buffer.from('SK').toString('base64') },
    });
    const config = hookConfigOf(objs);
    expect(response.attachments.slice(1)).toEqual(JSON.parse(JSON.stringify(config.attachments).split('__NAMESPACE__').join('team-a')));
    expect(calls.map((c) => `${c[0]}.${c[1]}`)).toEqual(['iam.create_access_key', 'iam.put_user_policy', 's3.put_bucket_lifecycle_configuration']);
    expect(response.status).toEqual({ 'kubeflow-pipelines-ready': 'False' });
  });

  test('an existing Secret is kept, and a complete namespace reports ready', () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'mlpipeline-minio-artifact', namespace: 'team-a' }, data: { accesskey: 'eA==', secretkey: 'eQ==' } };
    const attachments = { 'Secret.v1': { 'team-a/mlpipeline-minio-artifact': secret }, 'ConfigMap.v1': { a: {}, b: {}, c: {} } };
    const { response, calls } = runHook(code(), { object: namespace(ENABLED), attachments });
    expect(response.attachments[0]).toEqual(secret);
    expect(calls).toEqual([]);
    expect(response.status).toEqual({ 'kubeflow-pipelines-ready': 'True' });
  });

  test('S3-compatible stores copy the platform keys; IRSA stores get no Secret', () => {
    const minio = { kind: 's3-compatible', endpoint: 'minio.storage:9000', bucket: 'kfp', secretName: 'minio-keys' } as const;
    const copied = runHook(code({ objectStore: minio }), { object: namespace(ENABLED), attachments: {} });
    expect(copied.response.attachments[0]).toEqual(expect.objectContaining({ kind: 'Secret', data: { accesskey: Buffer.from('copied-a').toString('base64'), secretkey: Buffer.from('copied-s').toString('base64') } }));
    const irsa = runHook(code({ objectStore: { kind: 's3', region: 'eu-west-1', bucket: 'arts', roleArn: 'arn:aws:iam::123456789012:role/kfp' } }), { object: namespace(ENABLED), attachments: {} });
    expect(irsa.response.attachments.map((o) => o.kind)).toEqual(['ConfigMap', 'ConfigMap', 'ConfigMap']);
  });

  test('namespaces without the label get nothing', () => {
    expect(runHook(code(), { object: namespace({}), attachments: {} }).response).toEqual({ status: {}, attachments: [] });
  });
});
