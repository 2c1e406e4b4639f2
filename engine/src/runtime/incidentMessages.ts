import type { IncidentMessages } from '../errors';
import type { FeelNote } from '../feel/feelRuntime';
import { describeValue, feelType, feelTypeZh } from '../feel/feelValue';
import { feelZh } from '../lint/issueMessages';

/**
 * Every incident the engine raises, by its stable code, in zh-CN and English. A builder takes the
 * facts the sentence names (the expression, the element, the value it gave) and words them the
 * way an operator reads them: what is wrong, then how to fix it. The English is what logs and
 * tests read (`IncidentError.message`); the web app shows the one in the reader's language.
 * Values (`null`, `"200"`, `[1, 2]`) and ids stay as written: they are what the operator searches
 * the model and the form for.
 */

/** Where an expression sits: on an element, or on a flow leaving it (the token waits at the element). */
export interface ExpressionSite {
  elementId: string;
  flowId?: string;
}

const siteEn = (s: ExpressionSite) => (s.flowId ? `flow ${s.flowId} (after ${s.elementId})` : s.elementId);
const siteZh = (s: ExpressionSite) =>
  s.flowId ? `流向 ${s.flowId}，在 ${s.elementId} 之后` : `元素 ${s.elementId}`;

/** The notes on why a value became null, as a parenthesis after the value (empty when none). */
const whyEn = (notes: readonly FeelNote[]) =>
  notes.length > 0 ? ` (${notes.map((n) => n.en).join('; ')})` : '';
const whyZh = (notes: readonly FeelNote[]) =>
  notes.length > 0 ? `（${notes.map((n) => n.zh).join('；')}）` : '';

/** A value with its FEEL type: `null, a FEEL null` / `null（FEEL 空值）`. */
const valueEn = (value: unknown) => `${describeValue(value)}, a FEEL ${feelType(value)}`;
const valueZh = (value: unknown) => `${describeValue(value)}（FEEL ${feelTypeZh(value)}）`;

