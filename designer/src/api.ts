/**
 * Typed client for the runtime API (docs/api-contract.md). The designer is served by the API on the
 * same origin, so every path is relative (`/api/...`).
 */

import { acceptLanguage } from './i18n';

export interface LocalizedName {
  zh: string;
  en: string;
}

export type Role = 'applicant' | 'clerk' | 'manager' | 'admin' | 'designer';

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  departmentId: string | null;
  departmentName: LocalizedName | null;
}

export interface Department {
  id: string;
  name: LocalizedName;
  /** The region whose holiday calendar its window counts in; null: national. */
  region: string | null;
}

export interface BundleItem {
  code: string;
  name: LocalizedName;
  departmentId: string;
}

/** A time limit as the catalogue states it, e.g. `{ value: 45, unit: 'workingDays', kind: 'statutory' }`. */
export interface Limit {
  value: number;
  unit: string;
  /** 法定 statutory (set by law) or 承诺 promised (by the agency, never longer). */
  kind: 'statutory' | 'promised';
}

/** 一件事: a bundle of linked items with one combined form. */
export interface Bundle {
  key: string;
  name: LocalizedName;
  description: LocalizedName;
  leadDepartmentId: string;
  version: number;
  items: BundleItem[];
  limits: Limit[];
}

export interface FieldValidation {
  required?: boolean;
  min?: number;
  max?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}

/** One field of the form-js schema subset that combined forms (一表申请) use. */
export interface FormField {
  key: string;
  /** `checkbox` answers are booleans. */
  type: 'textfield' | 'number' | 'textarea' | 'select' | 'checkbox';
  label: string;
  labelEn?: string;
  description?: string;
  validate?: FieldValidation;
  values?: { label: string; value: string }[];
  /** The topic section (`applicant`, `shop` …) of a combined form; see {@link FormSchema.sections}. */
  section?: string;
  /** form-js conditional: the field is hidden (and not required) while the FEEL `hide` is true. */
  conditional?: { hide: string };
}

/** A topic section of a combined form, in display order. */
export interface FormSection {
  id: string;
  label: string;
  labelEn: string;
}

export interface FormSchema {
  type: 'default';
  components: FormField[];
  /** Section titles in display order; absent on hand-written forms. */
  sections?: FormSection[];
}

export interface BundleDetail extends Bundle {
  form: FormSchema;
}

export type Light = 'green' | 'yellow' | 'red';

/** 时限: the case's statutory deadline and its warning light. */
export interface Deadline {
  dueAt: string;
  dueDate: string;
  /** The deadline reaches into a year whose holiday notice is not loaded yet. */
  provisional: boolean;
  remainingWorkingDays: number;
  light: Light;
}

export interface Actor {
  id: string;
  displayName: string;
}

export type TaskStatus = 'open' | 'claimed' | 'completed' | 'cancelled';

export interface Task {
  id: string;
  caseId: string;
  caseNumber: string;
  bundleName: LocalizedName;
  elementId: string;
  name: LocalizedName;
  itemCode: string | null;
  departmentId: string;
  status: TaskStatus;
  assignee: Actor | null;
  createdAt: string;
  dueAt: string | null;
  /** The step's own deadline and light while it is open (a step can be red on its own). */
  deadline: Deadline | null;
  completedAt: string | null;
  /** `intake`: the window's pre-review (预审受理), decided with {@link api.decideIntake}. */
  kind: TaskKind;
  /** An item's decision step (by the model): 准予/不予许可 with {@link api.decideItem}, never 办结. */
  decisionStep: boolean;
  /** While the case clock is paused the step's deadline is put aside (`deadline` null) with this many working days left. */
  pausedRemainingWorkingDays: number | null;
  /** Why the step waits: its item's (or the case's) special procedure or correction (Art. 45). */
  pausedReason: string | null;
  /** 委派: the delegator the step goes back to; null when not delegated. */
  delegatedBy: string | null;
}

/** 准予/不予许可 of one item, with the Art. 38 remedies the decision letter prints. */
export interface ItemDecisionView {
  itemCode: string;
  name: LocalizedName;
  departmentId: string;
  decision: 'granted' | 'refused';
  reasons: string | null;
  legalBasis: string | null;
  remedies: { reconsiderationDays: number; litigationMonths: number; zh: string; en: string } | null;
  decidedAt: string;
  decidedBy: Actor;
}

