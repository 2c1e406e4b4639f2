import type { LocalizedName } from './api';

/**
 * Incidents (故障) as operators see and resolve them — the monitor's list, the case page's alert,
 * the retry and migrate dialogs, the timeline sentences — and the applicant's neutral notice.
 * Merged into the dictionary in i18n.ts.
 */
export const incidentMessages = {
  'incident.tag': { zh: '故障', en: 'Incident' },
  'incident.tagHint': {
    zh: '办件在某一环节无法继续，需管理员处理；处理前不计为正常',
    en: 'The case cannot move past a step until an administrator fixes it; never shown as on time',
  },
  'incident.alertTitle': { zh: '故障：{element}', en: 'Incident at {element}' },
  'incident.unknownElement': { zh: '未知环节', en: 'an unknown step' },
  'incident.item': { zh: '所属事项：{item}', en: 'Item: {item}' },
  'incident.meta': {
    zh: '{since} 起 · 已尝试 {attempts} 次 · 代码 {code}',
    en: 'Since {since} · attempts: {attempts} · code {code}',
  },
  'incident.raisedBy': { zh: '触发：{cause}', en: 'Raised by: {cause}' },
  'incident.source.job': { zh: '后台任务', en: 'a background job' },
  'incident.cause.task.complete': { zh: '环节办结', en: 'a step was completed' },
  'incident.cause.timer.fire': { zh: '定时器到期', en: 'a timer fired' },
  'incident.cause.message.receive': { zh: '收到消息', en: 'a message arrived' },
  'incident.cause.intake.accept': { zh: '窗口受理', en: 'intake accepted' },
  'incident.cause.case.file': { zh: '申办', en: 'filing' },
  'incident.cause.correction.submit': { zh: '补正', en: 'corrections' },
  'incident.cause.incident.retry': { zh: '重试', en: 'a retry' },
  'incident.retry': { zh: '修正并重试', en: 'Fix and retry' },
  'incident.migrate': { zh: '迁移到新版本', en: 'Migrate to a new version' },
  'incident.staffHint': {
    zh: '修正数据后重试；若是流程模型有误，先发布修正后的版本，将办件迁移过去再重试。',
    en: 'Fix the data and retry; if the model is wrong, publish a fixed version, migrate the case to it, then retry.',
  },
  'incident.beingHandledTitle': { zh: '一个技术问题正在处理', en: 'A technical problem is being handled' },
  'incident.beingHandledTag': { zh: '技术问题处理中', en: 'Being handled' },
  'incident.beingHandledText': {
    zh: '您的办件暂时停在某一环节，工作人员已收到通知并正在处理，无需您另行操作。',
    en: 'Your case is held at one step for now; the staff have been told and are handling it. You need not do anything.',
  },

  'incident.retryTitle': { zh: '修正并重试：{element}', en: 'Fix and retry: {element}' },
  'incident.variables': { zh: '办件变量', en: 'Case variables' },
  'incident.variablesHint': {
    zh: '只提交修改过的值；留空的数字或文本表示清除。每项修改连同原因记入审计日志。',
    en: 'Only changed values are sent; an emptied number or text clears it. Each change is kept in the audit log with the reason.',
  },
  'incident.variable': { zh: '变量', en: 'Variable' },
  'incident.currentValue': { zh: '当前值', en: 'Current value' },
  'incident.newValue': { zh: '新值', en: 'New value' },
  'incident.empty': { zh: '（空）', en: '(empty)' },
  'incident.otherVariables': { zh: '其他变量（JSON，可选）', en: 'Other variables (JSON, optional)' },
  'incident.otherVariablesHint': {
    zh: '表单以外的变量，如 {"review.passed": true}',
    en: 'Variables outside the form, e.g. {"review.passed": true}',
  },
  'incident.badJson': {
    zh: '请输入一个 JSON 对象，如 {"名称": 值}',
    en: 'Enter a JSON object such as {"name": value}',
  },
  'incident.reason': { zh: '原因', en: 'Reason' },
  'incident.reasonPlaceholder': {
    zh: '为何修改、依据什么（记入审计日志）',
    en: 'Why, and on what basis (kept in the audit log)',
  },
  'incident.reasonRequired': { zh: '请填写原因', en: 'Give the reason' },
  'incident.changes': { zh: '将修改 {n} 项变量', en: '{n} variables will change' },
  'incident.noChanges': { zh: '不修改变量，直接重试', en: 'No variable changes: retry as is' },
  'incident.resolved': { zh: '故障已解决，办件继续办理', en: 'Resolved: the case moves on' },
  'incident.stillOpen': {
    zh: '重试仍未成功（第 {attempts} 次）：{message}',
    en: 'The retry failed again (attempt {attempts}): {message}',
  },

  'incident.migrateTitle': { zh: '迁移到新版本', en: 'Migrate to a new version' },
  'incident.migrateHint': {
    zh: '办件当前运行第 {from} 版流程。迁移后再重试故障，按新版本执行。',
    en: 'The case runs version {from} of its process. After migrating, retry the incident to run the new version.',
  },
  'incident.toVersion': { zh: '目标版本', en: 'Target version' },
  'incident.noNewerVersion': {
    zh: '尚无更新的已发布版本：请先在设计中发布修正后的一件事',
    en: 'No newer version is deployed: publish the fixed bundle in the Studio first',
  },
  'incident.migrated': { zh: '已迁移到第 {version} 版', en: 'Migrated to version {version}' },

  'monitor.incidents': { zh: '故障', en: 'Incidents' },
  'monitor.incidentsTitle': { zh: '待处理故障', en: 'Open incidents' },
  'monitor.noIncidents': { zh: '没有待处理的故障', en: 'No open incidents' },
  'monitor.incidentsAll': { zh: '全部一件事', en: 'All bundles' },
  'incident.col.element': { zh: '环节', en: 'Step' },
  'incident.col.message': { zh: '故障信息', en: 'Message' },
  'incident.col.since': { zh: '发生时间', en: 'Since' },
  'incident.col.attempts': { zh: '尝试次数', en: 'Attempts' },

  'timeline.incident.raised': {
    zh: '「{step}」发生故障：{message}',
    en: 'Incident at “{step}”: {message}',
  },
  'timeline.incident.raisedAgain': {
    zh: '「{step}」重试未成功（第 {attempts} 次）：{message}',
    en: 'Retry at “{step}” failed (attempt {attempts}): {message}',
  },
  'timeline.incident.retried': { zh: '{actor} 重试故障', en: '{actor} retried the incident' },
  'timeline.incident.resolved': { zh: '故障已解决', en: 'Incident resolved' },
  'timeline.incident.cancelled': { zh: '故障随所在环节结束而撤销', en: 'Incident withdrawn: its step ended' },
  'timeline.case.variablesEdited': {
    zh: '{actor} 修改了办件变量：{changes}',
    en: '{actor} edited case variables: {changes}',
  },
  'timeline.case.migrated': {
    zh: '{actor} 将办件从第 {from} 版迁移到第 {to} 版',
    en: '{actor} migrated the case from version {from} to {to}',
  },
} as const satisfies Record<string, LocalizedName>;
