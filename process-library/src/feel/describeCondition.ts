import type { LocalizedName } from '@yijian/engine';
import { dictionaryField, type FieldKey, isFieldKey } from '../catalogue/fieldDictionary';
import { feelNames, feelSource } from './feelNames';

/** A FEEL name or a quoted string; operators, numbers and spaces are left as written. */
const TOKEN = /"((?:[^"\\]|\\.)*)"|[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*/g;

const WORDS: Record<string, LocalizedName> = {
  true: { zh: '是', en: 'yes' },
  false: { zh: '否', en: 'no' },
  and: { zh: '且', en: 'and' },
  or: { zh: '或', en: 'or' },
  not: { zh: '非', en: 'not' },
  null: { zh: '未填写', en: 'unanswered' },
};

/**
 * An inclusion condition as an applicant reads it in the service guide: answer keys become their
 * form labels, option values their labels, `true`/`and`/`or` words —
 * `clinic.area > 300 or clinic.investment > 30` → `「经营面积（平方米）」 > 300 或 「投资额（万元）」 > 30`.
 * The FEEL itself stays what decides; this is only its reading.
 */
export function describeCondition(condition: string): LocalizedName {
  const source = feelSource(condition);
  const fields = feelNames(source).names.flatMap((key) => (isFieldKey(key) ? [dictionaryField(key)] : []));
  const describe = (lang: 'zh' | 'en') =>
    source.replace(TOKEN, (token: string, quoted: string | undefined) => {
      if (quoted !== undefined) {
        const option = fields.flatMap((f) => f.values ?? []).find((v) => v.value === quoted);
        return lang === 'zh' && option ? `「${option.label}」` : token;
      }
      if (isFieldKey(token)) {
        const field = dictionaryField(token as FieldKey);
        return `「${lang === 'zh' ? field.label : (field.labelEn ?? field.label)}」`;
      }
      return WORDS[token]?.[lang] ?? token;
    });
  return { zh: describe('zh'), en: describe('en') };
}
