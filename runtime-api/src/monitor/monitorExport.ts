import ExcelJS from 'exceljs';
import type { AppContext } from '../context';
import type { AuthUser } from '../http/auth';
import type { Language } from '../http/errorCodes';
import { type MonitorCase, type MonitorCaseFilter, monitorCases } from './monitorCases';

/** An export is a report, not a dump: past this many rows, narrow the filters. */
export const EXPORT_MAX_ROWS = 20_000;

const HEADINGS: Record<Language, string[]> = {
  'zh-CN': [
    '办件编号',
    '一件事',
    '申请人',
    '状态',
    '监察状态',
    '到期日',
    '剩余工作日',
    '受理期限',
    '在办环节',
    '超期环节',
    '申请时间',
    '办结时间',
  ],
  en: [
    'Case number',
    'Bundle',
    'Applicant',
    'Status',
    'Monitor state',
    'Due date',
    'Working days left',
    'Intake due',
    'Open steps',
    'Late steps',
    'Filed at',
    'Concluded at',
  ],
};

const STATUS: Record<string, { 'zh-CN': string; en: string }> = {
  preReview: { 'zh-CN': '预审中', en: 'Pre-review' },
  correction: { 'zh-CN': '待补正', en: 'Awaiting correction' },
  inProgress: { 'zh-CN': '办理中', en: 'In progress' },
  concluded: { 'zh-CN': '已办结', en: 'Concluded' },
  delivered: { 'zh-CN': '已送达', en: 'Delivered' },
  rejected: { 'zh-CN': '不予受理', en: 'Rejected' },
  withdrawn: { 'zh-CN': '已撤回', en: 'Withdrawn' },
};

const LIGHT: Record<string, { 'zh-CN': string; en: string }> = {
  green: { 'zh-CN': '正常', en: 'On track' },
  yellow: { 'zh-CN': '临期预警', en: 'Near due' },
  red: { 'zh-CN': '超期', en: 'Overdue' },
  paused: { 'zh-CN': '暂停计时', en: 'Clock paused' },
  atWindow: { 'zh-CN': '窗口受理中', en: 'At the window' },
  incident: { 'zh-CN': '故障', en: 'Incident' },
};

/** One exported row, as text and numbers a spreadsheet shows as they are. */
export function exportRow(c: MonitorCase, language: Language): (string | number | null)[] {
  const pick = (name: { zh: string; en: string }) => (language === 'en' ? name.en : name.zh);
  return [
    c.caseNumber,
    pick(c.bundleName),
    c.applicantName,
    STATUS[c.status]?.[language] ?? c.status,
    c.monitorLight ? (LIGHT[c.monitorLight]?.[language] ?? c.monitorLight) : '',
    c.deadline?.dueDate ?? '',
    c.clock.remainingWorkingDays ?? null,
    c.intakeDue?.dueDate ?? '',
    c.steps.map((s) => pick(s.name)).join('; '),
    c.steps
      .filter((s) => s.late)
      .map((s) => pick(s.name))
      .join('; '),
    c.filedAt,
    c.concludedAt ?? '',
  ];
}

/** Every row the filters select (the screen's order), read page by page. */
export async function exportRows(
  ctx: AppContext,
  user: AuthUser,
  filter: Omit<MonitorCaseFilter, 'cursor' | 'limit'>,
): Promise<MonitorCase[]> {
  const rows: MonitorCase[] = [];
  let cursor: string | undefined;
  do {
    const page = await monitorCases(ctx, user, { ...filter, cursor, limit: 200 });
    rows.push(...page.cases);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && rows.length < EXPORT_MAX_ROWS);
  return rows.slice(0, EXPORT_MAX_ROWS);
}

/** An .xlsx workbook with one sheet, headings frozen and filterable. */
export async function toXlsx(rows: MonitorCase[], language: Language): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Yijian';
  const sheet = book.addWorksheet(language === 'en' ? 'Cases' : '办件');
  sheet.addRow(HEADINGS[language]);
  for (const c of rows) sheet.addRow(exportRow(c, language));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: HEADINGS[language].length } };
  sheet.columns.forEach((column, i) => {
    column.width = i === 8 || i === 9 ? 40 : 18;
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}

/**
 * CSV as Excel opens it: UTF-8 with a byte-order mark (or Chinese turns to mojibake), CRLF,
 * every field quoted; a field starting with = + - @ is prefixed with ' so a spreadsheet does not
 * run it as a formula (CSV injection).
 */
export function toCsv(rows: MonitorCase[], language: Language): string {
  const field = (value: string | number | null) => {
    if (value === null) return '""';
    const text = String(value);
    const safe = typeof value === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
    return `"${safe.replaceAll('"', '""')}"`;
  };
  const lines = [HEADINGS[language], ...rows.map((c) => exportRow(c, language))].map((r) =>
    r.map(field).join(','),
  );
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
