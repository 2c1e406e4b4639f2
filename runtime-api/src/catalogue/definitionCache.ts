import type { ProcessDefinition } from '@yijian/engine';
import type { Knex } from 'knex';
import { notFound } from '../http/errors';

/** Deployed definitions never change (a change is a new version), so they cache forever. */
export class DefinitionCache {
  private readonly byVersion = new Map<string, ProcessDefinition>();

  constructor(private readonly knex: Knex) {}

  async get(key: string, version: number): Promise<ProcessDefinition> {
    const id = `${key}@${version}`;
    const cached = this.byVersion.get(id);
    if (cached) return cached;
    const row = await this.knex('process_definitions').where({ key, version }).first('compiled');
    // A case pointing at a version that is not there is a fault in the data, not a refusal: a logged 500.
    if (!row) throw new Error(`Process definition ${id} is not deployed`);
    const definition = row.compiled as ProcessDefinition;
    this.byVersion.set(id, definition);
    return definition;
  }

  async latest(key: string): Promise<{ definition: ProcessDefinition; xml: string }> {
    const row = await this.knex('process_definitions')
      .where({ key })
      .orderBy('version', 'desc')
      .first('version', 'bpmn_xml');
    if (!row) throw notFound('process', key);
    return { definition: await this.get(key, row.version), xml: row.bpmn_xml };
  }
}
