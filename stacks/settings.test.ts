import { ConfigError } from '../constructs/config/errors';
import { KIND_NODE_IMAGE, parseClusterSettings } from './settings';

describe('cluster settings', () => {
  test('generic platforms use an existing cluster', () => {
    expect(parseClusterSettings('generic', { context: 'c' })).toEqual({ layer: 'existing', settings: { context: 'c', adopt: false } });
  });

  test('kind defaults pin the node image and publish 8080 and 8443', () => {
    expect(parseClusterSettings('kind', undefined)).toEqual({ layer: 'kind', settings: { name: 'kubeflow', nodeImage: KIND_NODE_IMAGE, workers: 0, httpPort: 8080, httpsPort: 8443 } });
  });

  test('`existing` on a cloud platform uses that cluster instead of making one', () => {
    expect(parseClusterSettings('eks', { existing: { kubeconfig: '/k' } })).toEqual({ layer: 'existing', settings: { kubeconfig: '/k', adopt: false } });
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

  test('errors name the key, the value and the rule', () => {
    const err = (() => {
      try {
        parseClusterSettings('eks', { vpc: { availabilityZones: 4 }, colour: 'red' });
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('no error');
    })();
    expect(err.problems).toEqual([
      'cluster.vpc.availabilityZones: got 4; Too big: expected number to be <=3',
      'cluster.colour: unknown key for platform eks',
    ]);
  });
});
