import { fillBoth, listOf, validationReasons } from '../http/errorCodes';
import { ApiError } from '../http/errors';
import { contentProblem } from './fileContent';

/** The largest material file accepted: a scanned multi-page PDF fits, a video does not. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/**
 * The file types a material may be: what the windows print and archive. Each is recognised by its
 * first bytes too, so a renamed executable does not pass as a PDF.
 */
export const uploadTypes = {
  'application/pdf': { extension: 'pdf', magic: [Buffer.from('%PDF-', 'latin1')] },
  'image/jpeg': { extension: 'jpg', magic: [Buffer.from([0xff, 0xd8, 0xff])] },
  'image/png': { extension: 'png', magic: [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])] },
} as const;

export type UploadMediaType = keyof typeof uploadTypes;

export const uploadMediaTypes = Object.keys(uploadTypes) as UploadMediaType[];

export const fileTooLarge = () =>
  new ApiError('file_too_large', { megabytes: MAX_UPLOAD_BYTES / 1024 / 1024 });

/**
 * Checks an upload's declared type, size and first bytes; returns the media type it is stored as.
 * Throws 400 (`unsupported_file_type`, `empty_file`, `file_content_mismatch`) or 413.
 */
export async function checkUpload(contentType: string | undefined, body: unknown): Promise<UploadMediaType> {
  const declared = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  // Own keys only: `in` would take `__proto__` or `constructor` for a file type.
  if (!Object.hasOwn(uploadTypes, declared) || !Buffer.isBuffer(body)) {
    const accepted = listOf(uploadMediaTypes);
    const reason = fillBoth(validationReasons.contentTypeOneOf, { accepted });
    throw new ApiError(
      'unsupported_file_type',
      { accepted, declared: declared || { 'zh-CN': '（无）', en: 'none' } },
      [{ path: 'headers.content-type', message: reason.en, messages: reason }],
    );
  }
  const mediaType = declared as UploadMediaType;
  if (body.length === 0) throw new ApiError('empty_file');
  if (body.length > MAX_UPLOAD_BYTES) throw fileTooLarge();
  if (
    !uploadTypes[mediaType].magic.some((m) => body.subarray(0, m.length).equals(m)) ||
    (await contentProblem(mediaType, body)) !== null
  ) {
    throw new ApiError('file_content_mismatch', { type: uploadTypes[mediaType].extension.toUpperCase() });
  }
  return mediaType;
}
