/**
 * `@yijian/process-library/forms`: the combined form's visibility and validation rules, safe to
 * import in the browser (the apply page) as on the server (formValidator). See formRules.ts.
 */
export type { FormField, FormSchema, FormSection } from '../forms';
export { completeAnswers } from './completeAnswers';
export {
  type FormLanguage,
  fieldMessages,
  fieldProblem,
  formProblems,
  normalisedAnswer,
  type RuleField,
  type RuleForm,
} from './formRules';
export { conditionHolds, isFieldShown, visibleFields } from './visibleFields';
