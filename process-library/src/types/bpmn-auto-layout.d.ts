declare module 'bpmn-auto-layout' {
  /** Lays out the first process of a BPMN 2.0 XML document, replacing its diagram (DI). */
  export function layoutProcess(xml: string): Promise<string>;
}
