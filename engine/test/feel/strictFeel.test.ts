import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DefinitionError,
  type Effect,
  IncidentError,
  type IncidentMessages,
  incidentCodes,
  parseBpmn,
} from '../../src';
import { evaluateCondition } from '../../src/feel/evaluateFeel';
import { SimulatedHost } from '../support/simulatedHost';

const exclusive = readFileSync(new URL('../gateways/exclusiveGateway.bpmn', import.meta.url), 'utf8');
const messages = readFileSync(new URL('../events/messageEvents.bpmn', import.meta.url), 'utf8');
const timers = readFileSync(new URL('../events/timerEvents.bpmn', import.meta.url), 'utf8');
const countersign = readFileSync(new URL('../tasks/countersign.bpmn', import.meta.url), 'utf8');

/** The exclusive-gateway fixture with its large-capital condition replaced (XML-escaped). */
function withCondition(condition: string): string {
  return exclusive.replace('=registeredCapital &gt; 1000000', `=${condition}`);
}

/** The vote countersign reached straight from the start, its participants from `=experts`. */
const voteOnly = () => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:yj="http://yijian.dev/schema/bpmn/1.0" id="D" targetNamespace="http://yijian.dev/test">
  <bpmn:process id="vote" isExecutable="true">
    <bpmn:startEvent id="Start" />
    ${/<bpmn:userTask id="Task_vote"[\s\S]*?<\/bpmn:userTask>/.exec(countersign)![0]}
    <bpmn:endEvent id="End" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Task_vote" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_vote" targetRef="End" />
  </bpmn:process>
