import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { z } from 'zod';
import { Dex } from '../constructs/auth/dex';
import { OAuth2Proxy } from '../constructs/auth/oauth2-proxy';
import { CertManager } from '../constructs/cert-manager/cert-manager';
import { EphemeralSecretStore } from '../constructs/core/secrets';
import { CentralDashboard } from '../constructs/dashboard/dashboard';
import { Pipelines } from '../constructs/pipelines/pipelines';
import { ProfileController } from '../constructs/profiles/profile-controller';
import { Profiles } from '../constructs/profiles/profiles';

// Constructs take their options' defaults from the component's schema by parsing their props
// through it, so a library user's option is checked as the platform config's field is.
const client = { id: 'c', secret: 's' };
const build: Record<string, (scope: Construct, options: Record<string, unknown>) => void> = {
  CertManager: (s, o) => new CertManager(s, 'x', o),
  Dex: (s, o) => new Dex(s, 'x', { client, ...o }),
  OAuth2Proxy: (s, o) => new OAuth2Proxy(s, 'x', { client, cookieSecret: 'k'.repeat(32), ...o }),
  CentralDashboard: (s, o) => new CentralDashboard(s, 'x', o),
  Profiles: (s, o) => new Profiles(s, 'x', o),
  ProfileController: (s, o) => new ProfileController(s, 'x', { namespaceLabels: {}, ...o }),
  Pipelines: (s, o) => new Pipelines(s, 'x', { secrets: new EphemeralSecretStore({}), ...o }),
};

function issues(construct: string, options: Record<string, unknown>): unknown {
  try {
    build[construct](Testing.chart(), options);
  } catch (e) {
    if (e instanceof z.ZodError) return e.issues.map((i) => [i.path.join('.'), i.message]);
    throw e;
  }
  return 'built';
}

test.each([
  ['CertManager', { logLevel: 7 }, [['logLevel', 'Too big: expected number to be <=6']]],
  ['Dex', { logLevel: 'loud' }, [['logLevel', 'Invalid option: expected one of "debug"|"info"|"warn"|"error"']]],
  ['OAuth2Proxy', { emailDomains: [] }, [['emailDomains', 'Too small: expected array to have >=1 items']]],
  ['CentralDashboard', { logoutUrl: '' }, [['logoutUrl', 'Too small: expected string to have >=1 characters']]],
  ['Profiles', { userIdHeader: '' }, [['userIdHeader', 'Too small: expected string to have >=1 characters']]],
  ['ProfileController', { userIdHeader: '' }, [['userIdHeader', 'Too small: expected string to have >=1 characters']]],
  ['Pipelines', { artifactRetentionDays: -2 }, [['artifactRetentionDays', 'Too small: expected number to be >=-1']]],
])('%s checks %j against its schema', (construct, options, want) => {
  expect(issues(construct, options)).toEqual(want);
});

test.each(Object.keys(build))('%s builds with no options: every default comes from its schema', (construct) => {
  expect(issues(construct, {})).toBe('built');
});
