import type { Knex } from 'knex';
import { ApiError } from '../http/errors';
import { caseItemMaterials, type ItemMaterialsView } from '../materials/caseMaterialViews';

type Db = Knex | Knex.Transaction;

/** A material a correction notice asks for, resolved from the notice item's subject. */
export interface RequestedMaterial {
  key: string;
  name: { zh: string; en: string };
  /** Secondary for every item that asks for it: 容缺 may be declared (DOMAIN rule 15). */
  gapAllowed: boolean;
  /** Attached (uploaded, reused or issued) after the notice was given. */
  answered: boolean;
}

const normal = (s: string) => s.replace(/[\s\u3000]+/g, '').toLowerCase();

/**
 * The materials a notice's items name: by key or by name in either language (the window's notice
 * starts from the material names), each once however many items ask for it. Subjects naming a
 * form field or nothing known are not materials and are answered by the form or the note.
 */
export function requestedMaterials(
  subjects: readonly string[],
  items: readonly ItemMaterialsView[],
  since: string,
): RequestedMaterial[] {
  const found = new Map<string, RequestedMaterial>();
  for (const subject of subjects) {
    const s = normal(subject);
    for (const item of items)
      for (const m of item.materials) {
        if (normal(m.key) !== s && normal(m.name.zh) !== s && normal(m.name.en) !== s) continue;
        const seen = found.get(m.key);
        const required = m.requirement === 'required';
        if (seen) {
          seen.gapAllowed &&= !required;
          continue;
        }
        const attachedAt = m.attachment?.attachedAt;
        found.set(m.key, {
          key: m.key,
          name: m.name,
          gapAllowed: !required,
          answered: attachedAt !== undefined && Date.parse(attachedAt) >= Date.parse(since),
        });
      }
  }
  // A secondary material's gap is allowed only if no item of the case requires it.
  for (const m of found.values())
    if (items.some((i) => i.materials.some((x) => x.key === m.key && x.requirement === 'required')))
      m.gapAllowed = false;
  return [...found.values()];
}

/**
 * 补正 answered in full: every requested material attached since the notice, or declared 容缺
 * where allowed. A note alone answers no requested material (issue 15). Returns the gaps declared.
 */
export function assertMaterialsAnswered(
  requested: readonly RequestedMaterial[],
  toleratedGaps: readonly string[],
): RequestedMaterial[] {
  for (const key of toleratedGaps) {
    const m = requested.find((r) => r.key === key);
    if (!m?.gapAllowed)
      throw new ApiError('tolerated_gap_not_allowed', {
        material: m ? { 'zh-CN': m.name.zh, en: m.name.en } : key,
      });
  }
  const missing = requested.filter((m) => !m.answered && !toleratedGaps.includes(m.key));
  if (missing.length > 0)
    throw new ApiError(
      'correction_materials_missing',
      {
        materials: {
          'zh-CN': missing.map((m) => m.name.zh).join('、'),
          en: missing.map((m) => m.name.en).join(', '),
        },
      },
      missing.map((m) => ({ path: `materials.${m.key}`, message: m.name.en })),
    );
  return requested.filter((m) => toleratedGaps.includes(m.key) && !m.answered);
}

/** The intake notice's requested materials for a case, with whether each is answered since. */
export async function intakeRequestedMaterials(
  db: Db,
  kase: { id: string; bundle_key: string; correction_notice: unknown },
): Promise<RequestedMaterial[]> {
  const notice = kase.correction_notice as { items?: { subject: string }[] } | null;
  if (!notice?.items?.length) return [];
  const since = await db('case_events')
    .where({ case_id: kase.id, type: 'case.correctionNotice' })
    .orderBy('seq', 'desc')
    .first('at');
  const items = await caseItemMaterials(db, { id: kase.id, bundleKey: kase.bundle_key });
  return requestedMaterials(
    notice.items.map((i) => i.subject),
    items,
    since ? new Date(since.at).toISOString() : new Date(0).toISOString(),
  );
}

/** The open review corrections' requested materials (each item's own), answered since each request. */
export async function reviewRequestedMaterials(
  db: Db,
  kase: { id: string; bundle_key: string },
): Promise<RequestedMaterial[]> {
  const open: { item_code: string; items: { subject: string }[]; requested_at: Date }[] = await db(
    'review_corrections',
  )
    .where({ case_id: kase.id })
    .whereNull('satisfied_at')
    .select('item_code', 'items', 'requested_at');
  if (open.length === 0) return [];
  const items = await caseItemMaterials(db, { id: kase.id, bundleKey: kase.bundle_key });
  const all = new Map<string, RequestedMaterial>();
  for (const request of open) {
    const own = items.filter((i) => i.itemCode === request.item_code);
    for (const m of requestedMaterials(
      request.items.map((i) => i.subject),
      own.length > 0 ? own : items,
      new Date(request.requested_at).toISOString(),
    )) {
      const seen = all.get(m.key);
      all.set(m.key, seen ? { ...m, answered: seen.answered && m.answered } : m);
    }
  }
  return [...all.values()];
}

/** What the correction screen needs of a case: its bundle, status and the intake notice. */
export function caseCorrectionState(
  db: Db,
  caseId: string,
): Promise<{ id: string; bundle_key: string; status: string; correction_notice: unknown } | undefined> {
  return db('cases').where({ id: caseId }).first('id', 'bundle_key', 'status', 'correction_notice');
}
