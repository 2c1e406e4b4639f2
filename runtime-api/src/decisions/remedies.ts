/**
 * 救济途径告知 (Administrative Licensing Law Art. 38): a refusal states its reasons and tells the
 * applicant of the right to administrative reconsideration (行政复议, 60 days — Administrative
 * Reconsideration Law Art. 20) or litigation (行政诉讼, 6 months — Administrative Litigation Law
 * Art. 46). Kept as data so decision letters, the case view and notifications print the same text.
 */
export interface RemediesNotice {
  reconsiderationDays: number;
  litigationMonths: number;
  zh: string;
  en: string;
}

/** The remedies notice a decision carries; a grant carries it too (the applicant may contest conditions). */
export function remediesNotice(): RemediesNotice {
  return {
    reconsiderationDays: 60,
    litigationMonths: 6,
    zh: '申请人如不服本决定，可以自收到本决定之日起六十日内依法申请行政复议，或者自收到本决定之日起六个月内依法向人民法院提起行政诉讼。',
    en: 'If the applicant disagrees with this decision, they may apply for administrative reconsideration within 60 days of receiving it, or bring an administrative lawsuit before a people’s court within 6 months of receiving it.',
  };
}
