import { crc32, inflateSync } from 'node:zlib';
import { imageSize } from 'image-size';
import { PDFDocument } from 'pdf-lib';

/** The largest image side accepted, and pixels in all: a scanned A4 page at 600 dpi fits. */
const MAX_IMAGE_SIDE = 20_000;
const MAX_IMAGE_PIXELS = 100_000_000;

/**
 * Checks that an upload is a real file of its type, beyond its first bytes: a 5-byte `%PDF-` or a
 * PNG header on random bytes is not a document a clerk can open. Resolves to a short English
 * reason when it is not (for the log, never shown with the bytes), or null when it is.
 *
 * - PDF: a version header, at least one indirect object, a cross-reference (`startxref` + offset,
 *   or a cross-reference stream) and `%%EOF` at the end; then it must load in pdf-lib with every
 *   object valid and at least one page — what a clerk's viewer needs to open it.
 * - Images: the header read by `image-size` must be of the declared type with a sane size
 *   (both sides 1–20 000 px, at most 100 Mpx); then
 *   - PNG: every chunk's CRC, IHDR first with the same size and a known colour type, IEND last,
 *     and the image data inflating to exactly the rows IHDR announces (decoded, bounded);
 *   - JPEG: the marker segments walk from SOI to a frame header (SOFn) with the same size, a
 *     scan (SOS), and EOI at the end — a truncated file has none.
 */
export async function contentProblem(mediaType: string, body: Buffer): Promise<string | null> {
  switch (mediaType) {
    case 'application/pdf':
      return pdfProblem(body) ?? (await pdfLoadProblem(body));
    case 'image/png':
    case 'image/jpeg': {
      const size = imageSizeProblem(mediaType, body);
      if (typeof size === 'string') return size;
      return mediaType === 'image/png' ? pngProblem(body, size) : jpegProblem(body, size);
    }
    default:
      return 'unknown type';
  }
}

interface Dimensions {
  width: number;
  height: number;
}

function imageSizeProblem(mediaType: 'image/png' | 'image/jpeg', body: Buffer): Dimensions | string {
  let read: ReturnType<typeof imageSize>;
  try {
    read = imageSize(body);
  } catch {
    return 'no readable image header';
  }
  if (read.type !== (mediaType === 'image/png' ? 'png' : 'jpg'))
    return `header of another type (${read.type})`;
  // An EXIF orientation swaps the displayed sides, not the stored ones: compare the stored.
  const { width, height } = read;
  if (!width || !height) return 'no image size';
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE || width * height > MAX_IMAGE_PIXELS)
    return 'image too large';
  return { width, height };
}

/** Loads the PDF as a reader would: every object must parse, and it must have a page. */
async function pdfLoadProblem(body: Buffer): Promise<string | null> {
  try {
    const pdf = await PDFDocument.load(body, {
      ignoreEncryption: true,
      throwOnInvalidObject: true,
      updateMetadata: false,
    });
    return pdf.getPageCount() > 0 ? null : 'no page';
  } catch {
    return 'does not parse as PDF';
  }
}

function pdfProblem(body: Buffer): string | null {
  if (!/^%PDF-[12]\.\d/.test(body.subarray(0, 8).toString('latin1'))) return 'no PDF version header';
  const tail = body.subarray(Math.max(0, body.length - 1024)).toString('latin1');
  if (!/%%EOF\s*$/.test(tail)) return 'no %%EOF at the end';
  if (!/startxref\s+\d+\s+%%EOF/.test(tail)) return 'no startxref before %%EOF';
  if (!/\d+\s+\d+\s+obj\b/.test(body.toString('latin1'))) return 'no indirect object';
  return null;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Bits per pixel's channel count by colour type. */
const PNG_CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

function pngProblem(body: Buffer, size: Dimensions): string | null {
  if (!body.subarray(0, 8).equals(PNG_SIGNATURE)) return 'no PNG signature';
  let offset = 8;
  let header: { width: number; height: number; bitDepth: number; colour: number; interlace: number } | null =
    null;
  const data: Buffer[] = [];
  let ended = false;
  while (offset + 12 <= body.length) {
    const length = body.readUInt32BE(offset);
    const type = body.subarray(offset + 4, offset + 8).toString('latin1');
    if (offset + 12 + length > body.length) return `chunk ${type} runs past the end`;
    const chunk = body.subarray(offset + 8, offset + 8 + length);
    if (crc32(body.subarray(offset + 4, offset + 8 + length)) !== body.readUInt32BE(offset + 8 + length))
      return `bad CRC in ${type}`;
    if (!header && type !== 'IHDR') return 'IHDR is not first';
    if (type === 'IHDR') {
      if (length !== 13) return 'bad IHDR';
      header = {
        width: chunk.readUInt32BE(0),
        height: chunk.readUInt32BE(4),
        bitDepth: chunk[8]!,
        colour: chunk[9]!,
        interlace: chunk[12]!,
      };
      if (header.width === 0 || header.height === 0 || !(header.colour in PNG_CHANNELS)) return 'bad IHDR';
      if (header.width !== size.width || header.height !== size.height) return 'IHDR size disagrees';
    } else if (type === 'IDAT') data.push(chunk);
    else if (type === 'IEND') {
      ended = true;
      break;
    }
    offset += 12 + length;
  }
  if (!header || !ended) return 'no IEND';
  if (data.length === 0) return 'no image data';
  const rowBytes = Math.ceil((header.width * header.bitDepth * PNG_CHANNELS[header.colour]!) / 8);
  // Interlaced images have seven passes of their own sizes; bound them by the plain size plus slack.
  const expected = (rowBytes + 1) * header.height;
  const bound = header.interlace ? expected * 2 + 64 : expected;
  if (bound > 256 * 1024 * 1024) return 'image too large to decode';
  try {
    const pixels = inflateSync(Buffer.concat(data), { maxOutputLength: bound + 1 });
    if (!header.interlace && pixels.length !== expected) return 'image data does not match its size';
  } catch {
    return 'image data does not decode';
  }
  return null;
}

function jpegProblem(body: Buffer, size: Dimensions): string | null {
  if (body[0] !== 0xff || body[1] !== 0xd8) return 'no SOI';
  if (body[body.length - 2] !== 0xff || body[body.length - 1] !== 0xd9) return 'no EOI at the end';
  let offset = 2;
  let frame = false;
  while (offset + 4 <= body.length) {
    if (body[offset] !== 0xff) return 'broken marker segments';
    const marker = body[offset + 1]!;
    if (marker === 0xff) {
      offset++;
      continue;
    }
    const length = body.readUInt16BE(offset + 2);
    if (length < 2 || offset + 2 + length > body.length) return 'segment runs past the end';
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC)
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (length < 8 || body.readUInt16BE(offset + 5) === 0 || body.readUInt16BE(offset + 7) === 0)
        return 'bad frame header';
      // SOFn holds height, then width
      if (body.readUInt16BE(offset + 5) !== size.height || body.readUInt16BE(offset + 7) !== size.width)
        return 'frame size disagrees';
      frame = true;
    }
    if (marker === 0xda) return frame ? null : 'scan before any frame header';
    offset += 2 + length;
  }
  return 'no scan';
}
