/**
 * bpmn-js, its properties panel and the linter in zh-CN: diagram-js's `translate` service
 * replaced by one that looks each English text up here (unknown ones stay English). English
 * users get bpmn-js's own texts.
 */
const ZH: Record<string, string> = {
  'Activate hand tool': '抓手工具',
  'Activate lasso tool': '套索工具',
  'Activate create/remove space tool': '插入/删除空间',
  'Activate global connect tool': '连线工具',
  'Create start event': '开始事件',
  'Create end event': '结束事件',
  'Create gateway': '排他网关',
  'Create parallel gateway': '并行网关',
  'Create user task': '用户任务（部门办理环节）',
  'Create expanded sub-process': '子流程（事项）',
  'Create group': '分组',
  'Create timer intermediate catch event': '定时中间事件',
  'Create message intermediate catch event': '消息中间事件',
  'Append end event': '追加结束事件',
  'Append gateway': '追加网关',
  'Append user task': '追加用户任务',
  'Append message intermediate catch event': '追加消息中间事件',
  'Append timer intermediate catch event': '追加定时中间事件',
  'Add text annotation': '添加注释',
  'Change element': '更改类型',
  Delete: '删除',
  'Connect to other element': '连线',
  'Connect using association': '关联连线',
  'User task': '用户任务',
  'Sub-process (collapsed)': '子流程（折叠）',
  'Sub-process (expanded)': '子流程（展开）',
  'Exclusive gateway': '排他网关',
  'Parallel gateway': '并行网关',
  'Inclusive gateway': '包容网关',
  'Event-based gateway': '事件网关',
  'Start event': '开始事件',
  'End event': '结束事件',
  'Terminate end event': '终止结束事件',
  'Error end event': '错误结束事件',
  'Message intermediate catch event': '消息中间捕获事件',
  'Timer intermediate catch event': '定时中间捕获事件',
  'Message boundary event': '消息边界事件',
  'Timer boundary event': '定时边界事件',
  'Error boundary event': '错误边界事件',
  'Message boundary event (non-interrupting)': '消息边界事件（不中断）',
  'Timer boundary event (non-interrupting)': '定时边界事件（不中断）',
  'Parallel multi-instance': '并行多实例（会签）',
  'Sequential multi-instance': '串行多实例（依次签）',
  'Sequence flow': '顺序流',
  'Default flow': '默认流',
  'Conditional flow': '条件流',
  'Toggle non-interrupting': '切换不中断',
  'Search in diagram': '在图中搜索',
  // Properties panel
  General: '常规',
  Name: '名称',
  ID: '标识',
  Documentation: '说明',
  'Element documentation': '元素说明',
  'Process documentation': '流程说明',
  'Version tag': '版本标签',
  Executable: '可执行',
  'Element must have an unique ID.': '元素标识必须唯一。',
  'ID must not be empty.': '标识不能为空。',
  'ID must not contain spaces.': '标识不能包含空格。',
  'ID must be a valid QName.': '标识须为合法的 QName。',
  'Select an element to edit its properties.': '选择一个元素以编辑其属性。',
  'Multiple elements are selected. Select a single one to edit its properties.':
    '已选择多个元素；请只选一个以编辑属性。',
  'Opened in editor': '已在编辑器中打开',
  // Linter
  'Toggle linting overlays': '显示/隐藏校验标记',
  'Unparsable FEEL expression.': '无法解析的 FEEL 表达式。',
  Errors: '错误',
  Warnings: '警告',
};

type Replacements = Record<string, string | number>;

function fill(template: string, replacements: Replacements = {}): string {
  return template.replace(/{([^}]+)}/g, (whole, key: string) => String(replacements[key] ?? whole));
}

/** The translate module for a language: zh looks up the table, en keeps bpmn-js's own words. */
export function translateModule(lang: 'zh' | 'en') {
  const translate = (template: string, replacements?: Replacements) =>
    fill(lang === 'zh' ? (ZH[template] ?? template) : template, replacements);
  return { translate: ['value', translate] };
}
