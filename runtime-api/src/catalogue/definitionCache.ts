import type { ProcessDefinition } from '@yijian/engine';
import type { Knex } from 'knex';
import { notFound } from '../http/errors';

/**
 * Deployed definitions never change (a change is a new version), so they cache forever.
 *
 * A command inside a transaction passes its transaction as `db`: a miss is then read through the
 * connection the command already holds, never through the pool. (A command that waited for a
 * second pooled connection while holding one is how ten commands starved each other.)
 */
export class DefinitionCache {
  private readonly byVersion = new Map<string, ProcessDefinition>();

  constructor(private readonly knex: Knex) {}

  /** The definition `key@version`; read through `db` (the caller's transaction) when not cached. */
  async get(
    key: string,
    version: number,
    db: Knex | Knex.Transaction = this.knex,
  ): Promise<ProcessDefinition> {
    const id = `${key}@${version}`;
    const cached = this.byVersion.get(id);
    if (cached) return cached;
    const row = await db('process_definitions').where({ key, version }).first('compiled');
    // A case pointing at a version that is not there is a fault in the data, not a refusal: a logged 500.
    if (!row) throw new Error(`Process definition ${id} is not deployed`);
    const definition = row.compiled as ProcessDefinition;
    this.byVersion.set(id, definition);
    return definition;
  }

  /**
   * The latest deployed version of `key` as `db` sees it (a new version may be deployed at any
   * time, so the version is always read; the compiled definition comes from the cache).
   */
  async latest(
    key: string,
    db: Knex | Knex.Transaction = this.knex,
  ): Promise<{ definition: ProcessDefinition; xml: string }> {
    const row = await db('process_definitions')
      .where({ key })
      .orderBy('version', 'desc')
      .first('version', 'bpmn_xml');
    if (!row) throw notFound('process', key);
    return { definition: await this.get(key, row.version, db), xml: row.bpmn_xml };
  }
}
