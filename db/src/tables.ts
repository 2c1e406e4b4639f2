import type { Knex } from 'knex';

/**
 * Row types of the tables the runtime reads on its command path, as PostgreSQL returns them
 * through `pg` and this package's type parsers: `timestamptz` → `Date`, `date` → `'YYYY-MM-DD'`
 * string, `jsonb` → parsed JSON. Registered with knex (`knex/types/tables`), so `knex('tasks')`
 * is typed — what `.first()`, `.where({...})` and `UPDATE … RETURNING` give back — without a
 * second query layer. Writes accept what the driver accepts (ISO strings for instants, JSON text
 * for `jsonb`, raw SQL) and are partial. See README "Typed rows" for why knex's own table types.
 */
export interface TaskRow {
  id: string;
  case_id: string;
  activation_key: string;
  element_id: string;
  name_zh: string;
  name_en: string;
  item_code: string | null;
  department_id: string;
  status: 'open' | 'claimed' | 'completed' | 'cancelled';
  kind: 'step' | 'intake';
  assignee_id: string | null;
  created_at: Date;
  claimed_at: Date | null;
  completed_at: Date | null;
  completed_by: string | null;
  outcome: string | null;
  comment: string | null;
  due_date: string | null;
  due_at: Date | null;
  due_start_date: string | null;
  due_limit: unknown;
  due_provisional: boolean;
  paused_remaining: number | null;
  paused_reason: string | null;
  /** 委派: the delegator the step returns to; null when not delegated. */
  delegated_by: string | null;
  /** 加签: the step this countersignature belongs to; null for an ordinary step. */
  countersign_of: string | null;
  countersign_position: 'before' | 'after' | null;
}

export interface CaseRow {
  id: string;
  case_number: string;
  bundle_key: string;
  definition_key: string;
  definition_version: number;
  applicant_id: string;
  status: string;
  form_data: Record<string, unknown>;
  snapshot: unknown;
  filed_at: Date;
  concluded_at: Date | null;
  due_date: string | null;
  due_at: Date | null;
  due_provisional: boolean;
  version: number;
  due_start_date: string | null;
  due_limit: unknown;
  received_on: string | null;
  accepted_on: string | null;
  deemed_acceptance: boolean;
  correction_notice: unknown;
  rejection_reason: string | null;
  clock: unknown;
  issuance_due_date: string | null;
  issuance_due_at: Date | null;
  delivered_at: Date | null;
  calendar_region: string | null;
  issuance_provisional: boolean;
  /** The audit chain head: the last event's seq and hash (017). */
  audit_seq: number;
  audit_hash: string;
}

export interface CaseItemRow {
  case_id: string;
  scope_key: string;
  element_id: string;
  item_code: string;
  status: 'running' | 'paused' | 'completed' | 'cancelled';
  started_at: Date;
  due_start_date: string;
  due_limit: unknown;
  due_date: string | null;
  due_at: Date | null;
  due_provisional: boolean;
  paused_remaining: number | null;
  ended_at: Date | null;
}

export interface ItemRow {
  code: string;
  name_zh: string;
  name_en: string;
  department_id: string;
  limits: unknown;
  warning_policy: unknown;
  result_licence_type: string | null;
}

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  role: string;
  department_id: string | null;
  created_at: Date;
  oidc_subject: string | null;
}

export interface SessionRow {
  token_hash: string;
  user_id: string;
  created_at: Date;
  expires_at: Date;
}

/** 材料: a material type of the catalogue (004, edited in the Studio since 028). */
export interface MaterialTypeRow {
  key: string;
  name_zh: string;
  name_en: string;
  e_licence_type: string | null;
  min_trust: 'A' | 'B' | 'C' | 'D' | null;
  edited_by: string | null;
  edited_at: Date | null;
}

/** One stored version of a service item and its form (028). */
export interface CatalogueItemVersionRow {
  code: string;
  version: number;
  /** `ItemDefinition` and `FormSchema` of the process library, as jsonb. */
  item: unknown;
  form: unknown;
  source: 'seed' | 'designer';
  created_by: string | null;
  created_at: Date;
}

/** What a write may give for a row: any columns, as values the driver takes or raw SQL. */
export type RowWrite<R> = { [K in keyof R]?: R[K] | string | number | boolean | null | Knex.Raw };

/** A table's rows as read, and the writes it takes. */
export type Table<R> = Knex.CompositeTableType<R, RowWrite<R>, RowWrite<R>>;

type Db = Knex | Knex.Transaction;

/**
 * Typed query builders of these tables: `tables.tasks(trx).where(...)` reads {@link TaskRow}s.
 * Opt-in per module rather than a global `knex/types/tables` declaration (db/README.md).
 */
export const tables = {
  tasks: (db: Db) => db<Table<TaskRow>>('tasks'),
  cases: (db: Db) => db<Table<CaseRow>>('cases'),
  caseItems: (db: Db) => db<Table<CaseItemRow>>('case_items'),
  items: (db: Db) => db<Table<ItemRow>>('items'),
  users: (db: Db) => db<Table<UserRow>>('users'),
  sessions: (db: Db) => db<Table<SessionRow>>('sessions'),
  materialTypes: (db: Db) => db<Table<MaterialTypeRow>>('material_types'),
  catalogueItemVersions: (db: Db) => db<Table<CatalogueItemVersionRow>>('catalogue_item_versions'),
};
