/**
 * Text of item decisions (准予/不予许可, Art. 38), clerk actions (释放, 转办, 委派, 退回, 撤回),
 * per-item special procedures (Art. 45) and the applicant's withdrawal (撤回申请), merged into the
 * dictionary in i18n.ts.
 */
export const decisionMessages = {
  'case.status.withdrawn': { zh: '已撤回', en: 'Withdrawn' },

  'step.grant': { zh: '准予许可', en: 'Grant' },
  'step.refuse': { zh: '不予许可', en: 'Refuse' },
  'step.refuseTitle': { zh: '不予许可 · {step}', en: 'Refuse · {step}' },
  'step.grantTitle': { zh: '准予许可 · {step}', en: 'Grant · {step}' },
  'step.reasons': { zh: '理由', en: 'Reasons' },
  'step.reasonsPlaceholder': {
    zh: '不予许可的具体理由，将写入决定书',
    en: 'Why the licence is refused; printed on the decision',
  },
  'step.legalBasis': { zh: '法律依据', en: 'Legal basis' },
  'step.legalBasisPlaceholder': {
    zh: '例如：《中华人民共和国消防法》第十五条',
    en: 'e.g. Fire Protection Law, Art. 15',
  },
  'step.remediesNote': {
    zh: '决定书将告知申请人：可自收到决定之日起六十日内申请行政复议，或六个月内提起行政诉讼（《行政许可法》第三十八条）。',
    en: 'The decision tells the applicant of reconsideration within 60 days or litigation within 6 months (Art. 38).',
  },
  'step.decided': { zh: '已作出决定：{step}', en: 'Decided: {step}' },
  'step.confirm': { zh: '确定', en: 'Confirm' },
  'step.more': { zh: '更多', en: 'More' },
  'step.release': { zh: '释放', en: 'Release' },
  'step.released': { zh: '已放回部门队列：{step}', en: 'Back in the queue: {step}' },
  'step.transfer': { zh: '转办', en: 'Transfer' },
  'step.transferTitle': { zh: '转办 · {step}', en: 'Transfer · {step}' },
  'step.transferred': { zh: '已转办：{step}', en: 'Transferred: {step}' },
  'step.delegate': { zh: '委派', en: 'Delegate' },
  'step.delegateTitle': { zh: '委派 · {step}', en: 'Delegate · {step}' },
  'step.delegated': { zh: '已委派：{step}', en: 'Delegated: {step}' },
  'step.delegationReturn': { zh: '办毕交回', en: 'Hand back' },
  'step.delegationReturned': { zh: '已交回委派人：{step}', en: 'Handed back: {step}' },
  'step.delegatedTag': { zh: '委派中', en: 'Delegated' },
  'step.colleague': { zh: '本部门经办人', en: 'Clerk of the department' },
  'step.return': { zh: '退回', en: 'Return' },
  'step.returnTitle': { zh: '退回 · {step}', en: 'Return · {step}' },
  'step.returnTo': { zh: '退回到', en: 'Return to' },
  'step.returned': { zh: '已退回：{step}', en: 'Returned: {step}' },
  'step.noEarlierStep': { zh: '本事项没有可退回的前序环节', en: 'No earlier step of this item to return to' },
  'step.recall': { zh: '撤回', en: 'Recall' },
  'step.recalled': { zh: '已撤回：{step}', en: 'Recalled: {step}' },
  'step.reason': { zh: '原因', en: 'Reason' },
  'step.reasonRequired': { zh: '请填写原因', en: 'State the reason' },
  'step.pausedBecause': { zh: '暂停：{reason}', en: 'Paused: {reason}' },

  'decisions.title': { zh: '各事项办理结果', en: 'Outcome per item' },
  'decisions.granted': { zh: '准予许可', en: 'Granted' },
  'decisions.refused': { zh: '不予许可', en: 'Refused' },
  'decisions.reasons': { zh: '理由：{text}', en: 'Reasons: {text}' },
  'decisions.legalBasis': { zh: '依据：{text}', en: 'Legal basis: {text}' },
  'decisions.by': { zh: '{actor} · {at}', en: '{actor} · {at}' },
  'itemPauses.title': { zh: '事项特别程序（暂停计时）', en: 'Items in a special procedure (paused)' },

  'withdraw.button': { zh: '撤回申请', en: 'Withdraw application' },
  'withdraw.title': { zh: '撤回申请', en: 'Withdraw the application' },
  'withdraw.hint': {
    zh: '撤回后各部门未办结的环节将全部取消，且不能恢复。',
    en: 'Every open step is cancelled and the case cannot be resumed.',
  },
  'withdraw.done': { zh: '申请已撤回', en: 'Application withdrawn' },
  'timeline.item.granted': { zh: '{actor} 准予许可「{step}」', en: '{actor} granted “{step}”' },
  'timeline.item.refused': { zh: '{actor} 不予许可「{step}」', en: '{actor} refused “{step}”' },
  'timeline.task.returned': {
    zh: '{actor} 退回「{step}」：{reason}',
    en: '{actor} returned “{step}”: {reason}',
  },
  'timeline.task.transferred': {
    zh: '{actor} 将「{step}」转办给 {to}',
    en: '{actor} transferred “{step}” to {to}',
  },
  'timeline.task.delegated': {
    zh: '{actor} 将「{step}」委派给 {to}',
    en: '{actor} delegated “{step}” to {to}',
  },
  'timeline.task.released': { zh: '{actor} 释放了「{step}」', en: '{actor} released “{step}”' },
  'timeline.task.recalled': { zh: '{actor} 撤回了「{step}」', en: '{actor} recalled “{step}”' },
  'timeline.case.withdrawn': {
    zh: '{actor} 撤回申请：{reason}',
    en: '{actor} withdrew the application: {reason}',
  },
} as const;