/** 特别程序 of one item (Art. 45). */
export interface ItemPauseView {
  itemCode: string;
  kind: 'correction' | 'specialProcedure';
  procedure: string | null;
  reason: string;
  expectedWorkingDays: number | null;
  from: string;
}

/** The department decides its item at the decision step. */
export type ItemDecisionRequest =
  | { decision: 'grant'; reasons?: string }
  | { decision: 'refuse'; reasons: string; legalBasis: string };

export type TaskKind = 'step' | 'intake';

/** 预审中, 待补正, 办理中, 已办结, 已送达, 不予受理. */
export type CaseStatus =
  | 'preReview'
  | 'correction'
  | 'inProgress'
  | 'concluded'
  | 'delivered'
  | 'rejected'
  | 'withdrawn';

/** 特别程序 (行政许可法 Art. 45): their time is not counted. */
export const SPECIAL_PROCEDURES = [
  'hearing',
  'tendering',
  'auction',
  'inspection',
  'testing',
  'quarantine',
  'appraisal',
  'expertReview',
] as const;
export type SpecialProcedure = (typeof SPECIAL_PROCEDURES)[number];

/** A stop of the statutory clock: a special procedure or a correction during review. */
export interface ClockPause {
  kind: 'correction' | 'specialProcedure';
  procedure: SpecialProcedure | (string & {}) | null;
  reason: string;
  expectedWorkingDays: number | null;
  from: string;
  /** Null while the pause lasts. */
  until: string | null;
  remainingAtPause: number;
  /** The special procedure's result, once the clock resumed. */
  result?: string | null;
}

/** 法定时限: the statutory clock of an accepted case, counted from the day after acceptance. */
export interface StatutoryClock {
  state: 'notStarted' | 'running' | 'paused' | 'stopped';
  limit: { value: number; unit: LimitUnit; kind: string } | null;
  /** 受理日: the clock counts from the next working day. */
  startDate: string | null;
  dueDate: string | null;
  provisional: boolean;
  /** Frozen while paused; negative when overdue; null before acceptance and once stopped. */
  remainingWorkingDays: number | null;
  light: Light | null;
  pauses: ClockPause[];
  /** 延期 (Art. 42), granted once. */
  extension: { workingDays: number; approverId: string; reason: string; on: string } | null;
}

/** 一次性补正告知: every correction told at once. */
export interface CorrectionNotice {
  items: { subject: string; reason: string }[];
  note?: string;
  on: string;
}

/** Where the case stands at the window and after the decision. */
export interface CaseLifecycle {
  receivedOn: string | null;
  acceptedOn: string | null;
  /** 视为受理: no correction notice within 5 working days (Art. 32); accepted by law. */
  deemedAcceptance: boolean;
  correctionNotice: CorrectionNotice | null;
  rejectionReason: string | null;
  /** 送达期限: results handed over within 10 working days after the decision (Art. 44). */
  issuance: Deadline | null;
  deliveredAt: string | null;
  maxExtensionWorkingDays: number;
}

export type IntakeDecision =
  | { decision: 'accept'; comment?: string }
  | { decision: 'correction'; items: { subject: string; reason: string }[]; note?: string }
  | { decision: 'reject'; reason: string };

export type DeliveryMethod = 'window' | 'post' | 'electronic';

/** How deadlines warn, per item (its steps) or per bundle (the case clock). */
export interface WarningPolicy {
  yellowWithinWorkingDays?: number;
  yellowShare?: number;
  remindBeforeWorkingDays?: number;
  superviseAfterWorkingDays?: number;
}

/** 办件: one application for a bundle. */
export interface CaseSummary {
  id: string;
  caseNumber: string;
  bundleKey: string;
  bundleName: LocalizedName;
  applicantName: string;
  status: CaseStatus;
  filedAt: string;
  concludedAt: string | null;
  /** Null once the case is concluded. */
  deadline: Deadline | null;
  clock: StatutoryClock;
  openTasks: { id: string; name: LocalizedName; departmentId: string }[];
  /**
   * An open incident stops the case: staff get `incident` (and a red light), the applicant only
   * `beingHandled` (一个技术问题正在处理); null when none is open.
   */
  incidentState: 'incident' | 'beingHandled' | null;
}

