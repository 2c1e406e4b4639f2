/** The modeler's text (流程建模), merged into the dictionary in i18n.ts; the panel's own labels below. */
export const modelerMessages = {
  'nav.modeler': { zh: '流程建模', en: 'Modeler' },
  'modeler.title': { zh: '流程建模', en: 'Process modeler' },
  'modeler.titleOf': {
    zh: '流程建模 · {name}（当前 v{version}）',
    en: 'Modeler · {name} (latest v{version})',
  },
  'modeler.pick': {
    zh: '选择要细化的一件事：在建模器中打开其最新版本的流程，修改后部署为新版本。',
    en: 'Pick a bundle to refine: its latest process opens in the modeler; deploy your changes as a new version.',
  },
  'modeler.open': { zh: '在建模器中打开', en: 'Open in modeler' },
  'modeler.undo': { zh: '撤销', en: 'Undo' },
  'modeler.redo': { zh: '重做', en: 'Redo' },
  'modeler.fit': { zh: '适应画布', en: 'Fit' },
  'modeler.export': { zh: '导出 .bpmn', en: 'Export .bpmn' },
  'modeler.deploy': { zh: '部署为新版本', en: 'Deploy as new version' },
  'modeler.deployed': {
    zh: '已部署为 v{version}，新的申请将按此版本办理',
    en: 'Deployed as v{version}; new filings run it',
  },
  'modeler.unchanged': {
    zh: '与最新版本 v{version} 相同，未产生新版本',
    en: 'Same as the latest version v{version}; nothing new deployed',
  },
  'modeler.refused': {
    zh: '服务器拒绝部署（{count} 个问题）',
    en: 'The server refused to deploy ({count} problems)',
  },
  'modeler.issues': {
    zh: '校验：{count} 个问题，部署时会被拒绝',
    en: 'Check: {count} problems deploy would refuse',
  },
  'modeler.clean': {
    zh: '校验通过：引擎可以运行该流程',
    en: 'Check passed: the engine can run this process',
  },
  'modeler.model': { zh: '整个模型', en: 'Whole model' },
  'modeler.loadFailed': { zh: '无法打开该流程', en: 'Cannot open this process' },
  'modeler.properties': { zh: '属性', en: 'Properties' },
} as const;

/** The properties panel's `yj` entries (designer/src/modeler/yjProperties.ts). */
export const panelMessages = {
  'group.assignment': { zh: '办理部门与事项', en: 'Department and item' },
  'group.limits': { zh: '时限', en: 'Time limits' },
  'group.countersign': { zh: '会签', en: 'Countersign' },
  'group.condition': { zh: '条件（FEEL）', en: 'Condition (FEEL)' },
  'group.timer': { zh: '定时', en: 'Timer' },
  'group.message': { zh: '消息', en: 'Message' },
  'group.error': { zh: '错误', en: 'Error' },
  department: { zh: '办理部门（yj:department）', en: 'Department (yj:department)' },
  'department.none': { zh: '（未指定）', en: '(none)' },
  itemCode: { zh: '事项编码（yj:itemCode）', en: 'Item code (yj:itemCode)' },
  formKey: { zh: '表单（yj:formKey）', en: 'Form key (yj:formKey)' },
  nameEn: { zh: '英文名称（yj:nameEn）', en: 'English name (yj:nameEn)' },
  'limit.statutory': { zh: '法定时限', en: 'Statutory limit' },
  'limit.promised': { zh: '承诺时限', en: 'Promised limit' },
  'limit.unit': { zh: '单位', en: 'unit' },
  'limit.invalid': {
    zh: '请填写 1–9999 的整数，留空为不设时限',
    en: 'A whole number 1–9999; empty for none',
  },
  'unit.workingDays': { zh: '工作日', en: 'working days' },
  'unit.calendarDays': { zh: '自然日', en: 'calendar days' },
  'unit.calendarMonths': { zh: '自然月', en: 'calendar months' },
  'countersign.rule': { zh: '会签规则（yj:countersign）', en: 'Countersign rule (yj:countersign)' },
  'countersign.none': { zh: '不会签（单人办理）', en: 'None (one clerk)' },
  'countersign.all': { zh: '会签：全部同意', en: 'All must approve' },
  'countersign.any': { zh: '或签：任一决定', en: 'Any one decides' },
  'countersign.sequential': { zh: '依次签', en: 'One after another' },
  'countersign.vote': { zh: '投票：超过阈值', en: 'Vote above a threshold' },
  'countersign.threshold': { zh: '投票阈值（如 0.5 或 50%）', en: 'Vote threshold (e.g. 0.5 or 50%)' },
  'countersign.assignees': {
    zh: '参与部门（逗号分隔，如 market,fire）',
    en: 'Participants (comma separated, e.g. market,fire)',
  },
  'countersign.collection': { zh: '参与者表达式（FEEL）', en: 'Participants expression (FEEL)' },
  'countersign.approveOutcome': {
    zh: '视为同意的结果（默认 approved）',
    en: 'Outcome that approves (default approved)',
  },
  condition: { zh: '条件表达式', en: 'Condition expression' },
  'timer.kind': { zh: '定时类型', en: 'Timer type' },
  'timer.duration': { zh: '时长（如 P3D）', en: 'Duration (e.g. P3D)' },
  'timer.date': { zh: '日期时间', en: 'Date-time' },
  'timer.value': {
    zh: '定时值（ISO-8601，或以 = 开头的 FEEL）',
    en: 'Value (ISO-8601, or FEEL starting with =)',
  },
  'message.name': { zh: '消息名称', en: 'Message name' },
  'message.correlationKey': {
    zh: '关联键（yj:correlationKey，FEEL）',
    en: 'Correlation key (yj:correlationKey, FEEL)',
  },
  'error.code': { zh: '错误码（errorCode）', en: 'Error code (errorCode)' },
} as const;
