/**
 * Every deploy-time issue in the process designer's languages. The engine words its issues in
 * English (`DefinitionIssue.message`, what logs and tests read); this table gives the zh-CN text
 * of each, so the browser's live lint and the server's 422 say the same thing in both languages.
 * A message no pattern knows keeps its English text in zh-CN too (a test checks that every issue
 * the fixtures and the MIWG models produce is known).
 */

/** One text in zh-CN and English (the API's `Messages`). */
export interface IssueMessages {
  'zh-CN': string;
  en: string;
}

/** BPMN element types as a designer calls them in Chinese. */
const ELEMENT_ZH: Record<string, string> = {
  Task: '任务',
  ServiceTask: '服务任务',
  SendTask: '发送任务',
  ReceiveTask: '接收任务',
  ScriptTask: '脚本任务',
  BusinessRuleTask: '业务规则任务',
  ManualTask: '人工任务',
  UserTask: '用户任务',
  CallActivity: '调用活动',
  Transaction: '事务子流程',
  AdHocSubProcess: '自由子流程',
  SubProcess: '子流程',
  ComplexGateway: '复杂网关',
  ParallelGateway: '并行网关',
  ExclusiveGateway: '排他网关',
  InclusiveGateway: '包容网关',
  EventBasedGateway: '事件网关',
  IntermediateThrowEvent: '中间抛出事件',
  IntermediateCatchEvent: '中间捕获事件',
  BoundaryEvent: '边界事件',
  StartEvent: '开始事件',
  EndEvent: '结束事件',
};

const elementZh = (label: string) => ELEMENT_ZH[label] ?? label;

/** The fixes of unsupported elements (compileProcess HINTS). */
const HINT_ZH: Record<string, string> = {
  'use a user task routed to a department (yj:department) instead.':
    '请改用分派给部门（yj:department）的用户任务。',
  'use an intermediate message catch event instead.': '请改用中间消息捕获事件。',
  'use an exclusive gateway with FEEL conditions instead.': '请改用带 FEEL 条件的排他网关。',
  'use an embedded sub-process with the called steps instead (call activities come later).':
    '请改用包含这些步骤的内嵌子流程（调用活动以后支持）。',
  'use an embedded sub-process instead.': '请改用内嵌子流程。',
  'use an embedded sub-process with a parallel gateway instead.': '请改用带并行网关的内嵌子流程。',
  'use an inclusive gateway with FEEL conditions instead.': '请改用带 FEEL 条件的包容网关。',
  'remove it; the engine throws no intermediate events yet.': '请删除它；引擎暂不支持抛出中间事件。',
  'use a start/end event, user task, gateway, sub-process or timer/message catch event.':
    '请使用开始/结束事件、用户任务、网关、子流程或定时/消息捕获事件。',
};

const EVENT_TYPE_ZH: Record<string, string> = {
  timer: '定时',
  message: '消息',
  error: '错误',
  terminate: '终止',
  signal: '信号',
  escalation: '升级',
  compensate: '补偿',
  conditional: '条件',
  link: '链接',
  cancel: '取消',
};

const EVENT_FIX_ZH: Record<string, string> = {
  'use a none start event (a case starts when it is filed).': '请使用空开始事件（申办即开始办件）。',
  'use a none, terminate or error end event.': '请使用空、终止或错误结束事件。',
};

/** A FEEL problem (checkFeel / compileFeel) in zh-CN; unknown ones keep their English text. */
export function feelZh(text: string): string {
  for (const [, pattern, zh] of FEEL) {
    const match = pattern.exec(text);
    if (match) return zh(match);
  }
  return text;
}

/** A refusal's stable code, the English it matches, and its zh-CN text from the match. */
type Rule = readonly [code: string, pattern: RegExp, zh: (m: RegExpExecArray) => string];

