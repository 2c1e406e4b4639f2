/**
 * The FEEL text of a BPMN expression. Camunda 8 marks FEEL with a leading `=`; we accept it with
 * or without, so models from either modeler read the same.
 */
export function feelSource(text: string): string {
  const trimmed = text.trim();
  return trimmed.startsWith('=') ? trimmed.slice(1).trim() : trimmed;
}
