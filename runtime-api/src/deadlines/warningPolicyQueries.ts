import type { Knex } from 'knex';
import type { WarningPolicy } from './warningPolicy';

/** Sets an item's warning policy; false when there is no such item. */
export async function setItemWarningPolicy(db: Knex, code: string, policy: WarningPolicy): Promise<boolean> {
  return (
    (await db('items')
      .where({ code })
      .update({ warning_policy: JSON.stringify(policy) })) === 1
  );
}

/** Sets a bundle's warning policy; false when there is no such bundle. */
export async function setBundleWarningPolicy(db: Knex, key: string, policy: WarningPolicy): Promise<boolean> {
  return (
    (await db('bundles')
      .where({ key })
      .update({ warning_policy: JSON.stringify(policy) })) === 1
  );
}