/** 故障: a case that cannot move on its own, until an admin fixes the data or the model and retries. */
export interface Incident {
  id: string;
  caseId: string;
  caseNumber: string;
  bundleKey: string;
  bundleName: LocalizedName;
  key: string;
  /** engine: a token parked at an element; job: a job that ran out of attempts. */
  source: 'engine' | 'job';
  elementId: string | null;
  elementName: LocalizedName | null;
  item: { code: string; name: LocalizedName } | null;
  /** e.g. condition_not_boolean, variable_missing, expression_budget, job_failed. */
  code: string;
  message: string;
  attempts: number;
  /** The case event (task, timer, message) or the job that ran into it. */
  raisedBy: Record<string, unknown>;
  raisedAt: string;
  status: 'open' | 'resolved';
  resolvedAt: string | null;
  resolution: string | null;
  /** The process version the case runs. */
  definitionVersion: number;
}

export type TimelineEventType =
  | 'case.filed'
  | 'task.created'
  | 'task.claimed'
  | 'task.completed'
  | 'task.urged'
  | 'task.supervised'
  | 'task.reminded'
  | 'case.accepted'
  | 'case.correctionNotice'
  | 'case.correctionsReceived'
  | 'case.rejected'
  | 'clock.paused'
  | 'clock.resumed'
  | 'clock.extended'
  | 'case.reminded'
  | 'case.urged'
  | 'case.supervised'
  | 'case.concluded'
  | 'case.delivered'
  | 'incident.raised'
  | 'incident.retried'
  | 'incident.resolved'
  | 'case.variablesEdited'
  | 'case.migrated';

export interface TimelineEvent {
  seq: number;
  type: TimelineEventType | (string & {});
  at: string;
  actor: Actor | null;
  elementId: string | null;
  name: LocalizedName | null;
  departmentId: string | null;
  detail: unknown;
}

export type FormAnswers = Record<string, string | number | boolean | null>;

export interface CaseDetail extends CaseSummary {
  form: FormAnswers;
  /** The process version the case runs. */
  definition: { key: string; version: number };
  /** Open incidents, for staff; always empty for the applicant. */
  incidents: Incident[];
  lifecycle: CaseLifecycle;
  /** 准予/不予许可 per decided item. */
  decisions: ItemDecisionView[];
  /** Items paused on their own (Art. 45). */
  itemPauses: ItemPauseView[];
  /** 补正 during review: the open requests, one per item, as one notice. */
  reviewCorrections: {
    itemCode: string;
    departmentId: string;
    items: { subject: string; reason: string }[];
    requestedAt: string;
  }[];
  tasks: Task[];
  timeline: TimelineEvent[];
}

/** 已办: a step I completed, and whether I can still recall (撤回) it. */
export interface DoneTask extends Task {
  canRecall: boolean;
}

export interface DoneTasksPage {
  tasks: DoneTask[];
  nextCursor: string | null;
}

export interface QueuePage {
  tasks: Task[];
  nextCursor: string | null;
}

// ── 组合一件事 (compose a bundle) and 办事指南 (service guide) ──

export type LimitUnit = 'workingDays' | 'calendarDays' | 'calendarMonths';

/** A time limit whose kind is given by where it stands (statutory, promised, extension). */
export interface TimeLimit {
  value: number;
  unit: LimitUnit;
}

/** 政务服务事项 of the catalogue, as the composer picks it. */
export interface CatalogueItem {
  code: string;
  codeSource: 'provincialGuide' | 'illustrative';
  name: LocalizedName;
  type: string;
  typeName: LocalizedName;
  departmentId: string;
  handlingType: 'immediate' | 'promised';
  statutoryLimit: TimeLimit | null;
  promisedLimit: TimeLimit;
  resultLicence: string | null;
  fields: {
    key: string;
    type: string;
    label: string;
    labelEn: string;
    values?: { label: string; value: string }[];
  }[];
}

/** What a designer sends to compose a bundle (`POST /api/bundles`, `POST /api/bundles/preview`). */
export interface CompositionRequest {
  key: string;
  name: LocalizedName;
  description: LocalizedName;
  leadDepartmentId: string;
  /** In order; `when` is FEEL on the combined form's answers, e.g. `shop.area > 300`. */
  items: { itemCode: string; when?: string }[];
  /** `before` concludes before `after` starts. */
  prerequisites: { before: string; after: string }[];
  promisedLimit?: TimeLimit;
  sort?: number;
}

/** A bundle's composition as `POST /api/bundles` takes it; `shipped` ones are kept by the process library. */
export interface CompositionTemplate extends CompositionRequest {
  shipped: boolean;
}

