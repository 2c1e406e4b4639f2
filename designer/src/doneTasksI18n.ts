/** Text of the inbox's tabs and its 已办 (done) tab with 撤回, merged into the dictionary in i18n.ts. */
export const doneTaskMessages = {
  'inbox.tabTodo': { zh: '待办', en: 'To do' },
  'inbox.tabDone': { zh: '已办', en: 'Done' },
  'done.empty': { zh: '暂无已办', en: 'Nothing done yet' },
  'done.completedAt': { zh: '办结时间', en: 'Completed' },
  'done.outcome': { zh: '结果', en: 'Outcome' },
  'done.recallable': { zh: '可撤回', en: 'Can recall' },
  'done.notRecallable': { zh: '下一环节已处理，不能撤回', en: 'The next step was acted on: no recall' },
  'done.recallTitle': { zh: '撤回「{step}」', en: 'Recall “{step}”' },
  'done.recallHint': {
    zh: '撤回后下一环节关闭，本环节重新由您办理。',
    en: 'The next step closes and this one comes back to you.',
  },
  'done.reason': { zh: '撤回原因', en: 'Reason' },
  'done.reasonRequired': { zh: '请填写撤回原因', en: 'Give a reason' },
  'done.confirm': { zh: '确认撤回', en: 'Recall' },
} as const;
