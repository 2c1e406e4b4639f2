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

/**
 * Notifications for the one clerk a clerk action hands a step to: 转办 (the new holder), 委派 (the
 * delegate; and the delegator when it comes back) and 加签 (the added countersigner). The
 * recipient is the event's `to`; null for any other event.
 */
export function handOverText(type: string, p: Payload): { userId: string; text: NotificationText } | null {
  const to = typeof p.to === 'string' && p.to ? p.to : null;
  if (!to) return null;
  const step = name(p);
  const said = (label: { zh: string; en: string }, value: unknown) =>
    typeof value === 'string' && value
      ? { zh: `；${label.zh}：${value}`, en: `; ${label.en}: ${value}` }
      : { zh: '', en: '' };
  switch (type) {
    case 'task.transferred': {
      const why = said({ zh: '原因', en: 'reason' }, p.reason);
      return {
        userId: to,
        text: {
          kind: 'transfer',
          title: { zh: '转办给您', en: 'Transferred to you' },
          body: {
            zh: `${step.zh} 已转办给您办理${why.zh}`,
            en: `${step.en} was transferred to you${why.en}`,
          },
        },
      };
    }
    case 'task.delegated': {
      const note = said({ zh: '说明', en: 'note' }, p.note);
      return {
        userId: to,
        text: {
          kind: 'delegate',
          title: { zh: '委派给您', en: 'Delegated to you' },
          body: {
            zh: `${step.zh} 委派给您办理，办毕请交回委派人${note.zh}`,
            en: `${step.en} was delegated to you; hand it back when done${note.en}`,
          },
        },
      };
    }
    case 'task.delegationReturned': {
      const comment = said({ zh: '意见', en: 'comment' }, p.comment);
      return {
        userId: to,
        text: {
          kind: 'delegationReturned',
          title: { zh: '委派已交回', en: 'Delegation handed back' },
          body: {
            zh: `${step.zh} 已由受托人交回，请确认办结${comment.zh}`,
            en: `${step.en} was handed back by the delegate; confirm it${comment.en}`,
          },
        },
      };
    }
    case 'task.countersignAdded': {
      const before = p.position === 'before';
      const note = said({ zh: '说明', en: 'note' }, p.note);
      return {
        userId: to,
        text: {
          kind: 'countersign',
          title: { zh: '请您加签', en: 'Countersignature asked' },
          body: {
            zh: `${step.zh} 请您${before ? '前' : '后'}加签${note.zh}`,
            en: `${step.en}: please countersign (${before ? 'before' : 'after'} the holder)${note.en}`,
          },
        },
      };
    }
    default:
      return null;
  }
}
