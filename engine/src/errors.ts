/** One problem found in a BPMN model, tied to the element that has it. */
export interface DefinitionIssue {
  elementId: string | null;
  message: string;
}

/** A model that cannot be deployed: malformed XML, unsupported elements, broken wiring. */
export class DefinitionError extends Error {
  override readonly name = 'DefinitionError';
  constructor(
    message: string,
    readonly issues: DefinitionIssue[],
  ) {
    super(message);
  }

  toJSON() {
    return { name: this.name, message: this.message, issues: this.issues };
  }
}

/** A business outcome modelled in BPMN (e.g. a denied licence); caught by boundary events. */
export class BpmnError extends Error {
  override readonly name = 'BpmnError';
  constructor(
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }

  toJSON() {
    return { name: this.name, errorCode: this.errorCode, message: this.message };
  }
}

/**
 * The engine refused an event: the caller asked for something the case cannot do now (a task
 * completed twice, an event in the wrong phase). Nothing changed; the host answers 4xx. `params`
 * carry the facts the message names (phase, event type …), so a host can word the refusal in
 * its users' language from `code` and `params`.
 */
export class RunError extends Error {
  override name = 'RunError';
  constructor(
    readonly code: string,
    message: string,
    readonly params?: Readonly<Record<string, string | number | readonly string[]>>,
  ) {
    super(message);
  }

  toJSON() {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      ...(this.params ? { params: this.params } : {}),
    };
  }
}

/**
 * One sentence in the web app's two languages: `zh` (zh-CN, what staff read first) and `en`.
 * Same shape as the API's localized names, so the browser picks one with its language.
 */
export interface IncidentMessages {
  zh: string;
  en: string;
}

/**
 * A running case cannot get past an element: an expression that fails, is not boolean or runs
 * over its budget, a correlation key that is null, a timer that is not a duration, no flow to
 * take. It is the model's or the data's fault, not the caller's: the engine parks the token at
 * `elementId` as an incident (the rest of the case moves on) and an operator retries it after
 * fixing the data or migrating the case (Camunda: incident; Zeebe: incident on the element).
 * The sentence says what is wrong and how to fix it, in both languages (see
 * `runtime/incidentMessages.ts`, one builder per `code`); `message` is the English one, what logs
 * and tests read.
 */
export class IncidentError extends RunError {
  override name = 'IncidentError';
  constructor(
    code: string,
    readonly messages: IncidentMessages,
    readonly elementId: string,
  ) {
    super(code, messages.en);
  }

  override toJSON() {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      messages: this.messages,
      elementId: this.elementId,
    };
  }
}
