/**
 * 流程版本管理 in the runtime API (docs/api-contract.md, "Definitions lifecycle"): drafts, deployed
 * versions with running cases, diffs, retiring and restoring, bulk migration and the test run.
 */
import type { Schemas } from '@yijian/api-client';
import { client, data } from './api';

export type DefinitionSummary = Schemas['DefinitionSummary'];
export type DefinitionVersions = Schemas['DefinitionVersions'];
export type DefinitionVersion = DefinitionVersions['versions'][number];
export type Retirement = NonNullable<DefinitionSummary['retired']>;
export type DefinitionDiff = Schemas['DefinitionDiff'];
export type DiffElement = DefinitionDiff['added'][number];
export type ChangedElement = DefinitionDiff['changed'][number];
export type DraftSummary = Schemas['DefinitionDraftSummary'];
export type Draft = Schemas['DefinitionDraft'];
export type NewDraft = Schemas['NewDefinitionDraft'];
export type BulkMigrationRequest = Schemas['BulkMigrationRequest'];
export type BulkMigration = Schemas['BulkMigrationResult'];
export type TestRunRequest = Schemas['TestRunRequest'];
export type TestRun = Schemas['TestRunResult'];
export type TestRunItem = TestRun['items'][number];
export type DefinitionChange = Schemas['DefinitionChange'];

const keyPath = (key: string) => ({ params: { path: { key } } });
const versionPath = (key: string, version: number) => ({ params: { path: { key, version } } });

/** The .bpmn download of one deployed version (a plain link: the session cookie goes along). */
export const versionBpmnUrl = (key: string, version: number) =>
  `/api/definitions/${encodeURIComponent(key)}/versions/${version}/bpmn`;

export const studioApi = {
  definitions: (signal?: AbortSignal) => data(client.GET('/api/definitions', { signal })),
  versions: (key: string, signal?: AbortSignal) =>
    data(client.GET('/api/definitions/{key}/versions', { ...keyPath(key), signal })),
  diff: (key: string, from: number, to: number, signal?: AbortSignal) =>
    data(
      client.GET('/api/definitions/{key}/diff', {
        params: { path: { key }, query: { from, to } },
        signal,
      }),
    ),
  retireBundle: (key: string, reason: string) =>
    data(client.POST('/api/definitions/{key}/retire', { ...keyPath(key), body: { reason } })),
  restoreBundle: (key: string, reason: string) =>
    data(client.POST('/api/definitions/{key}/restore', { ...keyPath(key), body: { reason } })),
  retireVersion: (key: string, version: number, reason: string) =>
    data(
      client.POST('/api/definitions/{key}/versions/{version}/retire', {
        ...versionPath(key, version),
        body: { reason },
      }),
    ),
  restoreVersion: (key: string, version: number, reason: string) =>
    data(
      client.POST('/api/definitions/{key}/versions/{version}/restore', {
        ...versionPath(key, version),
        body: { reason },
      }),
    ),
  changes: (key: string, signal?: AbortSignal) =>
    data(client.GET('/api/definitions/{key}/changes', { ...keyPath(key), signal })),
  migrate: (key: string, body: BulkMigrationRequest) =>
    data(client.POST('/api/definitions/{key}/migrations', { ...keyPath(key), body })),
  drafts: (key: string, signal?: AbortSignal) =>
    data(client.GET('/api/definitions/{key}/drafts', { ...keyPath(key), signal })),
  createDraft: (key: string, body: NewDraft) =>
    data(client.POST('/api/definitions/{key}/drafts', { ...keyPath(key), body })),
  draft: (id: string, signal?: AbortSignal) =>
    data(client.GET('/api/definition-drafts/{id}', { params: { path: { id } }, signal })),
  renameDraft: (id: string, updatedAt: string, name: string) =>
    data(client.PUT('/api/definition-drafts/{id}', { params: { path: { id } }, body: { updatedAt, name } })),
  /** Saves the composer's composition back over a composition draft (409 draft_changed when stale). */
  saveDraftComposition: (id: string, updatedAt: string, composition: Schemas['ComposeBundleRequest']) =>
    data(
      client.PUT('/api/definition-drafts/{id}', {
        params: { path: { id } },
        body: { updatedAt, composition },
      }),
    ),
  deleteDraft: (id: string) =>
    data(client.DELETE('/api/definition-drafts/{id}', { params: { path: { id } } })),
  testRun: (body: TestRunRequest) => data(client.POST('/api/definitions/test-run', { body })),
};