const FEEL: readonly Rule[] = [
  [
    'feel_empty',
    /^The expression is empty; write FEEL such as =amount > 100\.$/,
    () => '表达式为空；请写 FEEL，例如 =amount > 100。',
  ],
  [
    'feel_juel',
    /^"(.*)" is JUEL, not FEEL; write (.*) instead\.$/s,
    (m) => `“${m[1]}”是 JUEL 而不是 FEEL；请改写为 ${m[2]}。`,
  ],
  [
    'feel_too_long',
    /^The expression is (\d+) characters long, more than the (\d+) allowed;.*$/s,
    (m) => `表达式长 ${m[1]} 个字符，超过允许的 ${m[2]} 个；请把逻辑拆到多个条件中，或在步骤中计算。`,
  ],
  [
    'feel_syntax',
    /^"(.*)" is not valid FEEL: problem at character (\d+)(?: \("(.*)"\)| \(it ends too early\)); fix the expression, e\.g\. amount > 100\.$/s,
    (m) =>
      `“${m[1]}”不是有效的 FEEL：第 ${m[2]} 个字符处有错${m[3] !== undefined ? `（“${m[3]}”）` : '（表达式提前结束）'}；请修正表达式，例如 amount > 100。`,
  ],
  [
    'feel_not_expression',
    /^"(.*)" is not valid FEEL: "(.*)" at character (\d+) is not an expression;.*$/s,
    (m) =>
      `“${m[1]}”不是有效的 FEEL：第 ${m[3]} 个字符处的“${m[2]}”不是表达式；请用 = != < <= > >= 比较（例如 shop.area > 300），或用 in 判断（例如 x in [1..3]）。`,
  ],
  [
    'feel_invalid',
    /^"(.*)" is not valid FEEL \((.*)\); fix the expression\.$/s,
    (m) => `“${m[1]}”不是有效的 FEEL（${m[2]}）；请修正表达式。`,
  ],
  [
    'feel_too_deep',
    /^"(.*)…" is nested (\d+) levels deep, more than the (\d+) allowed; write it flatter\.$/s,
    (m) => `“${m[1]}…”嵌套 ${m[2]} 层，超过允许的 ${m[3]} 层；请减少嵌套。`,
  ],
  [
    'feel_unsupported',
    /^"(.*)" in "(.*)": (.*) — not supported in Yijian's FEEL; (.*)\. \((.*)\.\)$/s,
    (m) => `“${m[2]}”中的“${m[1]}”：一件 FEEL 子集不支持 ${m[3]}；${m[4]}。`,
  ],
  [
    'feel_bad_call',
    /^"(.*)" in "(.*)": (.*)\(\) takes (.*); fix the call\.$/s,
    (m) => `“${m[2]}”中的“${m[1]}”：${m[3]}() 需要 ${m[4]}；请修正调用。`,
  ],
  [
    'feel_too_costly',
    /^"(.*)" needs at least (\d+) steps, more than the (\d+) an expression may take.*$/s,
    (m) =>
      `“${m[1]}”至少需要 ${m[2]} 步计算，超过单个表达式允许的 ${m[3]} 步（字面量范围或列表过大）；请缩小范围或直接判断取值。`,
  ],
];

