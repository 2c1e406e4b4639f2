import { randomBytes } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import type { ApiClient, ApiResponse } from '@yijian/examples';

/**
 * A small real PDF (one empty page, a cross-reference table, `%%EOF`) whose comment makes its
 * content unique: what the server opens to check an upload.
 */
export function pdfBytes(label = randomBytes(8).toString('hex')): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
  ];
  let text = `%PDF-1.4\n% ${label} ${randomBytes(8).toString('hex')}\n`;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(text, 'latin1'));
    text += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(text, 'latin1');
  text += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) text += `${String(o).padStart(10, '0')} 00000 n \n`;
  text += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(text, 'latin1');
}

/** A real 4×4 RGB PNG of random colours (valid chunks and CRCs, image data that inflates). */
export function pngBytes(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(4, 0);
  header.writeUInt32BE(4, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const rows = Buffer.concat(
    Array.from({ length: 4 }, () => Buffer.concat([Buffer.from([0]), randomBytes(12)])),
  );
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
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

/**
 * On the case page's correction screen, uploads a small PDF into every requested material's slot
 * still waiting, the way an applicant does (button, file chooser), until all are handed in.
 */
export async function uploadRequestedMaterials(page: import('playwright-core').Page): Promise<number> {
  const waiting = page.locator('[data-testid^="correction-material-"][data-answered="no"]');
  await page.getByTestId('correction-uploads').waitFor();
  let n = 0;
  while ((await waiting.count()) > 0) {
    const slot = waiting.first();
    const key = ((await slot.getAttribute('data-testid')) ?? '').replace('correction-material-', '');
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId(`correction-upload-${key}`).click();
    await (await chooser).setFiles({
      name: `${key}.pdf`,
      mimeType: 'application/pdf',
      buffer: pdfBytes(key),
    });
    await page.locator(`[data-testid="correction-material-${key}"][data-answered="yes"]`).waitFor();
    n++;
  }
  return n;
}
