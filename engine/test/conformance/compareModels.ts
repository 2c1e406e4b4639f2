// biome-ignore lint/suspicious/noExplicitAny: moddle elements are dynamically typed.
type Element = any;

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
/** `xsi:type` only restates the element's type, which is compared itself (README point 3). */
const XSI_TYPE = '{http://www.w3.org/2001/XMLSchema-instance}type';

/**
 * Compares two bpmn-moddle trees by the MIWG README's rule (point 3): the same elements (type and
 * id), the same attribute values — schema defaults and number spellings normalised, foreign
 * attributes compared by namespace URI rather than prefix — the same extension elements and the
 * same diagram interchange. Returns the differences as paths, empty when the models are equal.
 */
export function compareModels(a: Element, b: Element): string[] {
  const differences: string[] = [];
  compareElement(a, b, a.id ?? a.$type, new Map(), new Map(), differences);
  return differences;
}

type Namespaces = Map<string, string>;

function compareElement(
  a: Element,
  b: Element,
  path: string,
  nsA: Namespaces,
  nsB: Namespaces,
  out: string[],
): void {
  if (out.length > 20) return;
  const scopeA = withDeclarations(a, nsA);
  const scopeB = withDeclarations(b, nsB);
  const typeA = qualifiedType(a, scopeA);
  const typeB = qualifiedType(b, scopeB);
  if (typeA !== typeB) {
    out.push(`${path}: type ${typeA} ≠ ${typeB}`);
    return;
  }
  compareAttrs(a, b, path, scopeA, scopeB, out);
  const descriptor = a.$descriptor;
  if (descriptor?.isGeneric) {
    if (norm(a.$body) !== norm(b.$body)) out.push(`${path}: body ${a.$body} ≠ ${b.$body}`);
    compareMany(a.$children ?? [], b.$children ?? [], `${path}/$children`, scopeA, scopeB, out, false);
    return;
  }
  for (const property of descriptor?.properties ?? []) {
    const name: string = property.name;
    const va = a.get(name);
    const vb = b.get(name);
    const where = `${path}.${name}`;
    if (property.isMany) {
      compareMany(va ?? [], vb ?? [], where, scopeA, scopeB, out, Boolean(property.isReference));
    } else if (property.isReference) {
      if (va?.id !== vb?.id) out.push(`${where}: → ${va?.id} ≠ ${vb?.id}`);
    } else if (isElement(va) || isElement(vb)) {
      if (!isElement(va) || !isElement(vb)) out.push(`${where}: one side missing`);
      else compareElement(va, vb, `${where}(${va.id ?? va.$type})`, scopeA, scopeB, out);
    } else if (norm(va) !== norm(vb)) {
      out.push(`${where}: ${JSON.stringify(va)} ≠ ${JSON.stringify(vb)}`);
    }
  }
}

function compareMany(
  a: Element[],
  b: Element[],
  path: string,
  nsA: Namespaces,
  nsB: Namespaces,
  out: string[],
  references: boolean,
): void {
  if (a.length !== b.length) {
    out.push(`${path}: ${a.length} ≠ ${b.length} items`);
    return;
  }
  a.forEach((item, i) => {
    const other = b[i];
    if (references) {
      if (item?.id !== other?.id) out.push(`${path}[${i}]: → ${item?.id} ≠ ${other?.id}`);
    } else if (isElement(item))
      compareElement(item, other, `${path}[${i}](${item.id ?? item.$type})`, nsA, nsB, out);
    else if (norm(item) !== norm(other)) out.push(`${path}[${i}]: ${item} ≠ ${other}`);
  });
}

/** Foreign attributes by {namespace}name; xmlns declarations and xsi:type are not compared. */
function compareAttrs(
  a: Element,
  b: Element,
  path: string,
  nsA: Namespaces,
  nsB: Namespaces,
  out: string[],
): void {
  const read = (element: Element, ns: Namespaces) => {
    const attrs = new Map<string, string>();
    for (const [key, value] of Object.entries(element.$attrs ?? {})) {
      if (key === 'xmlns' || key.startsWith('xmlns:')) continue;
      const [prefix, local] = key.includes(':') ? key.split(':', 2) : ['', key];
      const uri = prefix === 'xml' ? XML_NS : (ns.get(prefix!) ?? prefix);
      const name = `{${uri}}${local}`;
      if (name !== XSI_TYPE) attrs.set(name, norm(value));
    }
    return attrs;
  };
  const attrsA = read(a, nsA);
  const attrsB = read(b, nsB);
  for (const key of new Set([...attrsA.keys(), ...attrsB.keys()])) {
    if (attrsA.get(key) !== attrsB.get(key))
      out.push(`${path}@${key}: ${attrsA.get(key)} ≠ ${attrsB.get(key)}`);
  }
}

function withDeclarations(element: Element, outer: Namespaces): Namespaces {
  const declared = Object.entries(element.$attrs ?? {}).filter(
    ([k]) => k === 'xmlns' || k.startsWith('xmlns:'),
  );
  if (declared.length === 0) return outer;
  const scope = new Map(outer);
  for (const [key, uri] of declared) scope.set(key === 'xmlns' ? '' : key.slice(6), String(uri));
  return scope;
}

/** Known types are compared by moddle type name; generic (unknown) elements by namespace URI + name. */
function qualifiedType(element: Element, ns: Namespaces): string {
  if (!element.$descriptor?.isGeneric) return element.$type;
  const [prefix, local] = String(element.$type).includes(':')
    ? String(element.$type).split(':', 2)
    : ['', element.$type];
  return `{${ns.get(prefix!) ?? element.$descriptor?.ns?.uri ?? prefix}}${local}`;
}

function isElement(value: unknown): boolean {
  return typeof value === 'object' && value !== null && '$type' in value;
}

/** `30.0` and `30` are the same number; everything else compares as text. */
function norm(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = String(value);
  return /^-?\d+(\.\d+)?$/.test(text.trim()) ? String(Number(text)) : text;
}
