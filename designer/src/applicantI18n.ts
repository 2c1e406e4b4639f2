/** The applicant's screens (correction uploads, menu on phones), merged into the dictionary in i18n.ts. */
export const applicantMessages = {
  'correctionUploads.title': { zh: '需补交的材料', en: 'Materials to hand in' },
  'correctionUploads.intro': {
    zh: '请在此逐项上传补正通知要求的材料；全部提交（或对可容缺的材料声明容缺）后才能提交补正。',
    en: 'Upload each material the notice asks for here; the correction can be submitted once all are in (or declared to follow later where allowed).',
  },
  'correctionUploads.answered': { zh: '已补交', en: 'Handed in' },
  'correctionUploads.waiting': { zh: '待上传', en: 'To upload' },
  'correctionUploads.gap': {
    zh: '容缺：稍后补交（承诺在办结前补齐）',
    en: 'Tolerated gap: hand it in later (before the decision)',
  },
  'correctionUploads.missing': {
    zh: '还有 {n} 项材料未补交，请先上传。',
    en: '{n} requested materials are still missing; upload them first.',
  },
  'nav.menu': { zh: '菜单', en: 'Menu' },
  'progress.title': { zh: '办理进度', en: 'Progress' },
  'progress.intro': {
    zh: '各部门办理的事项和预计办结日期。',
    en: 'What each department handles for you, and when it expects to finish.',
  },
  'progress.atWindow': { zh: '窗口正在审核您的申请材料', en: 'The window is checking your application' },
  'progress.correction': {
    zh: '等待您补正材料后继续办理',
    en: 'Waiting for your corrections before it continues',
  },
  'progress.running': { zh: '正在办理，预计 {date} 前办结', en: 'In progress, expected by {date}' },
  'progress.runningNoDate': { zh: '正在办理', en: 'In progress' },
  'progress.late': {
    zh: '正在办理，已超过预计日期 {date}，我们已催促该部门',
    en: 'In progress, past the expected date {date}; the department has been reminded',
  },
  'progress.paused': {
    zh: '暂停计时（如专家评审、补正），剩余 {n} 个工作日',
    en: 'On hold (e.g. expert review or corrections), {n} working days left',
  },
  'progress.done': { zh: '已办结（{date}）', en: 'Done ({date})' },
  'progress.notNeeded': { zh: '无需办理', en: 'Not needed' },
  'progress.waiting': { zh: '等待前一环节完成后开始', en: 'Starts when the earlier step is done' },
} as const;
