/** A text in both languages, as the catalogue stores names. */
export interface Bilingual {
  zh: string;
  en: string;
}

/** What every document of a case states: who issues it, when, to whom, about which case. */
export interface DocumentHeader {
  caseNumber: string;
  bundleName: Bilingual;
  /** The applicant (natural person or the proxy's name) as filed. */
  applicantName: string;
  /** The entity the application is for (shop, company), when the form names one. */
  entityName: string | null;
  /** 出具机关: the department that issues the letter. */
  issuingDepartment: Bilingual;
  /** The date printed on the letter (Asia/Shanghai calendar day, YYYY-MM-DD). */
  issuedOn: string;
}

/** 受理通知书 */
export interface AcceptanceNotice extends DocumentHeader {
  kind: 'acceptanceNotice';
  receivedOn: string | null;
  acceptedOn: string;
  /** 视为受理 (Art. 32): accepted by law because no correction notice was given in time. */
  deemed: boolean;
  /** The statutory decision date, when the clock has one. */
  dueDate: string | null;
  items: Bilingual[];
}

/** 一次性补正告知书 */
export interface CorrectionNoticeLetter extends DocumentHeader {
  kind: 'correctionNotice';
  items: { subject: string; reason: string }[];
  note: string | null;
}

/** 不予受理决定书 */
export interface RejectionDecision extends DocumentHeader {
  kind: 'rejectionDecision';
  reason: string;
  remedies: string;
}

/** 准予/不予行政许可决定书: the decision on one item (the other half's `item.decided` event). */
export interface LicenceDecision extends DocumentHeader {
  kind: 'licenceDecision';
  itemCode: string;
  itemName: Bilingual;
  decision: 'granted' | 'refused';
  reasons: string;
  legalBasis: string;
  /** 救济途径 (Art. 38): the right to reconsideration or litigation and the time limits. */
  remedies: string;
}

/** 办结通知书 */
export interface ConclusionNotice extends DocumentHeader {
  kind: 'conclusionNotice';
  concludedOn: string;
  items: { name: Bilingual; outcome: string }[];
}

/** 电子证照 certificate of an item's result licence. */
export interface ELicenceCertificate extends DocumentHeader {
  kind: 'eLicenceCertificate';
  itemCode: string;
  licenceName: Bilingual;
  licenceNumber: string;
  holder: string;
  validFrom: string;
}

/** The input of every document the platform generates; `kind` says which letter it is. */
export type DocumentInput =
  | AcceptanceNotice
  | CorrectionNoticeLetter
  | RejectionDecision
  | LicenceDecision
  | ConclusionNotice
  | ELicenceCertificate;

export type DocumentKind = DocumentInput['kind'];

/** The title of each kind of document (a decision's title depends on the decision). */
export function documentTitle(input: DocumentInput): Bilingual {
  switch (input.kind) {
    case 'acceptanceNotice':
      return { zh: '受理通知书', en: 'Notice of acceptance' };
    case 'correctionNotice':
      return { zh: '一次性补正告知书', en: 'One-time notice of corrections' };
    case 'rejectionDecision':
      return { zh: '不予受理决定书', en: 'Decision not to accept' };
    case 'licenceDecision':
      return input.decision === 'granted'
        ? { zh: '准予行政许可决定书', en: 'Decision to grant the licence' }
        : { zh: '不予行政许可决定书', en: 'Decision to refuse the licence' };
    case 'conclusionNotice':
      return { zh: '办结通知书', en: 'Notice of conclusion' };
    case 'eLicenceCertificate':
      return { zh: '电子证照', en: 'E-licence certificate' };
  }
}

/**
 * The remedies text of a refusal (《行政许可法》第三十八条: a refusal gives reasons and tells the
 * applicant of the right to reconsideration or litigation), used when the decision names none.
 */
export const defaultRemedies =
  '如不服本决定，可以自收到本决定书之日起六十日内依法申请行政复议，或者自收到本决定书之日起六个月内依法向人民法院提起行政诉讼。';
