import { createHash } from 'node:crypto';
import { tables } from '@yijian/db';
import { shanghaiDate } from '@yijian/engine';
import type { Knex } from 'knex';
import { appendCaseEvent } from '../commands/caseEvents';
import { storeFile } from '../materials/fileQueries';
import {
  type Bilingual,
  type DocumentInput,
  type DocumentKind,
  defaultRemedies,
  documentTitle,
} from './documentInput';
import { renderDocumentPdf } from './renderDocumentPdf';

/** An audit event as `case_events` stores it; its payload is the JSON the event type wrote. */
export interface CaseEventRow {
  case_id: string;
  seq: number;
  type: string;
  at: Date | string;
  payload: Record<string, unknown> | null;
}

/** The filing, bundle and applicant a letter's header names. */
interface LetterCaseRow {
  id: string;
  case_number: string;
  form_data: Record<string, unknown> | null;
  received_on: string | null;
  due_date: string | null;
  bundle_key: string;
  name_zh: string;
  name_en: string;
  lead_department_id: string;
  display_name: string;
}

interface NamedItemRow {
  code: string;
  name_zh: string;
  name_en: string;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const bilingual = (v: unknown, fallback: string): Bilingual => {
  const o = (v ?? {}) as Partial<Bilingual>;
  return { zh: o.zh ?? fallback, en: o.en ?? o.zh ?? fallback };
};

/** Outcome words of an item for the conclusion notice. */
const outcomeText: Record<string, string> = {
  completed: '已办结',
  granted: '准予许可',
  refused: '不予许可',
  skipped: '未办理',
};

/**
 * Builds the input of the document a case event issues, from that event (the facts as they were
 * when it happened) and the case's filing. Returns null when the event issues no document.
 */
export async function documentInputFor(
  trx: Knex.Transaction,
  kind: DocumentKind,
  event: CaseEventRow,
): Promise<{ input: DocumentInput; itemCode: string | null; departmentId: string | null } | null> {
  const kase: LetterCaseRow | undefined = await trx('cases as c')
    .join('bundles as b', 'b.key', 'c.bundle_key')
    .join('users as u', 'u.id', 'c.applicant_id')
    .where('c.id', event.case_id)
    .first(
      'c.id',
      'c.case_number',
      'c.form_data',
      'c.received_on',
      'c.due_date',
      'b.key as bundle_key',
      'b.name_zh',
      'b.name_en',
      'b.lead_department_id',
      'u.display_name',
    );
  if (!kase) return null;
  const p = event.payload ?? {};
  const form = kase.form_data ?? {};
  const entity = form['entity.name'] ?? form['shop.name'] ?? form['school.name'] ?? form['clinic.name'];
  const itemCode = typeof p.itemCode === 'string' ? p.itemCode : null;
  const item = itemCode
    ? await tables.items(trx).where({ code: itemCode }).first('code', 'name_zh', 'name_en', 'department_id')
    : null;
  // Letters of the window (受理, 补正, 不予受理, 办结) come from the lead department; an item's
  // decision and licence from the item's department.
  const departmentId: string =
    (kind === 'licenceDecision' || kind === 'eLicenceCertificate'
      ? (item?.department_id ?? str(p.departmentId))
      : null) || kase.lead_department_id;
  const department = await trx('departments').where({ id: departmentId }).first('name_zh', 'name_en');
  const at = event.at instanceof Date ? event.at.toISOString() : String(event.at);
  const header = {
    caseNumber: kase.case_number,
    bundleName: { zh: kase.name_zh, en: kase.name_en },
    applicantName: str(form['applicant.name']) || kase.display_name,
    entityName: typeof entity === 'string' ? entity : null,
    issuingDepartment: { zh: department?.name_zh ?? departmentId, en: department?.name_en ?? departmentId },
    issuedOn: shanghaiDate(at),
  };
  const itemNames = async (): Promise<NamedItemRow[]> =>
    trx('bundle_items as bi')
      .join('items as i', 'i.code', 'bi.item_code')
      .where('bi.bundle_key', kase.bundle_key)
      .orderBy('bi.position')
      .select('i.code', 'i.name_zh', 'i.name_en');
  switch (kind) {
    case 'acceptanceNotice':
      return {
        input: {
          ...header,
          kind,
          receivedOn: str(p.receivedOn) || (kase.received_on ?? null),
          acceptedOn: str(p.acceptedOn) || header.issuedOn,
          deemed: p.deemed === true,
          dueDate: kase.due_date ?? null,
          items: (await itemNames()).map((i) => ({ zh: i.name_zh, en: i.name_en })),
        },
        itemCode: null,
        departmentId,
      };
    case 'correctionNotice':
      return {
        input: {
          ...header,
          kind,
          items: ((p.items ?? []) as { subject?: unknown; reason?: unknown }[]).map((i) => ({
            subject: str(i.subject),
            reason: str(i.reason),
          })),
          note: typeof p.note === 'string' ? p.note : null,
        },
        itemCode: null,
        departmentId,
      };
    case 'rejectionDecision':
      return {
        input: { ...header, kind, reason: str(p.reason), remedies: str(p.remedies) || defaultRemedies },
        itemCode: null,
        departmentId,
      };
    case 'licenceDecision':
      if (!itemCode || (p.decision !== 'granted' && p.decision !== 'refused')) return null;
      return {
        input: {
          ...header,
          kind,
          itemCode,
          itemName: item ? { zh: item.name_zh, en: item.name_en } : bilingual(p.name, itemCode),
          decision: p.decision,
          reasons: str(p.reasons),
          legalBasis: str(p.legalBasis),
          remedies: str(p.remedies),
        },
        itemCode,
        departmentId,
      };
    case 'conclusionNotice': {
      const decided: Pick<CaseEventRow, 'payload'>[] = await trx('case_events')
        .where({ case_id: kase.id, type: 'item.decided' })
        .andWhere('seq', '<', event.seq)
        .select('payload');
      const decisions = new Map(decided.map((d) => [str(d.payload?.itemCode), str(d.payload?.decision)]));
      const items: (NamedItemRow & { status: string })[] = await trx('case_items as ci')
        .join('items as i', 'i.code', 'ci.item_code')
        .where('ci.case_id', kase.id)
        .orderBy('ci.started_at')
        .select('i.code', 'i.name_zh', 'i.name_en', 'ci.status');
      return {
        input: {
          ...header,
          kind,
          concludedOn: header.issuedOn,
          items: items.map((i) => ({
            name: { zh: i.name_zh, en: i.name_en },
            outcome: outcomeText[decisions.get(i.code) || i.status] ?? outcomeText.completed!,
          })),
        },
        itemCode: null,
        departmentId,
      };
    }
    case 'eLicenceCertificate': {
      const licence = await trx('e_licences as l')
        .join('e_licence_types as t', 't.key', 'l.type')
        .where('l.number', str(p.number))
        .first(
          'l.number',
          'l.holder_entity',
          'l.issued_at',
          'l.issuing_item_code',
          'l.issuing_department_id',
          't.name_zh',
          't.name_en',
        );
      if (!licence) return null;
      return {
        input: {
          ...header,
          kind,
          itemCode: licence.issuing_item_code,
          licenceName: { zh: licence.name_zh, en: licence.name_en },
          licenceNumber: licence.number,
          holder: licence.holder_entity ?? header.applicantName,
          validFrom: shanghaiDate(licence.issued_at.toISOString()),
        },
        itemCode: licence.issuing_item_code,
        departmentId,
      };
    }
  }
}

/**
 * Generates the document a case event issues and links it to the case: the PDF stored once by
 * SHA-256 in `files`, a `case_documents` row per (case, kind, event), and a `document.issued`
 * entry in the audit log with the hash. Runs in the job sweep's transaction holding the case lock;
 * a rerun finds the row and does nothing. Returns whether a document was issued.
 */
export async function issueCaseDocument(
  trx: Knex.Transaction,
  input: { caseId: string; seq: number; kind: DocumentKind; now: string },
): Promise<boolean> {
  const done = await trx('case_documents')
    .where({ case_id: input.caseId, kind: input.kind, source_seq: input.seq })
    .first('id');
  if (done) return false;
  const event: CaseEventRow | undefined = await trx('case_events')
    .where({ case_id: input.caseId, seq: input.seq })
    .first('case_id', 'seq', 'type', 'at', 'payload');
  if (!event) return false;
  const built = await documentInputFor(trx, input.kind, event);
  if (!built) return false;
  const content = Buffer.from(await renderDocumentPdf(built.input));
  const sha256 = createHash('sha256').update(content).digest('hex');
  const title = documentTitle(built.input);
  await storeFile(trx, { sha256, content, mediaType: 'application/pdf' });
  const filename = `${title.zh}-${built.input.caseNumber}${built.itemCode ? `-${built.itemCode}` : ''}.pdf`;
  await trx('case_documents').insert({
    case_id: input.caseId,
    kind: input.kind,
    item_code: built.itemCode,
    title_zh: title.zh,
    title_en: title.en,
    filename,
    sha256,
    issuing_department_id: built.departmentId,
    issued_on: built.input.issuedOn,
    source_seq: input.seq,
    created_at: input.now,
  });
  await appendCaseEvent(trx, input.caseId, {
    type: 'document.issued',
    at: input.now,
    actorId: null,
    payload: {
      kind: input.kind,
      title: { zh: title.zh, en: title.en },
      sha256,
      sourceSeq: input.seq,
      itemCode: built.itemCode,
    },
  });
  return true;
}
