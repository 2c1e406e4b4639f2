import { randomBytes } from 'node:crypto';
import type { ApiClient, ApiResponse } from '@yijian/examples';

/** A small valid-looking PDF: the magic bytes the server checks, then unique content. */
export function pdfBytes(label = randomBytes(8).toString('hex')): Buffer {
  return Buffer.concat([Buffer.from(`%PDF-1.4\n% ${label}\n`, 'latin1'), randomBytes(256)]);
}

/** The eight bytes every PNG starts with, then filler. */
export function pngBytes(): Buffer {
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(64)]);
}

/** Uploads a file as the raw body, as the web app does (POST /api/uploads). */
// biome-ignore lint/suspicious/noExplicitAny: tests read loosely typed JSON.
export async function upload<T = any>(
  client: ApiClient,
  content: Buffer,
  mediaType = 'application/pdf',
  filename?: string,
): Promise<ApiResponse<T>> {
  const query = filename ? `?filename=${encodeURIComponent(filename)}` : '';
  const res = await fetch(`${client.baseUrl}/api/uploads${query}`, {
    method: 'POST',
    headers: { 'content-type': mediaType, authorization: `Bearer ${client.token}` },
    body: new Uint8Array(content),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: (res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T,
  };
}

export interface MaterialView {
  key: string;
  status: string;
  attachment: {
    source: string;
    trustLevel: string;
    upload: { id: string; filename: string; sha256: string } | null;
    eLicence: { type: string; number: string; trustLevel: string } | null;
    verifiedBy: { displayName: string } | null;
  } | null;
}

export interface ItemMaterialsView {
  itemCode: string;
  materials: MaterialView[];
}

/** The material `key` of item `itemCode` in a case's `itemMaterials`. */
export function materialOf(items: ItemMaterialsView[], itemCode: string, key: string): MaterialView {
  const item = items.find((i) => i.itemCode === itemCode);
  if (!item) throw new Error(`no item ${itemCode} in ${items.map((i) => i.itemCode).join(', ')}`);
  const material = item.materials.find((m) => m.key === key);
  if (!material) throw new Error(`item ${itemCode} asks for no ${key}`);
  return material;
}