</bpmn:definitions>`;

/**
 * The incident a step raised, whether the engine throws the IncidentError (the step is refused)
 * or parks the token and reports it as an `incident.raise` effect.
 */
function incidentOf(step: () => Effect[]): {
  code: string;
  elementId: string;
  message: string;
  messages: IncidentMessages;
} {
  let effects: Effect[];
  try {
    effects = step();
  } catch (error) {
    if (!(error instanceof IncidentError)) throw error;
    const { code, elementId, message, messages } = error;
    return { code, elementId, message, messages };
  }
  const raised = effects.find((e) => e.type === 'incident.raise');
  if (raised?.type !== 'incident.raise') throw new Error('the step raised no incident');
  const { code, elementId, message, messages } = raised;
  // The English of both languages is the message logs and older clients read.
  expect(messages.en).toBe(message);
  return { code, elementId, message, messages };
}

describe('strict FEEL at run time (incidents, never a silent route)', () => {
  it('should raise variable_missing at the gateway, naming the flow, when a condition reads a variable the case does not have', async () => {
    // given a gateway whose condition reads registeredCapital, and a case filed without it
    const host = new SimulatedHost(await parseBpmn(exclusive, { version: 1 }));
    host.file({ somethingElse: 1 });

    // when the review completes, then the incident names the flow and the variable
    const incident = incidentOf(() => host.completeAt('Task_review'));
    expect(incident).toMatchObject({ code: 'variable_missing', elementId: 'Gateway_size' });
    expect(incident.messages).toEqual({
      en: 'The FEEL expression "registeredCapital > 1000000" on flow Flow_large (after Gateway_size) stopped: the variable registeredCapital does not exist (it is not in the case variables; null would be a FEEL null); fix the variables it reads or the model.',
      zh: 'FEEL 表达式“registeredCapital > 1000000”（流向 Flow_large，在 Gateway_size 之后）中止：变量 registeredCapital 不存在（办件变量中没有它；若其值为 null 则是 FEEL 空值）；请修正它读取的变量或模型。',
    });
  });

  it('should NOT treat a variable present as null as missing: null > 1000000 is null, not boolean', async () => {
    const host = new SimulatedHost(await parseBpmn(exclusive, { version: 1 }));
    host.file({ registeredCapital: null });
    const incident = incidentOf(() => host.completeAt('Task_review'));
    expect(incident).toMatchObject({ code: 'condition_not_boolean', elementId: 'Gateway_size' });
    expect(incident.messages).toEqual({
      en: 'The condition "registeredCapital > 1000000" on flow Flow_large (after Gateway_size) gave null, a FEEL null, not true or false (null > 1000000 compares with null); fix the variables it reads or the condition.',
      zh: '条件“registeredCapital > 1000000”（流向 Flow_large，在 Gateway_size 之后）的结果为 null（FEEL 空值），不是真或假（null > 1000000 与空值比较）；请修正它读取的变量或条件。',
    });
  });

  it('should raise condition_not_boolean when a condition evaluates to a string', async () => {
    const host = new SimulatedHost(await parseBpmn(withCondition('applicantName'), { version: 1 }));
    host.file({ applicantName: '张三' });
    const incident = incidentOf(() => host.completeAt('Task_review'));
    expect(incident).toMatchObject({ code: 'condition_not_boolean', elementId: 'Gateway_size' });
    expect(incident.messages).toEqual({
      en: 'The condition "applicantName" on flow Flow_large (after Gateway_size) gave "张三", a FEEL string, not true or false; fix the variables it reads or the condition.',
      zh: '条件“applicantName”（流向 Flow_large，在 Gateway_size 之后）的结果为 "张三"（FEEL 字符串），不是真或假；请修正它读取的变量或条件。',
    });
  });

  it('should compare a string with a number as null (no JavaScript coercion) and raise condition_not_boolean', async () => {
    // given "200" > 100, which JavaScript (and feelin) call true
    const host = new SimulatedHost(
      await parseBpmn(withCondition('registeredCapital &gt; 100'), { version: 1 }),
    );
    host.file({ registeredCapital: '200' });
    const incident = incidentOf(() => host.completeAt('Task_review'));
    expect(incident).toMatchObject({ code: 'condition_not_boolean', elementId: 'Gateway_size' });
    expect(incident.message).toMatch(/compares a string with a number/);
    expect(incident.messages.zh).toBe(
      '条件“registeredCapital > 100”（流向 Flow_large，在 Gateway_size 之后）的结果为 null（FEEL 空值），不是真或假（"200" > 100 将字符串与数字进行比较）；请修正它读取的变量或条件。',
    );
  });

  it('should route normally when every condition is true or false', async () => {
    const host = new SimulatedHost(await parseBpmn(exclusive, { version: 1 }));
    host.file({ registeredCapital: 5_000_000 });
    host.completeAt('Task_review');
    expect(host.openSteps()).toEqual(['Task_largeReview']);
  });

  it('should raise no_flow_taken at the gateway when no condition holds and there is no default', async () => {
    const xml = exclusive.replace(' default="Flow_small"', '').replace(
      '<bpmn:sequenceFlow id="Flow_small" sourceRef="Gateway_size" targetRef="Gateway_merge" />',
      `<bpmn:sequenceFlow id="Flow_small" sourceRef="Gateway_size" targetRef="Gateway_merge">
        <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=registeredCapital &lt; 100</bpmn:conditionExpression>
      </bpmn:sequenceFlow>`,
    );
    const host = new SimulatedHost(await parseBpmn(xml, { version: 1 }));
    host.file({ registeredCapital: 500 });
    expect(incidentOf(() => host.completeAt('Task_review'))).toMatchObject({
      code: 'no_flow_taken',
      elementId: 'Gateway_size',
      messages: {
        en: 'No condition after Gateway_size holds and it has no default flow; add a default flow or fix the conditions.',
        zh: 'Gateway_size 之后没有成立的条件，且没有默认流向；请添加默认流向或修正条件。',
      },
    });
  });

  it('should raise expression_budget at the gateway when a condition runs over the budget', async () => {
    // given a condition whose loop size comes from the data (not refused at deploy)
    const host = new SimulatedHost(
      await parseBpmn(withCondition('count(for i in 1..registeredCapital return i) &gt; 0'), { version: 1 }),
    );
    host.file({ registeredCapital: 100_000_000 });
    const incident = incidentOf(() => host.completeAt('Task_review'));
    expect(incident).toMatchObject({ code: 'expression_budget', elementId: 'Gateway_size' });
    expect(incident.messages.en).toMatch(
      /^The FEEL expression "count\(for i in 1\.\.registeredCapital return i\) > 0" on flow Flow_large \(after Gateway_size\) stopped: it needs more than \d+ steps \(loops, ranges, lists or strings too large\); make it smaller/,
    );
    expect(incident.messages.zh).toMatch(
      /^FEEL 表达式“count\(for i in 1\.\.registeredCapital return i\) > 0”（流向 Flow_large，在 Gateway_size 之后）中止：它需要超过 \d+ 步计算（循环、范围、列表或字符串过大）；请简化表达式——直接判断需要的值，不要构造大列表；请修正它读取的变量或模型。$/,
    );
  });

  it('should raise correlation_invalid at the catch event when the correlation key is null', async () => {
    // given a fee payment correlated by orderNo, and a case whose orderNo is null
    const host = new SimulatedHost(await parseBpmn(messages, { version: 1 }));
    host.file({ orderNo: null });

    // when the review completes and the catch event arms, then the incident names it
    const incident = incidentOf(() => host.completeAt('Task_review'));
    expect(incident).toMatchObject({ code: 'correlation_invalid', elementId: 'Catch_feePaid' });
    expect(incident.messages).toEqual({
      en: 'The correlation key "orderNo" on Catch_feePaid gave null, a FEEL null; a key must be a string or a number — fix the variables it reads.',
      zh: '关联键“orderNo”（元素 Catch_feePaid）的结果为 null（FEEL 空值）；关联键必须是字符串或数字；请修正它读取的变量。',
    });
    expect([...host.subscriptions.values()]).not.toContain('null');
  });

  it('should raise correlation_invalid for a key that is neither string nor number', async () => {
    const host = new SimulatedHost(await parseBpmn(messages, { version: 1 }));
    host.file({ orderNo: true });
    expect(incidentOf(() => host.completeAt('Task_review'))).toMatchObject({
      code: 'correlation_invalid',
      elementId: 'Catch_feePaid',
      messages: { zh: expect.stringContaining('的结果为 true（FEEL 布尔值）') },
    });
  });

  it('should use a number correlation key as its text', async () => {
    const host = new SimulatedHost(await parseBpmn(messages, { version: 1 }));
    host.file({ orderNo: 1024 });
    const effects = host.completeAt('Task_review');
    expect(effects).toContainEqual(
      expect.objectContaining({ type: 'message.subscribe', elementId: 'Catch_feePaid', correlation: '1024' }),
    );
  });

  it('should raise variable_missing at the catch event when the correlation variable does not exist', async () => {
    const host = new SimulatedHost(await parseBpmn(messages, { version: 1 }));
    host.file({});
    expect(incidentOf(() => host.completeAt('Task_review'))).toMatchObject({
      code: 'variable_missing',
      elementId: 'Catch_feePaid',
      messages: {
        en: 'The FEEL expression "orderNo" on Catch_feePaid stopped: the variable orderNo does not exist (it is not in the case variables; null would be a FEEL null); fix the variables it reads or the model.',
        zh: 'FEEL 表达式“orderNo”（元素 Catch_feePaid）中止：变量 orderNo 不存在（办件变量中没有它；若其值为 null 则是 FEEL 空值）；请修正它读取的变量或模型。',
      },
    });
  });

  it('should raise timer_invalid at the timer when a FEEL timer gives something other than a duration text', async () => {
    const host = new SimulatedHost(
      await parseBpmn(timers.replace('>P3D<', '>=noticePeriod<'), { version: 1 }),
    );
    host.file({ noticePeriod: 3 });
    expect(incidentOf(() => host.completeAt('Task_notice'))).toMatchObject({
      code: 'timer_invalid',
      elementId: 'Timer_publicNotice',
      messages: {
        en: 'The timer on Timer_publicNotice gave 3, a FEEL number; a timer expression must give an ISO-8601 duration string such as "P3D" — fix the expression or the variables it reads.',
        zh: '定时器 Timer_publicNotice 的结果为 3（FEEL 数字）；定时表达式必须给出 ISO-8601 时长文本，例如 "P3D"；请修正表达式或它读取的变量。',
      },
    });
  });

  it('should raise timer_invalid at the timer for a text that is not an ISO duration', async () => {
    const host = new SimulatedHost(
      await parseBpmn(timers.replace('>P3D<', '>=noticePeriod<'), { version: 1 }),
    );
    host.file({ noticePeriod: 'three days' });
    expect(incidentOf(() => host.completeAt('Task_notice'))).toMatchObject({
      code: 'timer_invalid',
      elementId: 'Timer_publicNotice',
      messages: {
        en: 'The timer on Timer_publicNotice gave "three days", which is not an ISO-8601 duration such as P3D; fix the expression or the variables it reads.',
        zh: '定时器 Timer_publicNotice 的结果“three days”不是 ISO-8601 时长（例如 P3D）；请修正表达式或它读取的变量。',
      },
    });
  });

  it('should raise collection_invalid at the countersign when its collection is not a list', async () => {
    // given the vote countersign reached straight from the start, its experts a text, not a list
    const xml = voteOnly();
    const host = new SimulatedHost(await parseBpmn(xml, { version: 1 }));
    const incident = incidentOf(() => host.file({ experts: 'alice' }));
    expect(incident).toMatchObject({ code: 'collection_invalid', elementId: 'Task_vote' });
    expect(incident.messages).toEqual({
      en: 'The countersign Task_vote has no participants (yj:collection gave "alice", a FEEL string); a countersign needs a non-empty list — check the form answers or the expression.',
      zh: '会签 Task_vote 没有参与者：yj:collection 的结果为 "alice"（FEEL 字符串）；会签需要非空列表，请检查表单填写内容或表达式。',
    });
  });

  it('should raise collection_invalid for a participant that is neither a department nor a context', async () => {
    const host = new SimulatedHost(await parseBpmn(voteOnly(), { version: 1 }));
    expect(incidentOf(() => host.file({ experts: [42] }))).toMatchObject({
      code: 'collection_invalid',
      elementId: 'Task_vote',
      messages: {
        en: 'The countersign Task_vote got participant 42; give department ids, "department:user" or { department, assignee }.',
        zh: '会签 Task_vote 的参与者 42 无效；请使用部门 id、“部门:用户”或 { department, assignee }。',
      },
    });
  });

  it('should raise expression_budget in both languages when a condition builds a string over the cap', () => {
    const incident = incidentOf(() => {
      evaluateCondition(
        'string length(text + text) > 0',
        { text: 'x'.repeat(60_000) },
        'Gateway_1',
        'Flow_1',
      );
      return [];
    });
    expect(incident.code).toBe('expression_budget');
    expect(incident.messages.en).toMatch(
      /stopped: it builds a string of 120000 characters, more than the \d+ allowed;/,
    );
    expect(incident.messages.zh).toMatch(
      /^FEEL 表达式“string length\(text \+ text\) > 0”（流向 Flow_1，在 Gateway_1 之后）中止：它生成了 120000 个字符的字符串，超过允许的 \d+ 个；请修正它读取的变量或模型。$/,
    );
  });

  it('should raise expression_invalid, with the FEEL problem in zh-CN, for an expression deployed before the checks', () => {
    // given a condition that never passed today's deploy checks (an older version of the model)
    const incident = incidentOf(() => {
      evaluateCondition('shop.area >>> 300', { shop: { area: 1 } }, 'Gateway_1', 'Flow_1');
      return [];
    });
    expect(incident).toMatchObject({ code: 'expression_invalid', elementId: 'Gateway_1' });
    expect(incident.messages.en).toMatch(
      /^The FEEL expression on flow Flow_1 \(after Gateway_1\) cannot run: "shop\.area >>> 300" is not valid FEEL/,
    );
    expect(incident.messages.zh).toMatch(
      /^FEEL 表达式（流向 Flow_1，在 Gateway_1 之后）无法运行：“shop\.area >>> 300”不是有效的 FEEL/,
    );
  });

  it('should list exactly the incident codes raised above', () => {
    // The catalogue lists exactly the codes the tests above raise, each asserted in zh and en.
    expect([...incidentCodes].sort()).toEqual(
      [
        'collection_invalid',
        'condition_not_boolean',
        'correlation_invalid',
        'expression_budget',
        'expression_invalid',
        'no_flow_taken',
        'timer_invalid',
        'variable_missing',
      ].sort(),
    );
  });
});

describe('FEEL checked at deploy time', () => {
  it('should refuse a syntax error such as shop.area >>> 300, naming the flow and the expression', async () => {
    const error = await parseBpmn(withCondition('shop.area &gt;&gt;&gt; 300'), { version: 1 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DefinitionError);
    expect((error as DefinitionError).issues).toContainEqual({
      elementId: 'Flow_large',
      message: expect.stringMatching(/"shop\.area >>> 300" is not valid FEEL/),
    });
  });

  it('should refuse a construct outside the subset, saying how to write it', async () => {
    const error = await parseBpmn(withCondition('date("2026-01-01") &gt; today()'), { version: 1 }).catch(
      (e: unknown) => e,
    );
    expect((error as DefinitionError).issues).toContainEqual({
      elementId: 'Flow_large',
      message: expect.stringMatching(/not supported.*ISO date strings/),
    });
  });

  it('should refuse nested loops over literal ranges whose cost is over the budget, naming the flow', async () => {
    const error = await parseBpmn(
      withCondition('count(for i in 1..1000, j in 1..1000 return i * j) &gt; 0'),
      { version: 1 },
    ).catch((e: unknown) => e);
    expect((error as DefinitionError).issues).toContainEqual({
      elementId: 'Flow_large',
      message: expect.stringMatching(/needs at least \d+ steps, more than the 100000/),
    });
  });

  it('should refuse a correlation key outside the subset, naming the catch event', async () => {
    const error = await parseBpmn(messages.replace('=orderNo', '=foo(orderNo)'), { version: 1 }).catch(
      (e: unknown) => e,
    );
    expect((error as DefinitionError).issues).toContainEqual({
      elementId: 'Catch_feePaid',
      message: expect.stringMatching(/foo\(\)/),
    });
  });
});
