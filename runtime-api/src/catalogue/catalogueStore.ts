import { type CatalogueItemVersionRow, tables } from '@yijian/db';
import { type FormField, type FormSchema, itemFormSchema, type ServiceItem } from '@yijian/process-library';
import type { Knex } from 'knex';

/** A service item's elements as stored: everything but its questions, which are its form. */
export type ItemDefinition = Omit<ServiceItem, 'code' | 'fields'>;

/** One stored version of a catalogue item (事项) with its form. */
export interface StoredItem {
  code: string;
  version: number;
  source: 'seed' | 'designer';
  item: ItemDefinition;
  form: FormSchema;
  createdAt: string;
  createdBy: string | null;
}

type Db = Knex | Knex.Transaction;

/** The item and its form apart, as the versions table keeps them. */
export function splitItem(item: ServiceItem): { item: ItemDefinition; form: FormSchema } {
  const { code: _code, fields: _fields, ...definition } = item;
  return { item: definition, form: itemFormSchema(item) };
}

/** A stored version back as the process library's `ServiceItem`. */
export function joinItem(stored: Pick<StoredItem, 'code' | 'item' | 'form'>): ServiceItem {
  return { code: stored.code, ...stored.item, fields: stored.form.components as FormField[] };
}

/** A stored row as a version: the jsonb columns hold what `splitItem` wrote. */
function storedOf(row: CatalogueItemVersionRow): StoredItem {
  return {
    code: row.code,
    version: row.version,
    source: row.source,
    item: row.item as ItemDefinition,
    form: row.form as FormSchema,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by ?? null,
  };
}

/** The latest version of every stored item (a few hundred rows at most: the catalogue, not cases). */
export async function latestItems(db: Db): Promise<Map<string, StoredItem>> {
  const rows: CatalogueItemVersionRow[] = await db
    .select('*')
    .from(
      db.raw('(select distinct on (code) * from catalogue_item_versions order by code, version desc) as v'),
    );
  return new Map(rows.map((r) => [r.code, storedOf(r)]));
}

/** The latest version of one item, or undefined; `lock` holds its row until the transaction ends. */
export async function latestItem(db: Db, code: string): Promise<StoredItem | undefined> {
  const row = await tables.catalogueItemVersions(db).where({ code }).orderBy('version', 'desc').first();
  return row ? storedOf(row) : undefined;
}

/** Every version of one item, newest first. */
export async function itemVersions(db: Db, code: string): Promise<StoredItem[]> {
  const rows = await tables.catalogueItemVersions(db).where({ code }).orderBy('version', 'desc');
  return rows.map(storedOf);
}

/**
 * Stores the process library's items as data: version 1 of an item not stored yet, and a new
 * `seed` version when the library's item changed while nobody edited it in the Studio. An item a
 * designer has edited is the designer's from then on: a start never overwrites it.
 */
export async function seedItemVersions(knex: Knex, items: readonly ServiceItem[]): Promise<void> {
  await knex.transaction(async (trx) => {
    // Two nodes starting at once: one seeds, the other then finds nothing to do.
    await trx.raw('select pg_advisory_xact_lock(hashtext(?))', ['catalogue:seed']);
    const latest = await latestItems(trx);
    const rows = [];
    for (const shipped of items) {
      const stored = latest.get(shipped.code);
      const { item, form } = splitItem(shipped);
      if (stored && (stored.source === 'designer' || sameJson({ item, form }, stored))) continue;
      rows.push({
        code: shipped.code,
        version: (stored?.version ?? 0) + 1,
        item: JSON.stringify(item),
        form: JSON.stringify(form),
        source: 'seed',
      });
    }
    if (rows.length > 0) await trx('catalogue_item_versions').insert(rows);
  });
}

/**
 * The catalogue bundles are composed from now: `base` (the process library's, or a test's) with
 * every item a designer edited replaced by its latest version, and the items designers created
 * added. Seed versions equal the library's items, so `base` stands for them.
 */
export async function currentCatalogue(db: Db, base: readonly ServiceItem[]): Promise<ServiceItem[]> {
  const latest = await latestItems(db);
  const items = base.map((item) => {
    const stored = latest.get(item.code);
    return stored?.source === 'designer' ? joinItem(stored) : item;
  });
  for (const stored of latest.values()) {
    if (stored.source === 'designer' && !base.some((i) => i.code === stored.code))
      items.push(joinItem(stored));
  }
  return items;
}

/** Stores the next version of an item written by a designer and records the change. */
export async function storeItemVersion(
  trx: Knex.Transaction,
  change: {
    code: string;
    item: ItemDefinition;
    form: FormSchema;
    previous: StoredItem | undefined;
    kind: 'item' | 'itemForm';
    userId: string;
  },
): Promise<StoredItem> {
  const version = (change.previous?.version ?? 0) + 1;
  const [row] = await tables
    .catalogueItemVersions(trx)
    .insert({
      code: change.code,
      version,
      item: JSON.stringify(change.item),
      form: JSON.stringify(change.form),
      source: 'designer',
      created_by: change.userId,
    })
    .returning('*');
  const part = (s: Pick<StoredItem, 'item' | 'form'>) => (change.kind === 'item' ? s.item : s.form);
  await trx('catalogue_changes').insert({
    kind: change.kind,
    target: change.code,
    version,
    changed_by: change.userId,
    before: change.previous ? JSON.stringify(part(change.previous)) : null,
    after: JSON.stringify(part(change)),
  });
  return storedOf(row!); // insert … returning always gives the row
}

function sameJson(a: { item: unknown; form: unknown }, b: { item: unknown; form: unknown }): boolean {
  return canonical(a.item) === canonical(b.item) && canonical(a.form) === canonical(b.form);
}

/** JSON with sorted keys: jsonb does not keep key order, so compare canonically. */
function canonical(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
        .map(([k, v]) => [k, sortKeys(v)]),
    );
  }
  return value;
}

/** 电子证照类型 by key. */
export function eLicenceTypes(db: Db): Promise<{ key: string; name_zh: string; name_en: string }[]> {
  return db('e_licence_types').orderBy('key').select('key', 'name_zh', 'name_en');
}

/** A row of 目录变更记录 with who made it. */
export interface CatalogueChangeRow {
  id: number | string;
  kind: 'item' | 'material' | 'itemForm';
  target: string;
  version: number | null;
  changed_by: string;
  changed_at: Date | string;
  before: unknown;
  after: unknown;
  username: string;
  display_name: string;
}

/** The latest 200 catalogue changes, newest first, optionally of one kind or target. */
export function catalogueChanges(
  db: Db,
  filter: { kind?: string | undefined; target?: string | undefined },
): Promise<CatalogueChangeRow[]> {
  const q = db('catalogue_changes as c')
    .join('users as u', 'u.id', 'c.changed_by')
    .orderBy('c.id', 'desc')
    .limit(200)
    .select('c.*', 'u.username', 'u.display_name');
  if (filter.kind) q.where('c.kind', filter.kind);
  if (filter.target) q.where('c.target', filter.target);
  return q;
}

/** The catalogue versions a bundle was last composed from (item code → version). */
export async function bundleCatalogueVersions(db: Db, bundleKey: string): Promise<Record<string, number>> {
  const row: { catalogue_versions: Record<string, number> | null } | undefined = await db('bundles')
    .where({ key: bundleKey })
    .first('catalogue_versions');
  return row?.catalogue_versions ?? {};
}
