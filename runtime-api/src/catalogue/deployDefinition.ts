import { createHash } from 'node:crypto';
import { type ProcessDefinition, parseBpmn } from '@yijian/engine';
import type { Knex } from 'knex';

/**
 * Deploys BPMN as the next version of its process key. Deploying the same XML again is a no-op,
 * so seeding on every start is safe. Running cases stay on the version they started with.
 */
export async function deployDefinition(
  knex: Knex,
  key: string,
  xml: string,
  deployedBy: string | null = null,
): Promise<{ definition: ProcessDefinition; created: boolean }> {
  const checksum = createHash('sha256').update(xml).digest('hex');
  return knex.transaction(async (trx) => {
    // Serialise deployments of one key so two nodes cannot both take the same version number.
    await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`deploy:${key}`]);
    const latest = await trx('process_definitions')
      .where({ key })
      .orderBy('version', 'desc')
      .first('version', 'checksum', 'compiled');
    if (latest?.checksum === checksum)
      return { definition: latest.compiled as ProcessDefinition, created: false };
    const definition = await parseBpmn(xml, { key, version: (latest?.version ?? 0) + 1 });
    await trx('process_definitions').insert({
      key,
      version: definition.version,
      bpmn_xml: xml,
      checksum,
      compiled: JSON.stringify(definition),
      deployed_by: deployedBy,
    });
    return { definition, created: true };
  });
}