export interface GuideDepartment {
  id: string;
  name: LocalizedName;
}

export interface GuideItem {
  code: string;
  codeSource: string;
  name: LocalizedName;
  type: string;
  typeName: LocalizedName;
  department: GuideDepartment;
  legalBasis: string;
  handlingType: 'immediate' | 'promised';
  statutoryLimit: TimeLimit | null;
  promisedLimit: TimeLimit;
  /** FEEL inclusion condition; null when the item always applies. */
  condition: string | null;
  /** The condition as an applicant reads it: answer keys as their form labels. */
  conditionText: LocalizedName | null;
  prerequisites: string[];
  result: { name: LocalizedName; licence: string | null };
  specialProcedures: { name: LocalizedName; expectedWorkingDays: number; counted: boolean }[];
  visits: number;
}

export interface GuideMaterial {
  key: string;
  name: LocalizedName;
  requirement: 'required' | 'secondary';
  originals: number;
  copies: number;
  /** The e-licence (电子证照) that replaces the paper material. */
  eLicence: { type: string; name: LocalizedName } | null;
  trustLevel: string | null;
  /** Items needing it; `providedBy` is the earlier item whose e-licence supplies it. */
  neededBy: { itemCode: string; providedBy: string | null }[];
  providedInChain: boolean;
}

/** 办事指南 of a bundle, generated from the catalogue. */
export interface ServiceGuide {
  bundleKey: string;
  name: LocalizedName;
  description: LocalizedName;
  leadDepartment: GuideDepartment;
  departments: GuideDepartment[];
  jointLimit: { statutory: TimeLimit; extension: TimeLimit; promised?: TimeLimit };
  items: GuideItem[];
  materials: GuideMaterial[];
  fees: { itemCode: string; name: LocalizedName; amountYuan: number; basis: string }[];
  totalFeesYuan: number;
  visits: number;
}

export interface CompositionPreview {
  bpmn: string;
  form: FormSchema;
  guide: ServiceGuide;
  warnings: string[];
}

export interface ComposedBundle extends BundleDetail {
  guideUrl: string;
  /** False when the same composition was already the latest version. */
  versionCreated: boolean;
}

/** The languages the API words its errors in (Accept-Language). */
export type ApiLanguage = 'zh-CN' | 'en';
export type ApiMessages = Record<ApiLanguage, string>;

export interface ErrorDetail {
  path: string;
  /** In the language the request asked for. */
  message: string;
  /** Both languages, when the server knows both (validation reasons). */
  messages?: ApiMessages;
}

/**
 * An error answered by the API (or a network failure, `status` 0), carrying the server's message
 * in the language asked for and, from the API, in both (so a language switch can re-word it).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly messages?: ApiMessages,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The message in `language`, or as answered when the server gave only one. */
  messageIn(language: ApiLanguage): string {
    return this.messages?.[language] ?? this.message;
  }
}

const SIGNED_IN_KEY = 'yj.signedIn';

/** Fired on `window` when the server answers 401, so the auth state can drop the session. */
export const UNAUTHENTICATED_EVENT = 'yj:unauthenticated';

/**
 * Whether this browser believes it has a session. The session itself is an HttpOnly cookie the
 * page's scripts cannot read (so an injected script cannot steal it); this flag, no secret, only
 * says whether to ask `/api/me` on load.
 */
export const sessionHint = {
  get: (): boolean => localStorage.getItem(SIGNED_IN_KEY) === '1',
  set: (): void => localStorage.setItem(SIGNED_IN_KEY, '1'),
  clear: (): void => localStorage.removeItem(SIGNED_IN_KEY),
};

function isErrorBody(
  body: unknown,
): body is { error: { code?: string; message?: string; messages?: unknown; details?: unknown } } {
  return typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'object';
}

function parseMessages(raw: unknown): ApiMessages | undefined {
  if (typeof raw !== 'object' || raw === null || !('zh-CN' in raw) || !('en' in raw)) return undefined;
  return { 'zh-CN': String(raw['zh-CN']), en: String(raw.en) };
}

function parseDetails(raw: unknown): ErrorDetail[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((d: unknown) => {
    if (typeof d !== 'object' || d === null || !('path' in d) || !('message' in d)) return [];
    const messages = 'messages' in d ? parseMessages(d.messages) : undefined;
    return [{ path: String(d.path), message: String(d.message), ...(messages ? { messages } : {}) }];
  });
}

