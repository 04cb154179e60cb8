import { randomToken } from '../core/secrets';
import { WireComponent } from '../platform/build';
import { KatibDatabase } from './database';
import { Katib } from './katib';

/** Wires Katib, configured from `components.katib`. */
export const wireKatib: WireComponent = (scope, { config, images, sizing, secrets, gateways }) => {
  const c = config.components.katib;
  const db = c.database;
  const database: KatibDatabase = db.kind === 'in-cluster'
    ? { kind: 'in-cluster', rootPassword: secrets.value('katib/mysql-root-password', () => randomToken()), size: db.size, storageClass: db.storageClass }
    : db;
  new Katib(scope, 'Katib', { images, sizing, gateways, database, trialResources: c.trialResources });
};
