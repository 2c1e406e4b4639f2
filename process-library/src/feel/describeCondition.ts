import type { LocalizedName } from '@yijian/engine';
import { dictionaryField, isFieldKey } from '../catalogue/fieldDictionary';
import type { FormField } from '../forms';
import { feelNames, feelSource } from './feelNames';

type Lang = 'zh' | 'en';

/** The part of FEEL that inclusion conditions use, as a small tree. */
type Operand =
  | { kind: 'name'; key: string }
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' };
type Comparator = '=' | '!=' | '<' | '<=' | '>' | '>=';
type Condition =
  | { kind: 'and' | 'or'; parts: Condition[] }
  | { kind: 'not'; inner: Condition }
  | { kind: 'compare'; left: Operand; op: Comparator; right: Operand }
  | { kind: 'in'; left: Operand; values: Operand[] }
  | { kind: 'operand'; operand: Operand };

/** Raised by the parser when a condition is outside the subset worded here. */
class Unworded extends Error {}

const TOKENS = /\s*(<=|>=|!=|[=<>(),[\]]|"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?|[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)/y;

function tokenize(source: string): string[] {
  const tokens: string[] = [];
  TOKENS.lastIndex = 0;
  while (TOKENS.lastIndex < source.length) {
    if (/^\s*$/.test(source.slice(TOKENS.lastIndex))) break;
    const match = TOKENS.exec(source);
    if (!match?.[1]) throw new Unworded(source);
    tokens.push(match[1]);
  }
  return tokens;
}

/** Recursive descent over `or` / `and` / `not(…)` / comparisons / `in` lists. */
function parse(source: string): Condition {
  const tokens = tokenize(source);
  let at = 0;
  const peek = () => tokens[at];
  const take = (expected?: string) => {
    const token = tokens[at++];
    if (token === undefined || (expected !== undefined && token !== expected)) throw new Unworded(source);
    return token;
  };
  const operand = (): Operand => {
    const token = take();
    if (token.startsWith('"')) return { kind: 'string', value: JSON.parse(token) as string };
    if (/^-?\d/.test(token)) return { kind: 'number', value: token };
    if (token === 'true' || token === 'false') return { kind: 'boolean', value: token === 'true' };
    if (token === 'null') return { kind: 'null' };
    if (/^[A-Za-z_]/.test(token) && !['and', 'or', 'not', 'in'].includes(token))
      return { kind: 'name', key: token };
    throw new Unworded(source);
  };
  const list = (): Operand[] => {
    const close = take() === '[' ? ']' : ')';
    const values = [operand()];
    while (peek() === ',') {
      take(',');
      values.push(operand());
    }
    take(close);
    return values;
  };
  const primary = (): Condition => {
    if (peek() === 'not') {
      take('not');
      take('(');
      const inner = or();
      take(')');
      return { kind: 'not', inner };
    }
    if (peek() === '(') {
      take('(');
      const inner = or();
      take(')');
      return inner;
    }
    const left = operand();
    const next = peek();
    if (next === 'in') {
      take('in');
      if (peek() !== '[' && peek() !== '(') return { kind: 'in', left, values: [operand()] };
      return { kind: 'in', left, values: list() };
    }
    if (next === '=' || next === '!=' || next === '<' || next === '<=' || next === '>' || next === '>=') {
      take();
      return { kind: 'compare', left, op: next, right: operand() };
    }
    return { kind: 'operand', operand: left };
  };
  const chain = (word: 'and' | 'or', part: () => Condition) => (): Condition => {
    const parts = [part()];
    while (peek() === word) {
      take(word);
      parts.push(part());
    }
    return parts.length === 1 ? (parts[0] as Condition) : { kind: word, parts };
  };
  const and = chain('and', primary);
  const or: () => Condition = chain('or', and);
  const tree = or();
  if (at !== tokens.length) throw new Unworded(source);
  return tree;
}

const fieldOf = (operand: Operand): FormField | null =>
  operand.kind === 'name' && isFieldKey(operand.key) ? dictionaryField(operand.key) : null;

const quote = (lang: Lang, text: string) => (lang === 'zh' ? `「${text}」` : `“${text}”`);

const labelOf = (field: FormField, lang: Lang) => (lang === 'zh' ? field.label : field.labelEn);

/** A value as the applicant chose it: an option's label, yes/no, or the number as written. */
function valueText(operand: Operand, field: FormField | null, lang: Lang): string {
  switch (operand.kind) {
    case 'string': {
      const option = field?.values?.find((v) => v.value === operand.value);
      if (!option) return quote(lang, operand.value);
      return quote(lang, lang === 'zh' ? option.label : (option.labelEn ?? option.label));
    }
    case 'number':
      return operand.value;
    case 'boolean':
      return lang === 'zh' ? (operand.value ? '是' : '否') : operand.value ? 'yes' : 'no';
    case 'null':
      return lang === 'zh' ? '未填写' : 'unanswered';
    case 'name': {
      const named = fieldOf(operand);
      if (!named) throw new Unworded(operand.key);
      return quote(lang, labelOf(named, lang));
    }
  }
}

/** A yes/no question answered one way: 「已持有营业执照」 → 已持有营业执照 / 尚未持有营业执照. */
function checkboxPhrase(field: FormField, yes: boolean, lang: Lang): string {
  if (lang === 'zh') {
    if (yes) return field.label;
    return field.label.startsWith('已') ? `尚未${field.label.slice(1)}` : `未${field.label}`;
  }
  return `you answer ${yes ? 'yes' : 'no'} to ${quote(lang, field.labelEn)}`;
}

const COMPARATORS: Record<Comparator, LocalizedName> = {
  '=': { zh: '为', en: 'is' },
  '!=': { zh: '不为', en: 'is not' },
  '<': { zh: '小于', en: 'is less than' },
  '<=': { zh: '不超过', en: 'is at most' },
  '>': { zh: '超过', en: 'is more than' },
  '>=': { zh: '不少于', en: 'is at least' },
};

const NEGATED: Record<Comparator, Comparator> = {
  '=': '!=',
  '!=': '=',
  '<': '>=',
  '<=': '>',
  '>': '<=',
  '>=': '<',
};

/** One clause, without the leading "if"/"…的": `尚未持有营业执照`, `you answer no to “…”`. */
function clause(condition: Condition, lang: Lang, negated = false): string {
  const join = (parts: Condition[], word: 'and' | 'or') => {
    // not(a and b) reads as "a is not so, or b is not so" (De Morgan), keeping every clause positive.
    const effective = negated ? (word === 'and' ? 'or' : 'and') : word;
    const glue = lang === 'zh' ? (effective === 'and' ? '且' : '或') : ` ${effective} `;
    return parts.map((p) => clause(p, lang, negated)).join(glue);
  };
  switch (condition.kind) {
    case 'and':
    case 'or':
      return join(condition.parts, condition.kind);
    case 'not':
      return clause(condition.inner, lang, !negated);
    case 'operand': {
      const field = fieldOf(condition.operand);
      if (field?.type === 'checkbox') return checkboxPhrase(field, !negated, lang);
      throw new Unworded('operand');
    }
    case 'compare': {
      let { left, op, right } = condition;
      if (!fieldOf(left) && fieldOf(right)) [left, right] = [right, left];
      const field = fieldOf(left);
      if (!field) throw new Unworded('compare');
      if (negated) op = NEGATED[op];
      if (field.type === 'checkbox' && right.kind === 'boolean' && (op === '=' || op === '!='))
        return checkboxPhrase(field, (op === '=') === right.value, lang);
      const subject = quote(lang, labelOf(field, lang));
      return lang === 'zh'
        ? `${subject}${COMPARATORS[op].zh}${valueText(right, field, lang)}`
        : `${subject} ${COMPARATORS[op].en} ${valueText(right, field, lang)}`;
    }
    case 'in': {
      const field = fieldOf(condition.left);
      if (!field) throw new Unworded('in');
      const values = condition.values.map((v) => valueText(v, field, lang));
      const subject = quote(lang, labelOf(field, lang));
      if (lang === 'zh')
        return `${subject}${negated ? '不是' : '是'}${values.join('、')}${values.length > 1 ? '之一' : ''}`;
      const listed = values.length > 1 ? `one of ${values.join(', ')}` : (values[0] ?? '');
      return `${subject} ${negated ? 'is not' : 'is'} ${listed}`;
    }
  }
}

/** The fields a condition reads, for the reading of a condition outside the worded subset. */
function fallback(source: string): LocalizedName {
  const fields = feelNames(source).names.flatMap((key) => (isFieldKey(key) ? [dictionaryField(key)] : []));
  if (fields.length === 0) return { zh: '视申请情况而定', en: 'depending on your application' };
  return {
    zh: `视${fields.map((f) => quote('zh', f.label)).join('、')}的填写情况而定`,
    en: `depending on your answers to ${fields.map((f) => quote('en', f.labelEn)).join(', ')}`,
  };
}

/**
 * An inclusion condition as a citizen reads it in the service guide, in both languages, built from
 * the condition and the field dictionary's labels: `not(entity.hasBusinessLicence = true)` →
 * `尚未持有营业执照的` / `if you answer no to “Already holds a business licence”`;
 * `clinic.area > 300 or clinic.investment > 30` → `「经营面积（平方米）」超过300或…的`. A condition
 * outside the worded subset (functions, unknown names) names the fields it depends on — never the
 * code. The FEEL itself stays what decides; this is only its reading.
 */
export function describeCondition(condition: string): LocalizedName {
  const source = feelSource(condition);
  try {
    const tree = parse(source);
    if (tree.kind === 'operand' && tree.operand.kind === 'boolean')
      return tree.operand.value ? { zh: '所有情形', en: 'always' } : { zh: '不适用', en: 'never' };
    return { zh: `${clause(tree, 'zh')}的`, en: `if ${clause(tree, 'en')}` };
  } catch (thrown) {
    if (thrown instanceof Unworded || thrown instanceof SyntaxError) return fallback(source);
    throw thrown;
  }
}
