declare module 'bpmnlint' {
  export interface LintReport {
    id?: string;
    message: string;
    category: 'error' | 'warn' | 'info' | 'rule-error';
  }
  export class Linter {
    constructor(options: { config: { rules: Record<string, string> }; resolver: unknown });
    // biome-ignore lint/suspicious/noExplicitAny: moddle elements are dynamically typed.
    lint(definitions: any): Promise<Record<string, LintReport[]>>;
  }
}

declare module 'bpmnlint/lib/resolver/static-resolver' {
  export default class StaticResolver {
    constructor(cache: Record<string, unknown>);
  }
}

declare module 'bpmnlint/rules/*' {
  const factory: (options?: unknown) => unknown;
  export default factory;
}
