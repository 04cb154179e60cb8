import { parseConfig } from '../constructs/config/load';
import { DATABASE_HOST_TOKEN, DATABASE_PASSWORD_TOKEN, databaseSecret, EKS_ISSUER_TOKEN, EKS_PIPELINES_ROLE_TOKEN, withClusterFacts } from './cluster-facts';
import { parseClusterSettings } from './settings';

const facts = { project: 'kubeflow-iac', stack: 'prod', awsRegion: 'us-west-2', gcpProject: 'p', gcpRegion: 'europe-west4' };

describe('cluster facts in the platform config', () => {
  test('EKS: the gateway trusts the new cluster issuer and pipelines use the S3 bucket through the role, both filled in at install', () => {
    const { config, late } = withClusterFacts({ platform: 'eks' }, parseClusterSettings('eks', {}), facts);
    expect(late).toEqual({ [EKS_ISSUER_TOKEN]: 'oidcIssuer', [EKS_PIPELINES_ROLE_TOKEN]: 'pipelinesRoleArn' });
    expect(config).toEqual({
      platform: 'eks',
      components: {
        auth: { m2m: { issuer: EKS_ISSUER_TOKEN } },
        pipelines: { objectStore: { kind: 's3', region: 'us-west-2', bucket: 'kubeflow-iac-prod-kubeflow-artifacts', roleArn: EKS_PIPELINES_ROLE_TOKEN } },
      },
    });
    expect(() => parseConfig(config)).not.toThrow();
  });

  test('GKE: the cluster identity, the GCS bucket and the Google service account come from the stack', () => {
    const { config, late } = withClusterFacts({ platform: 'gke' }, parseClusterSettings('gke', { name: 'kf' }), facts);
    expect(late).toEqual({});
    expect(config).toEqual({
      platform: 'gke',
      components: {
        auth: { m2m: { gke: { project: 'p', location: 'europe-west4', cluster: 'kf' } } },
        pipelines: { objectStore: { kind: 'gcs', bucket: 'kubeflow-iac-prod-kf-artifacts', serviceAccount: 'kf-pipelines@p.iam.gserviceaccount.com' } },
      },
    });
    expect(() => parseConfig(config)).not.toThrow();
  });

  test('what the user wrote wins, and disabled components are left alone', () => {
    const raw = { platform: 'eks', components: { auth: { m2m: { issuer: 'https://issuer' } }, pipelines: { enabled: false } } };
    expect(withClusterFacts(raw, parseClusterSettings('eks', {}), facts)).toEqual({ config: raw, late: {} });
  });

  test('kind: the gateway listens on the node ports the cluster maps host ports to', () => {
    const { config } = withClusterFacts({ platform: 'kind' }, parseClusterSettings('kind', {}), facts);
    expect(config).toEqual({ platform: 'kind', components: { istio: { gateway: { serviceType: 'NodePort', nodePorts: { http: 30080, https: 30443 } } } } });
    expect(() => parseConfig(config)).not.toThrow();
  });

  test('kind: a gateway type the user chose is kept', () => {
    const raw = { platform: 'kind', components: { istio: { gateway: { serviceType: 'ClusterIP' } } } };
    expect(withClusterFacts(raw, parseClusterSettings('kind', {}), facts).config).toBe(raw);
  });

  test('existing clusters add nothing', () => {
    const raw = { platform: 'generic' };
    expect(withClusterFacts(raw, parseClusterSettings('generic', {}), facts).config).toBe(raw);
  });
});

describe('managed database', () => {
  test('pipelines use it through a Secret the install makes, with the host and password filled in at install', () => {
    const { config, late } = withClusterFacts({ platform: 'eks' }, parseClusterSettings('eks', { database: {} }), facts);
    expect((config.components as { pipelines: unknown }).pipelines).toMatchObject({ database: { kind: 'external', host: DATABASE_HOST_TOKEN, secretName: 'kubeflow-iac-mysql' } });
    expect(late).toMatchObject({ [DATABASE_HOST_TOKEN]: 'databaseHost', [DATABASE_PASSWORD_TOKEN]: 'databasePassword' });
    expect(databaseSecret(late)).toEqual([{
      apiVersion: 'v1', kind: 'Secret', metadata: { name: 'kubeflow-iac-mysql', namespace: 'kubeflow' }, type: 'Opaque',
      stringData: { username: 'kubeflow', password: DATABASE_PASSWORD_TOKEN },
    }]);
    expect(() => parseConfig(config)).not.toThrow();
  });

  test('no managed database, no Secret', () => {
    expect(databaseSecret(withClusterFacts({ platform: 'eks' }, parseClusterSettings('eks', {}), facts).late)).toEqual([]);
  });
});