/** A request with the session cookie; failures throw {@link ApiError}. JSON unless a Content-Type is given. */
export async function request(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  // The server words its refusals in the language the user reads.
  if (!headers.has('Accept-Language')) headers.set('Accept-Language', acceptLanguage());
  if (init.body !== undefined && !headers.has('Content-Type'))
    headers.set('Content-Type', 'application/json');

  let res: Response;
  try {
    res = await fetch(path, { ...init, headers, credentials: 'same-origin' });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', err instanceof Error ? err.message : String(err));
  }
  if (res.ok) return res;

  // Error bodies are JSON by contract, but a proxy in front may answer with HTML.
  const text = await res.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: fall through to a generic message
  }
  if (res.status === 401 && sessionHint.get()) {
    sessionHint.clear();
    window.dispatchEvent(new Event(UNAUTHENTICATED_EVENT));
  }
  if (isErrorBody(body)) {
    throw new ApiError(
      res.status,
      body.error.code ?? 'error',
      body.error.message ?? `HTTP ${res.status}`,
      parseDetails(body.error.details),
      parseMessages(body.error.messages),
    );
  }
  throw new ApiError(res.status, 'http_error', `HTTP ${res.status} ${res.statusText}`.trim());
}

async function json<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await request(path, init);
  return (await res.json()) as T;
}

function post<T>(path: string, body: unknown): Promise<T> {
  return json<T>(path, { method: 'POST', body: JSON.stringify(body) });
}

function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

const enc = encodeURIComponent;

/** Counts of open work by where it stands: a light, a paused clock, or at the window. */
export interface MonitorCounts {
  green: number;
  yellow: number;
  red: number;
  paused: number;
  atWindow: number;
}

/** Open incidents, and open cases with one (counted red). */
export interface IncidentCounts {
  incidents: number;
  incidentCases: number;
}

/** 效能监察 in numbers, over all open work (not a page of it). */
export interface MonitorSummary {
  totals: MonitorCounts & IncidentCounts & { open: number };
  byBundle: (MonitorCounts & IncidentCounts & { bundleKey: string; name: LocalizedName })[];
  byDepartment: { departmentId: string; open: number; overdue: number; nearDue: number }[];
  byItem: (MonitorCounts & { itemCode: string; name: LocalizedName; departmentId: string | null })[];
}

/** A JSON POST with an Idempotency-Key, so a retried click returns the first answer. */
function postOnce<T>(path: string, body: unknown, idempotencyKey: string): Promise<T> {
  return json<T>(path, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'Idempotency-Key': idempotencyKey },
  });
}

/** GET /api/calendar/status: the national calendar's coverage; a warning when next year is missing. */
export interface CalendarStatus {
  today: string;
  year: number;
  nextYear: number;
  yearLoaded: boolean;
  nextYearLoaded: boolean;
  warning: { code: 'calendar_notice_missing'; year: number; message: LocalizedName } | null;
}

/** GET /api/admin/notifications: what an admin must act on that belongs to no one case. */
export interface AdminNotification {
  id: number;
  kind: string;
  title: LocalizedName;
  detail: Record<string, unknown>;
  createdAt: string;
}

