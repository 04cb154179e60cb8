import { randomToken } from '../core/secrets';
import { WireComponent } from '../platform/build';
import { KatibDatabase } from './database';
import { Katib } from './katib';

/** Wires Katib, configured from `components.katib`. */
export const wireKatib: WireComponent = (scope, { config, images, sizing, secrets, gateways }) => {
  const c = config.components.katib;
  const db = c.database;
  const database: KatibDatabase = db.kind === 'in-cluster' ? { ...db, rootPassword: secrets.value('katib/mysql-root-password', () => randomToken()) } : db;
  new Katib(scope, 'Katib', { images, sizing, gateways, ...c, database });
};
