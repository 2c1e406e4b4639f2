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

/** A technical fault while running a case: the host retries it or records an incident. */
export class RunError extends Error {
  override readonly name = 'RunError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  toJSON() {
    return { name: this.name, code: this.code, message: this.message };
  }
}
