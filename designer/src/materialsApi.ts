/**
 * Materials (申请材料) and e-licences (电子证照) in the runtime API (docs/api-contract.md,
 * "Materials"): uploads, the merged materials of a bundle, per item what satisfies each material.
 */
import { type LocalizedName, request } from './api';

/** 信任等级: A issued by the authority, B verified by a clerk, C uploaded by the user, D self-declared. */
export type TrustLevel = 'A' | 'B' | 'C' | 'D';

export type UploadMediaType = 'application/pdf' | 'image/jpeg' | 'image/png';

/** File types and size the server accepts (it checks them again, with the file's first bytes). */
export const UPLOAD_ACCEPT = '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png';
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export interface Upload {
  id: string;
  filename: string;
  mediaType: UploadMediaType;
  sizeBytes: number;
  sha256: string;
  createdAt: string;
}

export interface ELicenceRef {
  id: string;
  type: string;
  typeName: LocalizedName;
  number: string;
  holderEntity: string | null;
  holderCreditCode: string | null;
  issuingDepartmentId: string;
  issuingCaseId: string | null;
  issuedAt: string;
  trustLevel: TrustLevel;
}

/** What satisfies a material: an upload for this case, an e-licence attached automatically, or reused. */
export interface MaterialAttachment {
  source: 'upload' | 'eLicence' | 'reused';
  trustLevel: TrustLevel;
  attachedAt: string;
  verifiedBy: { id: string; displayName: string } | null;
  verifiedAt: string | null;
  upload: Omit<Upload, 'createdAt'> | null;
  eLicence: ELicenceRef | null;
}

export type MaterialStatus = 'satisfied' | 'needsVerification' | 'awaitingELicence' | 'missing';

export interface ItemRef {
  itemCode: string;
  name: LocalizedName;
}

export interface ItemMaterial {
  key: string;
  name: LocalizedName;
  requirement: 'required' | 'secondary';
  minTrust: TrustLevel | null;
  eLicenceType: { key: string; name: LocalizedName } | null;
  status: MaterialStatus;
  providedBy: ItemRef | null;
  attachment: MaterialAttachment | null;
}

export interface ItemMaterials {
  itemCode: string;
  name: LocalizedName;
  departmentId: string;
  materials: ItemMaterial[];
}

/** One material of a bundle, merged over its items: asked once however many items need it. */
export interface BundleMaterial {
  key: string;
  name: LocalizedName;
  eLicenceType: { key: string; name: LocalizedName } | null;
  minTrust: TrustLevel | null;
  required: boolean;
  items: { code: string; name: LocalizedName; requirement: 'required' | 'secondary' }[];
  providedBy: ItemRef | null;
  reusable: { kind: 'eLicence' | 'upload'; trustLevel: TrustLevel } | null;
}

/** An item of a bundle and the FEEL condition under which it runs (null: always). */
export interface BundleItemCondition {
  code: string;
  name: LocalizedName;
  when: string | null;
}

async function json<T>(path: string, init?: RequestInit): Promise<T> {
  return (await (await request(path, init)).json()) as T;
}

const enc = encodeURIComponent;

export const materialsApi = {
  /** Uploads a file as the raw body; the same file again returns the same upload. */
  upload: (file: File) =>
    json<Upload>(`/api/uploads?filename=${enc(file.name)}`, {
      method: 'POST',
      headers: { 'Content-Type': file.type || 'application/octet-stream' },
      body: file,
    }),
  /** Merged over `itemCodes` (the items that run for the answers so far), else over every item. */
  bundleMaterials: (bundleKey: string, itemCodes: string[] | null, signal?: AbortSignal) =>
    json<{ bundleKey: string; items: BundleItemCondition[]; materials: BundleMaterial[] }>(
      `/api/bundles/${enc(bundleKey)}/materials${itemCodes ? `?items=${enc(itemCodes.join(','))}` : ''}`,
      { signal },
    ),
  caseMaterials: (caseId: string, signal?: AbortSignal) =>
    json<{ caseId: string; items: ItemMaterials[] }>(`/api/cases/${enc(caseId)}/materials`, { signal }),
  taskMaterials: (taskId: string, signal?: AbortSignal) =>
    json<{
      taskId: string;
      caseId: string;
      caseNumber: string;
      item: ItemMaterials | null;
      items: ItemMaterials[];
    }>(`/api/tasks/${enc(taskId)}/materials`, { signal }),
  /** 补交材料: the applicant attaches an upload to a material of their open case (trust C). */
  attach: (caseId: string, materialKey: string, uploadId: string) =>
    json<{ caseId: string; items: ItemMaterials[] }>(
      `/api/cases/${enc(caseId)}/materials/${enc(materialKey)}`,
      {
        method: 'PUT',
        body: JSON.stringify({ uploadId }),
      },
    ),
  /**
   * 核验: the clerk confirms the applicant's upload against the original (C → B), naming the file
   * they viewed by its hash, so a file swapped in since is refused.
   */
  verify: (caseId: string, materialKey: string, sha256: string) =>
    json<{ caseId: string; items: ItemMaterials[] }>(
      `/api/cases/${enc(caseId)}/materials/${enc(materialKey)}/verify`,
      {
        method: 'POST',
        body: JSON.stringify({ sha256 }),
      },
    ),
};
