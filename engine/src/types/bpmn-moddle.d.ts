declare module 'bpmn-moddle' {
  export interface FromXmlResult {
    // biome-ignore lint/suspicious/noExplicitAny: moddle elements are dynamically typed.
    rootElement: any;
    warnings: { message: string; element?: { id?: string } }[];
  }
  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>, options?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string): Promise<FromXmlResult>;
    // biome-ignore lint/suspicious/noExplicitAny: moddle elements are dynamically typed.
    toXML(element: any, options?: { format?: boolean }): Promise<{ xml: string }>;
  }
}
