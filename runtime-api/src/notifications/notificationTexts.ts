import type { Bilingual } from '../documents/documentInput';

/** What a notification says: its kind, title and body in both languages. */
export interface NotificationText {
  kind: string;
  title: Bilingual;
  body: Bilingual;
}

// biome-ignore lint/suspicious/noExplicitAny: event payloads are untyped JSON.
type Payload = Record<string, any>;

const name = (p: Payload): Bilingual => ({ zh: p.name?.zh ?? '', en: p.name?.en ?? p.name?.zh ?? '' });

/** Notifications for the applicant, by case event; `caseNumber` names the case. */
export function applicantText(type: string, p: Payload, caseNumber: string): NotificationText | null {
  const n = caseNumber;
  switch (type) {
    case 'case.filed':
      return {
        kind: 'filed',
        title: { zh: '申请已提交', en: 'Application filed' },
        body: {
          zh: `办件 ${n} 已提交，等待窗口预审。`,
          en: `Case ${n} was filed and awaits pre-review at the window.`,
        },
      };
    case 'case.accepted':
      return {
        kind: 'accepted',
        title: { zh: '申请已受理', en: 'Application accepted' },
        body: {
          zh: `办件 ${n} 已受理，受理通知书可在办件页下载。`,
          en: `Case ${n} was accepted; the notice of acceptance can be downloaded on the case page.`,
        },
      };
    case 'case.correctionNotice':
      return {
        kind: 'correction',
        title: { zh: '请补正材料', en: 'Corrections asked' },
        body: {
          zh: `办件 ${n} 需要补正材料，请查看一次性补正告知书并补交。`,
          en: `Case ${n} needs corrections; read the one-time notice and hand them in.`,
        },
      };
    case 'case.rejected':
      return {
        kind: 'decision',
        title: { zh: '不予受理', en: 'Application not accepted' },
        body: {
          zh: `办件 ${n} 不予受理：${p.reason ?? ''}`,
          en: `Case ${n} was not accepted: ${p.reason ?? ''}`,
        },
      };
    case 'item.decided': {
      const granted = p.decision === 'granted';
      return {
        kind: 'decision',
        title: granted
          ? { zh: '准予许可', en: 'Licence granted' }
          : { zh: '不予许可', en: 'Licence refused' },
        body: {
          zh: `办件 ${n} 的事项 ${p.itemCode ?? ''} ${granted ? '准予行政许可' : '不予行政许可'}，决定书可下载。`,
          en: `Case ${n}: item ${p.itemCode ?? ''} was ${granted ? 'granted' : 'refused'}; the decision can be downloaded.`,
        },
      };
    }
    case 'case.concluded':
      return {
        kind: 'decision',
        title: { zh: '办件已办结', en: 'Case concluded' },
        body: {
          zh: `办件 ${n} 已办结，办结通知书可下载。`,
          en: `Case ${n} concluded; the notice can be downloaded.`,
        },
      };
    case 'eLicence.issued':
      return {
        kind: 'resultReady',
        title: { zh: '证照已出', en: 'Licence issued' },
        body: {
          zh: `${name(p).zh}电子证照（${p.number ?? ''}）已发放到“我的证照”。`,
          en: `The e-licence of ${name(p).en} (${p.number ?? ''}) is in My licences.`,
        },
      };
    case 'case.delivered':
      return {
        kind: 'resultReady',
        title: { zh: '结果已送达', en: 'Results delivered' },
        body: { zh: `办件 ${n} 的办理结果已送达。`, en: `The results of case ${n} were delivered.` },
      };
    default:
      return null;
  }
}

const levels: Record<string, { kind: string; zh: string; en: string }> = {
  reminded: { kind: 'reminder', zh: '提醒', en: 'Reminder' },
  urged: { kind: 'urge', zh: '催办', en: 'Urged' },
  supervised: { kind: 'supervise', zh: '督办', en: 'Supervised' },
};

/**
 * Notifications for clerks (and managers for 督办), by case event. They do not name the case
 * number (the centre shows it from the case), so writing one reads nothing but the event.
 */
export function staffText(type: string, p: Payload): NotificationText | null {
  if (type === 'task.created')
    return {
      kind: 'newTask',
      title: { zh: '新待办', en: 'New task' },
      body: { zh: name(p).zh, en: name(p).en },
    };
  const [owner, what] = type.split('.');
  const level = what ? levels[what] : undefined;
  if (!level || !owner || !['task', 'item', 'case'].includes(owner)) return null;
  const message = typeof p.message === 'string' && p.message ? p.message : null;
  const subject = name(p).zh ? name(p) : { zh: '办件', en: 'the case' };
  const due = p.dueDate ? { zh: `（期限 ${p.dueDate}）`, en: ` (due ${p.dueDate})` } : { zh: '', en: '' };
  return {
    kind: level.kind,
    title: { zh: level.zh, en: level.en },
    body: {
      zh: `${subject.zh}${due.zh}${message ? `：${message}` : ''}`,
      en: `${subject.en}${due.en}${message ? `: ${message}` : ''}`,
    },
  };
}
