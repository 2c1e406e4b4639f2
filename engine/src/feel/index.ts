/**
 * Yijian's FEEL, browser-safe (no Node built-ins, no BPMN parser): the designer imports it as
 * `@yijian/engine/feel` to evaluate form conditions exactly as the server does.
 */
export { checkFeel } from './checkFeel';
export {
  type CompiledFeel,
  clearFeelCache,
  compileFeel,
  type FeelResult,
  MAX_FEEL_DEPTH,
  MAX_FEEL_LENGTH,
} from './compileFeel';
export { FeelCompileError, FeelFault, type FeelFaultCode } from './FeelFault';
export { CHARACTERS_PER_STEP, DEFAULT_FEEL_BUDGET, type FeelBudget } from './feelBudget';
export { FEEL_BUILTIN_NAMES } from './feelBuiltins';
export { feelSource } from './feelSource';
export { describeValue, FeelRange, type FeelType, feelType } from './feelValue';
