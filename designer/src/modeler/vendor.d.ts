// biome-ignore-all lint/suspicious/noExplicitAny: the packages are untyped; these declarations say so.
// The bpmn-io packages below ship no TypeScript types; the modeler uses them through these.
declare module 'bpmn-js-properties-panel' {
  export const BpmnPropertiesPanelModule: object;
  export const BpmnPropertiesProviderModule: object;
  export function useService(name: string, strict?: boolean): any;
}
declare module '@bpmn-io/properties-panel' {
  export const FeelEntry: any;
  export const SelectEntry: any;
  export const TextFieldEntry: any;
  export const isFeelEntryEdited: any;
  export const isSelectEntryEdited: any;
  export const isTextFieldEntryEdited: any;
}
declare module '@bpmn-io/properties-panel/preact' {
  export function createElement(type: any, props?: any, ...children: any[]): any;
}
declare module 'bpmn-js-bpmnlint' {
  const lintModule: object;
  export default lintModule;
}
