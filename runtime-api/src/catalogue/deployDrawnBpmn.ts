import { createHash } from 'node:crypto';
import type { DefinitionError } from '@yijian/engine';
import type { Knex } from 'knex';
import type { z } from 'zod';
import { ApiError, notFound } from '../http/errors';
import type { deployedVersionSchema } from './definitionSchemas';
import { deployDefinition } from './deployDefinition';
import { deploymentRefused } from './publishBundle';

type DeployedVersion = z.infer<typeof deployedVersionSchema>;

/**
 * 部署绘制的流程: deploys a BPMN document drawn in the modeler as the next version of a bundle's
 * process. The engine checks it exactly as it checks composed bundles (the lint config the
 * modeler runs live); a refusal is a 422 `deployment_refused` naming each element and how to fix
 * it. The same document as the latest version deploys nothing new. Every attempt — deployed,
 * unchanged or refused ({@link recordRefusal}) — is recorded in `definition_deployments`. New filings run the new
 * version; running cases stay on theirs. A bundle the process library ships is refused (the next
 * start would seed its own process back over it).
 */
export async function deployDrawnBpmn(
  db: Knex,
  input: { key: string; xml: string; userId: string; now: string },
): Promise<DeployedVersion> {
  const bundle = await db('bundles').where({ key: input.key }).first('key', 'composition');
  if (!bundle) throw notFound('bundle', input.key);
  if (bundle.composition === null) throw new ApiError('bundle_shipped', { key: input.key });
  const checksum = checksumOf(input.xml);
  // deployDefinition throws the engine's DefinitionError; see recordRefusal.
  const { definition, created } = await deployDefinition(db, input.key, input.xml, input.userId);
  await db('definition_deployments').insert({
    key: input.key,
    checksum,
    actor_id: input.userId,
    at: input.now,
    version: definition.version,
    outcome: created ? 'deployed' : 'unchanged',
  });
  const row = await db('process_definitions')
    .where({ key: input.key, version: definition.version })
    .first('deployed_at');
  return {
    key: input.key,
    version: definition.version,
    versionCreated: created,
    checksum,
    deployedAt: new Date(row.deployed_at).toISOString(),
    userTasks: Object.values(definition.nodes).filter((n) => n.kind === 'userTask').length,
  };
}

/**
 * Records a refused deployment (after the command's transaction rolled back, on a connection of
 * its own) and gives the 422 to answer with.
 */
export async function recordRefusal(
  knex: Knex,
  input: { key: string; xml: string; userId: string; now: string },
  error: DefinitionError,
): Promise<ApiError> {
  await knex('definition_deployments').insert({
    key: input.key,
    checksum: checksumOf(input.xml),
    actor_id: input.userId,
    at: input.now,
    version: null,
    outcome: 'refused',
    issues: JSON.stringify(error.issues),
  });
  return deploymentRefused(input.key, error);
}

const checksumOf = (xml: string) => createHash('sha256').update(xml).digest('hex');
