import * as fontkit from 'fontkit';
import type { PDFDocument } from 'pdf-lib';

type Fontkit = Parameters<PDFDocument['registerFontkit']>[0];

// fontkit 2 ships no types; these are the parts pdf-lib uses.
interface Subset {
  encode(): Uint8Array;
  encodeStream?: () => unknown;
}
interface FontkitFont {
  createSubset(): Subset;
}
const create = (fontkit as unknown as { create(buffer: Uint8Array): FontkitFont }).create;

/**
 * fontkit 2 for pdf-lib. pdf-lib 1.17 expects its own fontkit fork (1.x), whose subsetting drops
 * glyphs of CID-keyed CFF fonts such as Noto Sans SC; fontkit 2 subsets them correctly, so a
 * letter embeds only the glyphs it uses (~30 KB instead of the whole 1.6 MB font). fontkit 2
 * renamed `Subset#encodeStream()` (a stream) to `encode()` (bytes): this adapter gives pdf-lib the
 * stream it reads (`on('data' | 'end' | 'error')`).
 */
export const fontkitForPdfLib = {
  create(buffer: Uint8Array) {
    const font = create(buffer);
    const createSubset = font.createSubset.bind(font);
    font.createSubset = () => {
      const subset = createSubset();
      subset.encodeStream = () => {
        const handlers: Record<string, (value?: unknown) => void> = {};
        let scheduled = false;
        const stream = {
          on(event: string, handler: (value?: unknown) => void) {
            handlers[event] = handler;
            if (!scheduled && handlers.data && handlers.end) {
              scheduled = true;
              queueMicrotask(() => {
                try {
                  handlers.data?.(subset.encode());
                  handlers.end?.();
                } catch (error) {
                  handlers.error?.(error);
                }
              });
            }
            return stream;
          },
        };
        return stream;
      };
      return subset;
    };
    return font;
  },
} as unknown as Fontkit;
