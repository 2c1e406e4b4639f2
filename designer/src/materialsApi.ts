/**
 * Materials (申请材料) and e-licences (电子证照) in the runtime API (docs/api-contract.md,
 * "Materials"): uploads, the merged materials of a bundle, per item what satisfies each material.
 */
import type { ResponseOf, Schemas } from '@yijian/api-client';
import { client, data, request } from './api';

/** 信任等级: A issued by the authority, B verified by a clerk, C uploaded by the user, D self-declared. */
export type TrustLevel = Schemas['TrustLevel'];
export type Upload = Schemas['Upload'];
export type UploadMediaType = Upload['mediaType'];

export const UPLOAD_ACCEPT = '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png';
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export type MaterialAttachment = Schemas['MaterialAttachment'];
export type ELicenceRef = NonNullable<MaterialAttachment['eLicence']>;
export type ItemMaterials = Schemas['ItemMaterials'];
export type ItemMaterial = ItemMaterials['materials'][number];
export type MaterialStatus = ItemMaterial['status'];
export type ItemRef = NonNullable<ItemMaterial['providedBy']>;
export type BundleMaterials = Schemas['BundleMaterials'];
export type BundleMaterial = BundleMaterials['materials'][number];
export type BundleItemCondition = BundleMaterials['items'][number];

export const materialsApi = {
  /** The file itself is the body (not JSON): sent as its own media type. */
  upload: async (file: File): Promise<ResponseOf<'/api/uploads', 'post'>> => {
    const res = await request(`/api/uploads?filename=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      headers: { 'Content-Type': file.type || 'application/octet-stream' },
      body: file,
    });
    return (await res.json()) as ResponseOf<'/api/uploads', 'post'>;
  },
  bundleMaterials: (bundleKey: string, itemCodes: string[] | null, signal?: AbortSignal) =>
    data(
      client.GET('/api/bundles/{key}/materials', {
        params: { path: { key: bundleKey }, query: itemCodes ? { items: itemCodes.join(',') } : {} },
        signal,
      }),
    ),
  caseMaterials: (caseId: string, signal?: AbortSignal) =>
    data(client.GET('/api/cases/{id}/materials', { params: { path: { id: caseId } }, signal })),
  taskMaterials: (taskId: string, signal?: AbortSignal) =>
    data(client.GET('/api/tasks/{id}/materials', { params: { path: { id: taskId } }, signal })),
  attach: (caseId: string, materialKey: string, uploadId: string) =>
    data(
      client.PUT('/api/cases/{id}/materials/{key}', {
        params: { path: { id: caseId, key: materialKey } },
        body: { uploadId },
      }),
    ),
  verify: (caseId: string, materialKey: string, sha256: string) =>
    data(
      client.POST('/api/cases/{id}/materials/{key}/verify', {
        params: { path: { id: caseId, key: materialKey } },
        body: { sha256 },
      }),
    ),
};