/** The incident builders, one per code. */
export const incidentMessages = {
  /** 条件不是真或假: a condition gave null or a non-boolean. */
  condition_not_boolean(p: {
    source: string;
    site: ExpressionSite;
    value: unknown;
    notes: readonly FeelNote[];
  }): IncidentMessages {
    return {
      en: `The condition "${p.source}" on ${siteEn(p.site)} gave ${valueEn(p.value)}, not true or false${whyEn(p.notes)}; fix the variables it reads or the condition.`,
      zh: `条件“${p.source}”（${siteZh(p.site)}）的结果为 ${valueZh(p.value)}，不是真或假${whyZh(p.notes)}；请修正它读取的变量或条件。`,
    };
  },

  /** 关联键无效: a message correlation key that is not a string or a number. */
  correlation_invalid(p: {
    source: string;
    elementId: string;
    value: unknown;
    notes: readonly FeelNote[];
  }): IncidentMessages {
    return {
      en: `The correlation key "${p.source}" on ${p.elementId} gave ${valueEn(p.value)}; a key must be a string or a number${whyEn(p.notes)} — fix the variables it reads.`,
      zh: `关联键“${p.source}”（元素 ${p.elementId}）的结果为 ${valueZh(p.value)}；关联键必须是字符串或数字${whyZh(p.notes)}；请修正它读取的变量。`,
    };
  },

  /** 表达式无法运行: deployed before the FEEL checks existed; the compile problem says why. */
  expression_invalid(p: { site: ExpressionSite; problem: string }): IncidentMessages {
    return {
      en: `The FEEL expression on ${siteEn(p.site)} cannot run: ${p.problem}`,
      zh: `FEEL 表达式（${siteZh(p.site)}）无法运行：${feelZh(p.problem)}`,
    };
  },

  /**
   * 表达式中止: a variable the case does not have (`variable_missing`) or more work than the
   * budget (`expression_budget`); `reason` is the evaluator's, in both languages.
   */
  expression_stopped(p: { source: string; site: ExpressionSite; reason: FeelNote }): IncidentMessages {
    return {
      en: `The FEEL expression "${p.source}" on ${siteEn(p.site)} stopped: ${p.reason.en}; fix the variables it reads or the model.`,
      zh: `FEEL 表达式“${p.source}”（${siteZh(p.site)}）中止：${p.reason.zh}；请修正它读取的变量或模型。`,
    };
  },

  /** 无可走流向: no outgoing condition holds and there is no default flow. */
  no_flow_taken(p: { elementId: string }): IncidentMessages {
    return {
      en: `No condition after ${p.elementId} holds and it has no default flow; add a default flow or fix the conditions.`,
      zh: `${p.elementId} 之后没有成立的条件，且没有默认流向；请添加默认流向或修正条件。`,
    };
  },

  /** 会签无参与者: the collection gave no list, or an empty one. */
  collection_empty(p: { elementId: string; value: unknown }): IncidentMessages {
    return {
      en: `The countersign ${p.elementId} has no participants (yj:collection gave ${describeValue(p.value)}, a FEEL ${feelType(p.value)}); a countersign needs a non-empty list — check the form answers or the expression.`,
      zh: `会签 ${p.elementId} 没有参与者：yj:collection 的结果为 ${valueZh(p.value)}；会签需要非空列表，请检查表单填写内容或表达式。`,
    };
  },

  /** 会签参与者无效: one item of the collection is neither a department nor a context. */
  collection_item_invalid(p: { elementId: string; item: unknown }): IncidentMessages {
    return {
      en: `The countersign ${p.elementId} got participant ${describeValue(p.item)}; give department ids, "department:user" or { department, assignee }.`,
      zh: `会签 ${p.elementId} 的参与者 ${describeValue(p.item)} 无效；请使用部门 id、“部门:用户”或 { department, assignee }。`,
    };
  },

  /** 定时表达式结果不是文本: a FEEL timer that gave no ISO-8601 text. */
  timer_not_text(p: { elementId: string; value: unknown; kind: 'date' | 'duration' }): IncidentMessages {
    const date = p.kind === 'date';
    return {
      en: `The timer on ${p.elementId} gave ${valueEn(p.value)}; a timer expression must give an ISO-8601 ${date ? 'date-time' : 'duration'} string such as ${date ? '"2026-03-02T09:00:00+08:00"' : '"P3D"'} — fix the expression or the variables it reads.`,
      zh: `定时器 ${p.elementId} 的结果为 ${valueZh(p.value)}；定时表达式必须给出 ISO-8601 ${date ? '日期时间' : '时长'}文本，例如 ${date ? '"2026-03-02T09:00:00+08:00"' : '"P3D"'}；请修正表达式或它读取的变量。`,
    };
  },

  /** 定时文本无效: the text is not an ISO-8601 date-time or duration. */
  timer_text_invalid(p: { elementId: string; text: string; kind: 'date' | 'duration' }): IncidentMessages {
    const date = p.kind === 'date';
    return {
      en: `The timer on ${p.elementId} gave "${p.text}", which is not ${date ? 'an ISO-8601 date-time' : 'an ISO-8601 duration such as P3D'}; fix the expression or the variables it reads.`,
      zh: `定时器 ${p.elementId} 的结果“${p.text}”不是 ${date ? 'ISO-8601 日期时间' : 'ISO-8601 时长（例如 P3D）'}；请修正表达式或它读取的变量。`,
    };
  },
} as const;

/** Every code an engine incident carries (`IncidentError.code`), for documentation and tests. */
export const incidentCodes = [
  'condition_not_boolean',
  'correlation_invalid',
  'expression_invalid',
  'variable_missing',
  'expression_budget',
  'no_flow_taken',
  'collection_invalid',
  'timer_invalid',
] as const;
