/** Why a FEEL evaluation stopped without a value. */
export type FeelFaultCode = 'variable_missing' | 'expression_budget';

/**
 * An evaluation that cannot give a FEEL value: a name the context does not have, or more work
 * than the budget allows. The engine turns it into an IncidentError at the element that
 * evaluated it; the browser shows the field (or item) rather than guess.
 */
export class FeelFault extends Error {
  override readonly name = 'FeelFault';
  constructor(
    readonly code: FeelFaultCode,
    /** Why it stopped, in zh-CN and English (`message` is the English one). */
    readonly messages: { zh: string; en: string },
    /** The variable (dotted path) that was missing, for `variable_missing`. */
    readonly variable: string | null = null,
    /** Steps counted when the evaluation stopped. */
    readonly steps = 0,
  ) {
    super(messages.en);
  }
}

/**
 * A FEEL expression refused at design time: it does not parse, uses something outside Yijian's
 * subset, or its statically known cost is over the budget. The message says how to write it.
 */
export class FeelCompileError extends Error {
  override readonly name = 'FeelCompileError';
  constructor(
    message: string,
    /** The expression as written (without the leading `=`). */
    readonly source: string,
  ) {
    super(message);
  }
}
