import type { Schemas } from '@yijian/api-client';
import { client, data } from './api';

/** An item's form as the form designer edits it (form-js schema, versioned on the server). */
export type StoredItemForm = Schemas['StoredItemForm'];
export type ItemForm = Schemas['ItemForm'];
export type ItemFormField = ItemForm['components'][number];
export type ItemFormPreview = Schemas['ItemFormPreview'];
export type DictionaryField = Schemas['DictionaryField'];

const code = (itemCode: string) => ({ params: { path: { code: itemCode } } });

export const formsApi = {
  dictionary: (signal?: AbortSignal) => data(client.GET('/api/catalogue/fields', { signal })),
  form: (itemCode: string, signal?: AbortSignal) =>
    data(client.GET('/api/catalogue/items/{code}/form', { ...code(itemCode), signal })),
  save: (itemCode: string, schema: ItemForm, expectedVersion: number) =>
    data(
      client.PUT('/api/catalogue/items/{code}/form', {
        ...code(itemCode),
        body: { schema, expectedVersion },
      }),
    ),
  preview: (itemCode: string, schema: ItemForm, bundleKey: string, signal?: AbortSignal) =>
    data(
      client.POST('/api/catalogue/items/{code}/form/preview', {
        ...code(itemCode),
        body: { schema, bundleKey },
        signal,
      }),
    ),
  republish: (key: string) =>
    data(client.POST('/api/bundles/{key}/republish', { params: { path: { key } } })),
};

/** 事项目录维护: service items, materials and the audit trail of their changes. */
export type StoredItem = Schemas['StoredItem'];
export type ItemDefinition = Schemas['ItemDefinition'];
export type MaterialType = Schemas['MaterialType'];
export type CatalogueChange = Schemas['CatalogueChange'];
export type NewMaterialType = Schemas['MaterialTypeCreateRequest'];

export const catalogueApi = {
  item: (itemCode: string, signal?: AbortSignal) =>
    data(client.GET('/api/catalogue/items/{code}', { ...code(itemCode), signal })),
  saveItem: (itemCode: string, item: ItemDefinition, expectedVersion: number) =>
    data(client.PUT('/api/catalogue/items/{code}', { ...code(itemCode), body: { item, expectedVersion } })),
  materials: (signal?: AbortSignal) => data(client.GET('/api/catalogue/materials', { signal })),
  eLicenceTypes: (signal?: AbortSignal) => data(client.GET('/api/catalogue/e-licence-types', { signal })),
  createMaterial: (body: Schemas['MaterialTypeCreateRequest']) =>
    data(client.POST('/api/catalogue/materials', { body })),
  saveMaterial: (key: string, body: Schemas['MaterialTypeRequest']) =>
    data(client.PUT('/api/catalogue/materials/{key}', { params: { path: { key } }, body })),
  changes: (signal?: AbortSignal) => data(client.GET('/api/catalogue/changes', { signal })),
};
