import type { RuleForm } from './formRules';

/**
 * The case variables of filed answers: every field of the form present, so strict FEEL (a
 * missing variable is an incident, docs/feel.md in the engine) never trips on a question the
 * applicant did not answer.
 * - an answer given is kept;
 * - a shown checkbox left unticked is `false`: the applicant saw it and said no;
 * - any other field without an answer — optional and left empty, or hidden because no item
 *   needing it is included — is `null`: nothing is known (FEEL null; `x = true` is false,
 *   `x > 300` is null, so a condition on it must say what null means).
 * `shown` lists the keys shown to the applicant; without it every field counts as shown.
 */
export function completeAnswers<V = unknown>(
  schema: RuleForm,
  answers: Record<string, V>,
  shown?: ReadonlySet<string>,
): Record<string, V | boolean | null> {
  const complete: Record<string, V | boolean | null> = {};
  for (const field of schema.components) {
    const given = Object.hasOwn(answers, field.key) ? answers[field.key] : undefined;
    if (given !== undefined) {
      complete[field.key] = given;
    } else {
      const visible = shown ? shown.has(field.key) : true;
      complete[field.key] = field.type === 'checkbox' && visible ? false : null;
    }
  }
  return complete;
}
