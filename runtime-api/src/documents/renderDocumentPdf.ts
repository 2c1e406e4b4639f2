import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';
import { type DocumentInput, defaultRemedies, documentTitle } from './documentInput';
import { fontkitForPdfLib } from './fontkitForPdfLib';
import { woffToSfnt } from './woffToSfnt';

/**
 * Noto Sans SC (SIL Open Font License 1.1), from the `@fontsource/noto-sans-sc` package installed
 * with the project: its "chinese-simplified" file covers GB2312 Hanzi, CJK punctuation and ASCII.
 * Read and unpacked once per process; each PDF embeds
 * only the glyphs it uses (subset by fontkit 2, see fontkitForPdfLib.ts), so a letter is ~30 KB.
 */
let fontBytes: Buffer | undefined;
function notoSansSc(): Buffer {
  if (!fontBytes) {
    const require = createRequire(import.meta.url);
    // The package exports only its CSS; its font files sit beside it.
    const dir = path.join(path.dirname(require.resolve('@fontsource/noto-sans-sc')), 'files');
    fontBytes = woffToSfnt(readFileSync(path.join(dir, 'noto-sans-sc-chinese-simplified-400-normal.woff')));
  }
  return fontBytes;
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 72;
const BODY = 12;
const LINE = 20;
const INK = rgb(0.1, 0.1, 0.1);
const SEAL = rgb(0.78, 0.1, 0.1);

/** 2026-11-26 → 2026年11月26日, as Chinese official documents date themselves. */
export function chineseDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** Lays out text top to bottom, wrapping by character (Chinese has no spaces to wrap at). */
class Writer {
  private y = A4.height - MARGIN;
  private page: PDFPage;
  /** Advance widths at size 1 by character: fontkit lays out a whole string per call, which is slow. */
  private readonly widths = new Map<string, number>();
  constructor(
    private readonly doc: PDFDocument,
    private readonly font: PDFFont,
  ) {
    this.page = doc.addPage([A4.width, A4.height]);
  }

  /** The width of `text` at `size`, summed from cached per-character advances (no kerning in CJK). */
  width(text: string, size: number): number {
    let total = 0;
    for (const char of text) {
      let w = this.widths.get(char);
      if (w === undefined) {
        w = this.font.widthOfTextAtSize(char, 1);
        this.widths.set(char, w);
      }
      total += w;
    }
    return total * size;
  }

  private ensure(height: number) {
    if (this.y - height < MARGIN) {
      this.page = this.doc.addPage([A4.width, A4.height]);
      this.y = A4.height - MARGIN;
    }
  }

  centered(text: string, size: number, gap = size * 0.8) {
    this.ensure(size + gap);
    const width = this.width(text, size);
    this.page.drawText(text, {
      x: (A4.width - width) / 2,
      y: this.y - size,
      size,
      font: this.font,
      color: INK,
    });
    this.y -= size + gap;
  }

  right(text: string, size = BODY) {
    this.ensure(LINE);
    const width = this.width(text, size);
    this.page.drawText(text, {
      x: A4.width - MARGIN - width,
      y: this.y - size,
      size,
      font: this.font,
      color: INK,
    });
    this.y -= LINE;
  }

  /** A paragraph; `indent` is the first line's indent in characters (两字缩进). */
  paragraph(text: string, options: { indent?: number; size?: number; hanging?: string } = {}) {
    const size = options.size ?? BODY;
    const maxWidth = A4.width - 2 * MARGIN;
    for (const source of text.split('\n')) {
      let line = options.hanging ?? '　'.repeat(options.indent ?? 2);
      const lineStart = options.hanging ? '　'.repeat([...options.hanging].length) : '';
      for (const char of source) {
        // 避头点: closing punctuation never starts a line; it hangs in the margin instead.
        if (this.width(line + char, size) > maxWidth && !noLineStart.has(char)) {
          this.emit(line, size);
          line = lineStart;
        }
        line += char;
      }
      this.emit(line, size);
    }
  }

  gap(height = LINE / 2) {
    this.y -= height;
  }

  private emit(line: string, size: number) {
    this.ensure(LINE);
    this.page.drawText(line, { x: MARGIN, y: this.y - size, size, font: this.font, color: INK });
    this.y -= LINE;
  }

  /** The issuing department and the date, right-aligned, with the seal's outline (not a real seal). */
  signature(department: string, date: string) {
    this.gap(LINE);
    this.ensure(LINE * 3);
    const centreY = this.y - LINE;
    this.page.drawEllipse({
      x: A4.width - MARGIN - 60,
      y: centreY,
      xScale: 40,
      yScale: 40,
      borderColor: SEAL,
      borderWidth: 1.5,
      opacity: 0,
      borderOpacity: 0.8,
    });
    this.right(department);
    this.right(date);
  }

  /** A line at the foot of the last page: how to check the document. */
  footer(text: string) {
    this.page.drawText(text, {
      x: MARGIN,
      y: MARGIN / 2,
      size: 8,
      font: this.font,
      color: rgb(0.4, 0.4, 0.4),
    });
  }
}

const joinZh = (values: string[]) => values.join('、');

/** Punctuation a Chinese line may not start with. */
const noLineStart = new Set([...'，。、；：？！）》」』”’】']);

/**
 * Renders one document of a case as a PDF: Chinese text (the English title under it), the issuing
 * department and the date. Deterministic: the same input gives the same bytes (no clock, the
 * dates inside come from the input), so a retried job stores the same file.
 */
export async function renderDocumentPdf(input: DocumentInput): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(fontkitForPdfLib);
  const font = await doc.embedFont(notoSansSc(), { subset: true, features: { liga: false } });
  const title = documentTitle(input);
  const issued = new Date(`${input.issuedOn}T00:00:00+08:00`);
  doc.setTitle(`${title.zh} ${input.caseNumber}`);
  doc.setAuthor(input.issuingDepartment.zh);
  doc.setSubject(title.en);
  doc.setCreator('Yijian 一件');
  doc.setProducer('Yijian 一件');
  doc.setCreationDate(issued);
  doc.setModificationDate(issued);

  const w = new Writer(doc, font);
  w.centered(input.issuingDepartment.zh, 14, 10);
  w.centered(title.zh, 22, 6);
  w.centered(title.en, 10, 14);
  w.right(`编号：${input.caseNumber}`, 10);
  w.gap();
  const addressee = input.entityName
    ? `${input.entityName}（申请人：${input.applicantName}）`
    : input.applicantName;
  if (input.kind !== 'eLicenceCertificate') w.paragraph(`${addressee}：`, { indent: 0 });

  switch (input.kind) {
    case 'acceptanceNotice': {
      const received = input.receivedOn
        ? `你（单位）于${chineseDate(input.receivedOn)}提出的`
        : '你（单位）提出的';
      w.paragraph(
        `${received}“${input.bundleName.zh}”申请（事项：${joinZh(input.items.map((i) => i.zh))}），` +
          `申请材料齐全、符合法定形式，` +
          (input.deemed
            ? '因本机关未在法定期限内一次告知需补正的全部内容，依据《中华人民共和国行政许可法》第三十二条，自收到申请材料之日起即为受理。'
            : `本机关决定自${chineseDate(input.acceptedOn)}起予以受理。`),
      );
      if (input.dueDate)
        w.paragraph(
          `本机关将在法定期限内作出决定，最迟于${chineseDate(input.dueDate)}前办结（法定特别程序所需时间不计算在内）。`,
        );
      w.paragraph(`可凭办件编号 ${input.caseNumber} 查询办理进度。`);
      break;
    }
    case 'correctionNotice': {
      w.paragraph(
        `你（单位）提出的“${input.bundleName.zh}”申请，申请材料不齐全或者不符合法定形式。依据《中华人民共和国行政许可法》第三十二条，现一次性告知需要补正的全部内容如下：`,
      );
      input.items.forEach((item, index) => {
        w.paragraph(`${item.subject}：${item.reason}`, { hanging: `${index + 1}．` });
      });
      if (input.note) w.paragraph(`说明：${input.note}`);
      w.paragraph('请按上述要求补正后提交。补正材料齐全、符合法定形式的，本机关予以受理。');
      break;
    }
    case 'rejectionDecision': {
      w.paragraph(`你（单位）提出的“${input.bundleName.zh}”申请，经审查，本机关决定不予受理。`);
      w.paragraph(`理由：${input.reason}`);
      w.paragraph(input.remedies || defaultRemedies);
      break;
    }
    case 'licenceDecision': {
      const granted = input.decision === 'granted';
      w.paragraph(
        `你（单位）在“${input.bundleName.zh}”中申请的“${input.itemName.zh}”（事项编码 ${input.itemCode}），经审查，` +
          (granted
            ? '符合法定条件、标准，本机关决定准予行政许可。'
            : '不符合法定条件、标准，本机关决定不予行政许可。'),
      );
      if (input.reasons) w.paragraph(`${granted ? '审查意见' : '理由'}：${input.reasons}`);
      if (input.legalBasis) w.paragraph(`法律依据：${input.legalBasis}`);
      if (!granted) w.paragraph(input.remedies || defaultRemedies);
      else if (input.remedies) w.paragraph(input.remedies);
      break;
    }
    case 'conclusionNotice': {
      w.paragraph(
        `你（单位）提出的“${input.bundleName.zh}”申请已于${chineseDate(input.concludedOn)}办结。各事项办理结果如下：`,
      );
      input.items.forEach((item, index) => {
        w.paragraph(`${item.name.zh}：${item.outcome}`, { hanging: `${index + 1}．` });
      });
      w.paragraph('办理结果可在“我的证照”中查看、下载，或按你选择的送达方式领取。');
      break;
    }
    case 'eLicenceCertificate': {
      w.gap();
      w.paragraph(`证照名称：${input.licenceName.zh}`, { indent: 0 });
      w.paragraph(`证照编号：${input.licenceNumber}`, { indent: 0 });
      w.paragraph(`持证主体：${input.holder}`, { indent: 0 });
      w.paragraph(`申请人：${input.applicantName}`, { indent: 0 });
      w.paragraph(`发证机关：${input.issuingDepartment.zh}`, { indent: 0 });
      w.paragraph(`有效期自：${chineseDate(input.validFrom)}`, { indent: 0 });
      w.paragraph(`所属一件事：${input.bundleName.zh}（办件编号 ${input.caseNumber}）`, { indent: 0 });
      break;
    }
  }
  w.signature(input.issuingDepartment.zh, chineseDate(input.issuedOn));
  w.footer(`本文书由一件（Yijian）平台生成，办件编号 ${input.caseNumber}，可在平台核验其 SHA-256 摘要。`);
  return doc.save({ useObjectStreams: true });
}