export const api = {
  /** 故障: open incidents over all cases, oldest first (manager, admin). */
  incidents: (params: { bundleKey?: string | null }, signal?: AbortSignal) =>
    json<Incident[]>(`/api/incidents${query(params)}`, { signal }),
  /** Retry an incident after setting variables (admin; audited with the reason). */
  retryIncident: (
    caseId: string,
    incidentId: string,
    body: { reason: string; variables?: Record<string, unknown> },
    idempotencyKey: string,
  ) =>
    postOnce<Incident>(
      `/api/admin/cases/${enc(caseId)}/incidents/${enc(incidentId)}/retry`,
      body,
      idempotencyKey,
    ),
  /** 版本迁移: move a running case to a newer deployed version (admin; audited with the reason). */
  migrateCase: (caseId: string, body: { toVersion: number; reason: string }, idempotencyKey: string) =>
    postOnce<CaseDetail>(`/api/admin/cases/${enc(caseId)}/migrate`, body, idempotencyKey),
  /** Open admin notifications (manager, admin), newest first. */
  adminNotifications: (signal?: AbortSignal) =>
    json<AdminNotification[]>('/api/admin/notifications', { signal }),
  /** 节假日日历: whether next year's notice is loaded (from 1 November a warning if not). */
  calendarStatus: (signal?: AbortSignal) => json<CalendarStatus>('/api/calendar/status', { signal }),
  /** 效能监察: open cases, steps and item clocks by light (manager, admin). */
  monitorSummary: (signal?: AbortSignal) => json<MonitorSummary>('/api/monitor/summary', { signal }),
  login: (username: string, password: string) =>
    post<{ token: string; user: User }>('/api/auth/login', { username, password }),
  /** Ends the session on the server (the cookie's token stops working everywhere at once). */
  logout: () => post<{ loggedOut: boolean }>('/api/auth/logout', {}),
  me: (signal?: AbortSignal) => json<User>('/api/me', { signal }),
  departments: (signal?: AbortSignal) => json<Department[]>('/api/departments', { signal }),
  bundles: (signal?: AbortSignal) => json<Bundle[]>('/api/bundles', { signal }),
  bundle: (key: string, signal?: AbortSignal) => json<BundleDetail>(`/api/bundles/${enc(key)}`, { signal }),
  bundleBpmn: async (key: string, signal?: AbortSignal) =>
    (await request(`/api/bundles/${enc(key)}/bpmn`, { signal })).text(),
  /** 办事: file a case; `form` keys stay flat (`shop.area`), never nested; `materials` are upload ids by material key. */
  createCase: (bundleKey: string, form: FormAnswers, materials?: Record<string, string>) =>
    post<CaseSummary>('/api/cases', { bundleKey, form, ...(materials ? { materials } : {}) }),
  cases: (status: 'open' | 'concluded' | 'all', signal?: AbortSignal) =>
    json<CaseSummary[]>(`/api/cases${query({ status })}`, { signal }),
  case: (id: string, signal?: AbortSignal) => json<CaseDetail>(`/api/cases/${enc(id)}`, { signal }),
  /** 待办: the department queue, sorted by deadline, paginated by keyset cursor. */
  queue: (
    params: { cursor?: string | null; limit?: number; departmentId?: string | null },
    signal?: AbortSignal,
  ) => json<QueuePage>(`/api/queue${query(params)}`, { signal }),
  /** 已办: the steps I completed, newest first, paginated by keyset cursor. */
  doneTasks: (params: { cursor?: string | null; limit?: number }, signal?: AbortSignal) =>
    json<DoneTasksPage>(`/api/tasks/done${query(params)}`, { signal }),
  /** 认领 */
  claimTask: (id: string) => post<Task>(`/api/tasks/${enc(id)}/claim`, {}),
  /** 许可决定: grant, or refuse with reasons and legal basis; answers with the case. */
  decideItem: (id: string, body: ItemDecisionRequest) =>
    post<CaseDetail>(`/api/tasks/${enc(id)}/decision`, body),
  /** 释放: put a step I claimed back in the queue. */
  releaseTask: (id: string) => post<CaseDetail>(`/api/tasks/${enc(id)}/release`, {}),
  /** 转办: hand a step to another clerk of the department. */
  transferTask: (id: string, body: { toUserId: string; reason?: string }) =>
    post<CaseDetail>(`/api/tasks/${enc(id)}/transfer`, body),
  /** 委派: delegate a step; it comes back to me to confirm. */
  delegateTask: (id: string, body: { toUserId: string; note?: string }) =>
    post<CaseDetail>(`/api/tasks/${enc(id)}/delegate`, body),
  /** 加签: add a countersigner before or after me. */
  countersignTask: (id: string, body: { toUserId: string; position: 'before' | 'after'; note?: string }) =>
    post<CaseDetail>(`/api/tasks/${enc(id)}/countersign`, body),
  /** 委派办理完毕: hand a delegated step back to the delegator. */
  returnDelegation: (id: string, body: { comment?: string }) =>
    post<CaseDetail>(`/api/tasks/${enc(id)}/delegation/return`, body),
  /** 退回: send a step back to an earlier step of the same item. */
  returnTask: (id: string, body: { toElementId: string; reason: string }) =>
    post<CaseDetail>(`/api/tasks/${enc(id)}/return`, body),
  /** 撤回: take back a step I completed before the next one is acted on. */
  recallTask: (id: string, body: { reason: string }) =>
    post<CaseDetail>(`/api/tasks/${enc(id)}/recall`, body),
  /** The other clerks of the task's department (转办 / 委派 targets). */
  colleagues: (id: string) => json<{ clerks: Actor[] }>(`/api/tasks/${enc(id)}/colleagues`),
  /** 补正 during review: the item's department asks the applicant for a material. */
  requestReviewCorrection: (
    caseId: string,
    itemCode: string,
    body: { items: { subject: string; reason: string }[] },
  ) => post<CaseDetail>(`/api/cases/${enc(caseId)}/items/${enc(itemCode)}/corrections`, body),
  /** The applicant answers the review's correction notice (all open requests). */
  answerReviewCorrections: (caseId: string, body: { note?: string }) =>
    post<CaseDetail>(`/api/cases/${enc(caseId)}/review-corrections`, body),
  /** 撤回申请: the applicant withdraws before a decision. */
  withdrawCase: (id: string, body: { reason: string }) =>
    post<CaseDetail>(`/api/cases/${enc(id)}/withdraw`, body),
  /** 办结: approve the step (claims it implicitly when still open). */
  completeTask: (id: string, body: { outcome: 'approved'; comment?: string }) =>
    post<Task>(`/api/tasks/${enc(id)}/complete`, body),
  /** 预审受理: accept, one correction notice listing everything, or refuse; answers with the case. */
  decideIntake: (taskId: string, body: IntakeDecision) =>
    post<CaseDetail>(`/api/tasks/${enc(taskId)}/intake`, body),
  /** 补正: the applicant's changed answers, merged over the filed ones. */
  submitCorrections: (caseId: string, body: { form: FormAnswers; note?: string }) =>
    post<CaseDetail>(`/api/cases/${enc(caseId)}/corrections`, body),
  /** 特别程序: the statutory clock stops (Art. 45). */
  pauseClock: (
    caseId: string,
    body:
      | { kind: 'specialProcedure'; procedure: SpecialProcedure; reason: string; expectedWorkingDays: number }
      | { kind: 'correction'; reason: string },
  ) => post<CaseDetail>(`/api/cases/${enc(caseId)}/clock/pause`, body),
  /** 恢复计时: the procedure's result is in. */
  resumeClock: (caseId: string, body: { result: string }) =>
    post<CaseDetail>(`/api/cases/${enc(caseId)}/clock/resume`, body),
  /** 延期 (Art. 42): managers and admins, once, at most `lifecycle.maxExtensionWorkingDays`. */
  extendClock: (caseId: string, body: { workingDays: number; reason: string }) =>
    post<CaseDetail>(`/api/cases/${enc(caseId)}/clock/extend`, body),
  /** 送达/领证: the lead department hands the results over. */
  deliverCase: (caseId: string, body: { method: DeliveryMethod; trackingNumber?: string }) =>
    post<CaseDetail>(`/api/cases/${enc(caseId)}/deliver`, body),
  setItemWarningPolicy: (code: string, body: WarningPolicy) =>
    json<WarningPolicy>(`/api/admin/items/${enc(code)}/warning-policy`, {
      method: 'PUT',
      body: JSON.stringify(body),
    }),
  setBundleWarningPolicy: (key: string, body: WarningPolicy) =>
    json<WarningPolicy>(`/api/admin/bundles/${enc(key)}/warning-policy`, {
      method: 'PUT',
      body: JSON.stringify(body),
    }),
  /** 事项目录: the catalogue items bundles are composed from. */
  items: (signal?: AbortSignal) => json<CatalogueItem[]>('/api/items', { signal }),
  /** 办事指南: public, works without a session. */
  bundleGuide: (key: string, signal?: AbortSignal) =>
    json<ServiceGuide>(`/api/bundles/${enc(key)}/guide`, { signal }),
  /** The composition a bundle is generated from, to start a new one from. */
  bundleComposition: (key: string, signal?: AbortSignal) =>
    json<CompositionTemplate>(`/api/bundles/${enc(key)}/composition`, { signal }),
  /** Composes without publishing: BPMN, combined form and guide, or a 400 naming each problem. */
  previewBundle: (body: CompositionRequest) => post<CompositionPreview>('/api/bundles/preview', body),
  /** 发布: one request; the same `idempotencyKey` makes a retry return the first answer. */
  publishBundle: (body: CompositionRequest, idempotencyKey: string) =>
    json<ComposedBundle>('/api/bundles', {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'Idempotency-Key': idempotencyKey },
    }),
};