/** Deploy-time issues of compileProcess, readMultiInstance, parseBpmn and the lint rules. */
const RULES: readonly Rule[] = [
  [
    'start_event_count',
    /^A process needs exactly one none start event; found (\d+)\.$/,
    (m) => `流程需要且只能有一个空开始事件；现有 ${m[1]} 个。`,
  ],
  [
    'subprocess_start_event_count',
    /^A sub-process needs exactly one none start event inside; found (\d+)\.$/,
    (m) => `子流程内需要且只能有一个空开始事件；现有 ${m[1]} 个。`,
  ],
  [
    'event_subprocess_unsupported',
    /^Event sub-processes are not supported yet; use boundary events on an embedded sub-process\.$/,
    () => '暂不支持事件子流程；请在内嵌子流程上使用边界事件。',
  ],
  [
    'called_process_unavailable',
    /^This call activity calls "(.*)", which is not available;.*$/s,
    (m) =>
      `该调用活动调用的“${m[1]}”不可用；请随流程库一起部署、修正 calledElement，或把步骤内嵌到子流程中。`,
  ],
  [
    'called_element_missing',
    /^This call activity has no calledElement;.*$/s,
    () => '该调用活动没有 calledElement；请指明调用的流程库流程，或把步骤内嵌到子流程中。',
  ],
  [
    'element_unsupported',
    /^(\w+) is not supported; (.*)$/s,
    (m) => `不支持${elementZh(m[1]!)}（${m[1]}）；${HINT_ZH[m[2]!] ?? m[2]}`,
  ],
  [
    'multi_instance_not_user_task',
    /^(\w+) cannot be multi-instance or a loop; only user tasks can \(yj:countersign\)\.$/,
    (m) => `${elementZh(m[1]!)}不能是多实例或循环；只有用户任务可以（yj:countersign 会签）。`,
  ],
  [
    'condition_empty',
    /^The condition has no expression text;.*$/s,
    () => '条件没有表达式文本；请写 FEEL，例如 =amount > 100。',
  ],
  [
    'condition_not_feel',
    /^The condition is in (.*); conditions are FEEL.*$/s,
    (m) => `条件使用的是 ${m[1]}；条件须为 FEEL，例如 =amount > 100（请删除 language 属性）。`,
  ],
  [
    'event_definition_missing',
    /^(\w+) needs a timer, message or error definition\.$/,
    (m) => `${elementZh(m[1]!)}需要定时、消息或错误事件定义。`,
  ],
  [
    'event_definitions_many',
    /^(\w+) has (\d+) event definitions; keep exactly one\.$/,
    (m) => `${elementZh(m[1]!)}有 ${m[2]} 个事件定义；只能保留一个。`,
  ],
  [
    'event_type_unsupported',
    /^An? (\w+) ([a-z ]+ event) is not supported; (.*)$/s,
    (m) => {
      const label = m[2]!.replace(/(^| )([a-z])/g, (_s, _sp, c: string) => c.toUpperCase());
      const fix =
        EVENT_FIX_ZH[m[3]!] ??
        m[3]!.replace(
          /^use one of: (.*)\.$/,
          (_s, list: string) =>
            `请使用以下之一：${
              list === 'none'
                ? '无'
                : list
                    .split(', ')
                    .map((t) => EVENT_TYPE_ZH[t] ?? t)
                    .join('、')
            }。`,
        );
      return `不支持${EVENT_TYPE_ZH[m[1]!] ?? m[1]}${elementZh(label)}；${fix}`;
    },
  ],
  [
    'error_end_without_code',
    /^An error end event needs an error with an errorCode/,
    () => '错误结束事件需要带错误码（errorCode）的错误定义（bpmn:error errorCode="…"）。',
  ],
  [
    'error_boundary_non_interrupting',
    /^An error boundary event always interrupts;.*$/s,
    () => '错误边界事件总是中断活动；请删除 cancelActivity="false"。',
  ],
  [
    'message_without_name',
    /^A message event needs a message \(messageRef\) with a name\.$/,
    () => '消息事件需要一个带名称的消息（messageRef）。',
  ],
  [
    'correlation_key_invalid',
    /^yj:correlationKey of message (.*?): (.*)$/s,
    (m) => `消息 ${m[1]} 的关联键 yj:correlationKey：${feelZh(m[2]!)}`,
  ],
  [
    'timer_cycle_unsupported',
    /^Timer cycles are not supported yet;.*$/s,
    () => '暂不支持循环定时器；请使用时长（例如 P3D）或日期。',
  ],
  [
    'timer_definition_missing',
    /^A timer needs a timeDuration \(e\.g\. P3D\) or a timeDate\.$/,
    () => '定时器需要时长 timeDuration（例如 P3D）或日期 timeDate。',
  ],
  [
    'timer_duration_invalid',
    /^"(.*)" is not an ISO-8601 duration;.*$/s,
    (m) => `“${m[1]}”不是 ISO-8601 时长；请写 P3D（3 天）、PT2H（2 小时）或 P1DT12H 等。`,
  ],
  [
    'timer_date_invalid',
    /^"(.*)" is not an ISO-8601 date-time;.*$/s,
    (m) => `“${m[1]}”不是 ISO-8601 日期时间；请写 2026-03-02T09:00:00+08:00 等。`,
  ],
  [
    'flow_end_unsupported',
    /^This sequence flow must connect two supported elements\.$/,
    () => '该顺序流必须连接两个受支持的元素。',
  ],
  [
    'flow_crosses_subprocess',
    /^A sequence flow cannot cross a sub-process border;.*$/s,
    () => '顺序流不能跨越子流程边界；请连接同一子流程内的元素。',
  ],
  [
    'boundary_attachment_invalid',
    /^A boundary event must be attached to a user task or a sub-process\.$/,
    () => '边界事件必须附着在用户任务或子流程上。',
  ],
  [
    'start_without_outgoing',
    /^The start event has no outgoing sequence flow;.*$/s,
    () => '开始事件没有流出的顺序流；请连接到第一个步骤。',
  ],
  [
    'start_with_incoming',
    /^A start event cannot have incoming sequence flows;.*$/s,
    () => '开始事件不能有流入的顺序流；请把它们连接到下一个步骤。',
  ],
  [
    'boundary_with_incoming',
    /^A boundary event cannot have incoming sequence flows\.$/,
    () => '边界事件不能有流入的顺序流。',
  ],
  [
    'element_unreachable',
    /^Nothing leads here;.*$/s,
    () => '没有任何流程到达这里；请连接一条流入的顺序流，或删除该元素。',
  ],
  ['element_dead_end', /^No way out;.*$/s, () => '没有出口；请连接一条流出的顺序流（例如连到结束事件）。'],
  [
    'error_end_uncaught',
    /^An error end event at process level has nothing to catch it;.*$/s,
    () => '流程顶层的错误结束事件无处捕获；请把它放进带错误边界事件的子流程中，或改用终止结束事件。',
  ],
  [
    'user_task_without_department',
    /^A user task needs yj:department/,
    () => '用户任务需要指定办理部门（yj:department），任务才能进入部门队列。',
  ],
  [
    'default_flow_not_outgoing',
    /^The default flow (\S+) must be one of this element's outgoing flows\.$/,
    (m) => `默认流 ${m[1]} 必须是该元素的流出顺序流之一。`,
  ],
  [
    'condition_misplaced',
    /^Conditions are only evaluated after exclusive\/inclusive gateways and activities; remove the condition from (.*) or put a gateway in between\.$/s,
    (m) => `条件只在排他/包容网关和活动之后计算；请删除 ${m[1]} 上的条件，或在中间加一个网关。`,
  ],
  [
    'default_flow_with_condition',
    /^The default flow (\S+) cannot have a condition; remove it\.$/,
    (m) => `默认流 ${m[1]} 不能带条件；请删除条件。`,
  ],
  [
    'event_gateway_target_invalid',
    /^An event-based gateway must lead only to timer or message catch events that nothing else leads to; fix flow (\S+)\.$/,
    (m) => `事件网关只能连到仅由它到达的定时或消息捕获事件；请修正顺序流 ${m[1]}。`,
  ],
  [
    'event_gateway_too_few',
    /^An event-based gateway needs at least two events to race\.$/,
    () => '事件网关至少需要两个相互竞争的事件。',
  ],
  [
    'limit_invalid',
    /^yj:limit needs a positive integer value/,
    () =>
      'yj:limit 时限需要正整数值，单位为 workingDays（工作日）/calendarDays（自然日）/calendarMonths（自然月），类型为 statutory（法定）/promised（承诺）。',
  ],
  [
    'limit_duplicate',
    /^Two (statutory|promised) yj:limits;.*$/s,
    (m) => `有两个${m[1] === 'statutory' ? '法定' : '承诺'}时限；请只保留一个法定时限和至多一个承诺时限。`,
  ],
  [
    'promised_exceeds_statutory',
    /^The promised limit \((\d+) (\w+)\) exceeds the statutory limit \((\d+) (\w+)\);.*$/s,
    (m) =>
      `承诺时限（${m[1]} ${unitZh(m[2]!)}）超过法定时限（${m[3]} ${unitZh(m[4]!)}）；承诺时限不得超过法定时限。`,
  ],
  [
    'standard_loop_unsupported',
    /^Standard loops are not supported;.*$/s,
    () => '不支持标准循环；请使用带 yj:countersign 的多实例任务。',
  ],
  [
    'loop_cardinality_unsupported',
    /^loopCardinality and completionCondition are not supported;.*$/s,
    () =>
      '不支持 loopCardinality 和 completionCondition；请用 yj:countersign（all/any/sequential/vote）加 yj:assignees 或 yj:collection。',
  ],
  [
    'countersign_unknown',
    /^yj:countersign="(.*)" is unknown; use one of (.*)\.$/,
    (m) => `会签规则 yj:countersign="${m[1]}" 未知；请使用 ${m[2]} 之一。`,
  ],
  [
    'countersign_marker_mismatch',
    /^yj:countersign="(.*)" and the multi-instance marker disagree; set isSequential="(.*)"\.$/,
    (m) => `会签规则 yj:countersign="${m[1]}" 与多实例标记不一致；请设置 isSequential="${m[2]}"。`,
  ],
  [
    'vote_threshold_invalid',
    /^yj:threshold="(.*)" must be a share below 1/,
    (m) => `投票阈值 yj:threshold="${m[1]}" 必须是小于 1 的比例，例如 0.5 或 50%（赞成须超过它）。`,
  ],
  [
    'countersign_without_participants',
    /^A countersign task needs its participants/,
    () => '会签任务需要参与者：yj:assignees="market,fire" 或 yj:collection="=departments"。',
  ],
  [
    'countersign_collection_invalid',
    /^yj:collection: (.*)$/s,
    (m) => `会签参与者 yj:collection：${feelZh(m[1]!)}`,
  ],
  [
    'executable_process_count',
    /^Expected exactly one executable process, found (\d+);.*$/s,
    (m) =>
      `需要且只能有一个可执行流程，现有 ${m[1]} 个；请把一个 bpmn:process 标为 isExecutable="true"，其余标为 isExecutable="false"。`,
  ],
  [
    'call_loop',
    /^Calling "(.*)" here loops \((.*)\);.*$/s,
    (m) => `在此调用“${m[1]}”形成循环（${m[2]}）；流程不能直接或间接调用自身。`,
  ],
  [
    'called_process_issue',
    /^In the called process "(.*)" \((.*)\): (.*)$/s,
    (m) => `被调用流程“${m[1]}”（${m[2]}）中：${zh(m[3]!)}`,
  ],
  [
    'duplicate_sequence_flow',
    /^(SequenceFlow is a duplicate|Duplicate outgoing sequence flows|Duplicate incoming sequence flows) \(bpmnlint (.*)\); delete the duplicate flow.*$/s,
    (m) =>
      `${m[1] === 'SequenceFlow is a duplicate' ? '顺序流重复' : m[1]!.startsWith('Duplicate outgoing') ? '流出顺序流重复' : '流入顺序流重复'}（bpmnlint ${m[2]}）；请删除重复的顺序流：同一对元素之间的两条顺序流会产生两个令牌。`,
  ],
  [
    'unresolved_reference',
    /^unresolved reference <(.*)>$/s,
    (m) => `无法解析的引用 <${m[1]}>；请修正或删除引用它的属性。`,
  ],
  [
    'unparsable_content',
    /^unparsable content <(.*)> detected/s,
    (m) => `无法解析的内容 <${m[1]}>；请删除它或改用 BPMN 2.0 元素。`,
  ],
  ['duplicate_id', /^duplicate ID <(.*)>/s, (m) => `重复的 ID <${m[1]}>；每个元素的 id 必须唯一。`],
  ['not_bpmn_xml', /^Send BPMN 2\.0 XML\.$/, () => '请发送 BPMN 2.0 XML。'],
  [
    'doctype_forbidden',
    /^Remove the <!DOCTYPE …> declaration; BPMN needs none\.$/,
    () => '请删除 <!DOCTYPE …> 声明；BPMN 不需要它。',
  ],
  [
    'model_too_large',
    /^Models are limited to (\d+) bytes;.*$/s,
    (m) => `模型不得超过 ${m[1]} 字节；请把一件事拆分为多个事项。`,
  ],
];

