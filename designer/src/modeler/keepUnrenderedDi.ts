/**
 * bpmn-js writes back only the diagram interchange of what it drew: on export it rebuilds each
 * plane from the rendered elements, so DI it cannot draw — shapes inside an expanded call
 * activity, an edge without a `bpmnElement` (both in the MIWG reference models) — would be lost.
 * This puts them back after bpmn-js's own ordering, so a round trip through the Studio keeps
 * every shape and edge it was given.
 */
// biome-ignore-all lint/suspicious/noExplicitAny: diagram-js services and moddle elements are untyped.

/** Before BpmnDiOrdering (2000) and after it. */
const BEFORE = 2500;
const AFTER = 1500;

class KeepUnrenderedDi {
  static $inject = ['eventBus', 'canvas', 'elementRegistry'];
  constructor(eventBus: any, canvas: any, elementRegistry: any) {
    let kept = new Map<any, any[]>();
    eventBus.on('saveXML.start', BEFORE, () => {
      kept = new Map();
      for (const root of canvas.getRootElements()) {
        const plane = root.di;
        if (!plane?.planeElement) continue;
        const unrendered = (plane.planeElement as any[]).filter((di) => {
          const id = di.bpmnElement?.id;
          return !id || !elementRegistry.get(id);
        });
        if (unrendered.length > 0) kept.set(plane, unrendered);
      }
    });
    eventBus.on('saveXML.start', AFTER, () => {
      for (const [plane, unrendered] of kept) {
        const current = plane.get('planeElement') as any[];
        plane.set('planeElement', [...current, ...unrendered.filter((di) => !current.includes(di))]);
      }
    });
  }
}

export const keepUnrenderedDiModule = {
  __init__: ['keepUnrenderedDi'],
  keepUnrenderedDi: ['type', KeepUnrenderedDi],
};