function unitZh(unit: string): string {
  return unit === 'workingDays'
    ? '个工作日'
    : unit === 'calendarDays'
      ? '个自然日'
      : unit === 'calendarMonths'
        ? '个自然月'
        : unit;
}

/** The rule a message matches (deploy rules first, then FEEL problems on their own). */
function classify(message: string): { code: string; params: string[]; zh: string } {
  for (const [code, pattern, text] of [...RULES, ...FEEL]) {
    const match = pattern.exec(message);
    if (match) return { code, params: match.slice(1).map((p) => p ?? ''), zh: text(match) };
  }
  return { code: UNCLASSIFIED, params: [], zh: message };
}

/** The code of an issue no rule knows (its zh-CN text is then the English one). */
export const UNCLASSIFIED = 'unclassified';

function zh(message: string): string {
  return classify(message).zh;
}

/** Whether the table knows `message` (its zh-CN text is not the English one). */
export function isTranslated(message: string): boolean {
  return zh(message) !== message;
}

/** A deploy-time issue's message (the engine's English) in zh-CN and English. */
export function issueMessages(message: string): IssueMessages {
  return { 'zh-CN': zh(message), en: message };
}

/**
 * An engine refusal as the API and the browser show it: a stable code (e.g. `element_unsupported`,
 * `element_dead_end`, `feel_syntax`), the element it is about, the values the sentence names
 * (the element type, the expression, …) and the sentence — what is wrong and how to fix it — in
 * zh-CN and English.
 */
export interface DescribedIssue {
  code: string;
  elementId: string | null;
  params: string[];
  messages: IssueMessages;
}

/** Describes a deploy-time issue of the engine with its code and both languages. */
export function describeIssue(issue: { elementId: string | null; message: string }): DescribedIssue {
  const { code, params, zh: text } = classify(issue.message);
  return { code, elementId: issue.elementId, params, messages: { 'zh-CN': text, en: issue.message } };
}

/** Every code the message catalogue gives (for documentation and tests). */
export const issueCodes: readonly string[] = [...RULES, ...FEEL].map(([code]) => code);
