/**
 * Typed client for the runtime API (docs/api-contract.md). The designer is served by the API on the
 * same origin, so every path is relative (`/api/...`).
 */

import { createApiClient, type paths, type Schemas } from '@yijian/api-client';
import { acceptLanguage } from './i18n';

/** The API's named schemas: generated from the server's zod schemas, never written here. */
type S = Schemas;

export type LocalizedName = S['LocalizedName'];
export type User = S['User'];
export type Role = User['role'];
export type Department = S['Department'];
/** 演示账号 the login page offers; empty unless the demo accounts are seeded. */
export type DemoAccounts = S['DemoAccounts'];
export type Bundle = S['Bundle'];
export type Prefill = S['Prefill'];
export type BundleItem = Bundle['items'][number];
/** A time limit as the catalogue states it, e.g. `{ value: 45, unit: 'workingDays', kind: 'statutory' }`. */
export type Limit = Bundle['limits'][number];
export type BundleDetail = S['BundleDetail'];
/** The form-js schema subset that combined forms (一表申请) use. */
export type FormSchema = BundleDetail['form'];
export type FormField = FormSchema['components'][number];
export type FormSection = NonNullable<FormSchema['sections']>[number];
export type FieldValidation = NonNullable<FormField['validate']>;
/** 时限: a deadline and its warning light. */
export type Deadline = S['Deadline'];
export type Light = Deadline['light'];
export type Task = S['Task'];
export type Actor = NonNullable<Task['assignee']>;
export type TaskStatus = Task['status'];
export type TaskKind = Task['kind'];
/** 准予/不予许可 of one item, with the Art. 38 remedies the decision letter prints. */
export type ItemDecisionView = S['ItemDecision'];
/** 特别程序 of one item (Art. 45). */
export type ItemPauseView = S['ItemPause'];
export type ItemDecisionRequest = S['ItemDecisionRequest'];
export type CaseSummary = S['CaseSummary'];
/** 预审中, 待补正, 办理中, 已办结, 已送达, 不予受理, 已撤回. */
export type CaseStatus = CaseSummary['status'];
export type StatutoryClock = S['StatutoryClock'];
/** A stop of the statutory clock: a special procedure or a correction during review. */
export type ClockPause = StatutoryClock['pauses'][number];
export type PauseClockRequest = S['PauseClockRequest'];
export type SpecialProcedure = NonNullable<Extract<PauseClockRequest, { procedure?: unknown }>['procedure']>;
export type CaseLifecycle = S['CaseLifecycle'];
/** 一次性补正告知: every correction told at once. */
export type CorrectionNotice = NonNullable<CaseLifecycle['correctionNotice']>;
export type IntakeDecision = S['IntakeDecision'];
export type DeliveryMethod = S['DeliverRequest']['method'];
/** How deadlines warn, per item (its steps) or per bundle (the case clock). */
export type WarningPolicy = S['WarningPolicy'];
/** 故障: a case that cannot move on its own, until an admin fixes the data or the model and retries. */
export type Incident = S['Incident'];
export type TimelineEvent = S['TimelineEntry'];
export type TimelineEventType = TimelineEvent['type'];
export type CaseDetail = S['CaseDetail'];
export type QueuePage = S['QueuePage'];
/** GET /api/queue's query: search, filters and the keyset cursor. */
export type QueueParams = Omit<
  NonNullable<paths['/api/queue']['get']['parameters']['query']>,
  'cursor' | 'departmentId'
> & {
  cursor?: string | null;
  departmentId?: string | null;
};
export type BulkClaimResult = S['BulkClaimResult']['results'][number];
/** 已办: a step I completed, with whether I may still take it back (撤回). */
export type DoneTask = S['DoneTask'];
export type DoneTasksPage = S['DoneTasksPage'];
/** The answers of a combined form as the page holds them; keys stay flat (`shop.area`). */
export type FormAnswers = Record<string, string | number | boolean | null>;

// ── 组合一件事 (compose a bundle) and 办事指南 (service guide) ──

/** 政务服务事项 of the catalogue, as the composer picks it. */
export type CatalogueItem = S['CatalogueItem'];
/** A time limit whose kind is given by where it stands (statutory, promised, extension). */
export type TimeLimit = CatalogueItem['promisedLimit'];
export type LimitUnit = TimeLimit['unit'];
/** What a designer sends to compose a bundle (`POST /api/bundles`, `POST /api/bundles/preview`). */
export type CompositionRequest = S['ComposeBundleRequest'];
/** A bundle's composition as `POST /api/bundles` takes it; `shipped` ones are kept by the process library. */
export type CompositionTemplate = S['BundleComposition'];
/** 办事指南 of a bundle, generated from the catalogue. */
export type ServiceGuide = S['ServiceGuide'];
export type GuideDepartment = ServiceGuide['leadDepartment'];
export type GuideItem = ServiceGuide['items'][number];
export type GuideMaterial = ServiceGuide['materials'][number];
export type CompositionPreview = S['CompositionPreview'];
export type ComposedBundle = S['ComposedBundle'];

/** 特别程序 (行政许可法 Art. 45): their time is not counted. In the order the pause dialog offers them. */
export const SPECIAL_PROCEDURES = [
  'hearing',
  'tendering',
  'auction',
  'inspection',
  'testing',
  'quarantine',
  'appraisal',
  'expertReview',
] as const satisfies readonly SpecialProcedure[];

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
  if (init.body !== undefined && !headers.has('Content-Type'))
    headers.set('Content-Type', 'application/json');
  return send(new Request(new URL(path, window.location.origin), { ...init, headers }));
}

/**
 * A fresh Idempotency-Key. From `getRandomValues`, which browsers give on plain http too
 * (`randomUUID` needs a secure context, and a county office may serve the app on its LAN).
 */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** How often a request the server could not take now (503, database busy) is sent again. */
const BUSY_RETRIES = 2;
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Sends with the session cookie and the reader's language; a refusal throws {@link ApiError}.
 * A 503 (the database is busy for a moment) is sent again after its `Retry-After`, twice at most;
 * every change carries an Idempotency-Key, so a retry of one that did commit gets the first
 * answer instead of running again.
 */
async function send(req: Request): Promise<Response> {
  // The server words its refusals in the language the user reads.
  if (!req.headers.has('Accept-Language')) req.headers.set('Accept-Language', acceptLanguage());
  if (MUTATING.has(req.method) && !req.headers.has('Idempotency-Key'))
    req.headers.set('Idempotency-Key', newIdempotencyKey());
  let res: Response;
  for (let attempt = 0; ; attempt++) {
    const last = attempt === BUSY_RETRIES;
    try {
      res = await fetch(last ? req : req.clone(), { credentials: 'same-origin' });
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') throw err;
      throw new ApiError(0, 'network', err instanceof Error ? err.message : String(err));
    }
    if (res.status !== 503 || last) break;
    const header = res.headers.get('Retry-After');
    const seconds = header === null || !Number.isFinite(Number(header)) ? 1 : Number(header);
    await new Promise((resolve) => setTimeout(resolve, Math.min(Math.max(seconds, 0.2), 3) * 1000));
    if (req.signal.aborted) throw new DOMException('aborted', 'AbortError');
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

/**
 * The typed client: paths, parameters, bodies and answers are checked against the contract
 * generated from the server's schemas (`@yijian/api-client`). A refusal throws {@link ApiError}.
 */
export const client = createApiClient({
  baseUrl: typeof window === 'undefined' ? '' : window.location.origin,
  fetch: send,
});

/** The answer of a call that did not throw (refusals throw in {@link send}). */
export async function data<T>(call: Promise<{ data?: T }>): Promise<T> {
  return (await call).data as T;
}

/** A JSON POST with an Idempotency-Key, so a retried click returns the first answer. */
const once = (idempotencyKey: string) => ({ 'Idempotency-Key': idempotencyKey });

export type MonitorSummary = S['MonitorSummary'];
/** Counts of open work by where it stands: a light, a paused clock, or at the window. */
export type MonitorCounts = Pick<
  MonitorSummary['totals'],
  'green' | 'yellow' | 'red' | 'paused' | 'atWindow'
>;
/** GET /api/calendar/status: the national calendar's coverage; a warning when next year is missing. */
export type CalendarStatus = S['CalendarStatus'];
/** GET /api/admin/notifications: what an admin must act on that belongs to no one case. */
export type AdminNotification = S['AdminNotification'];

const id = (value: string) => ({ params: { path: { id: value } } });

export const api = {
  /** 故障: open incidents over all cases, oldest first (manager, admin). */
  incidents: (params: { bundleKey?: string | null }, signal?: AbortSignal) =>
    data(
      client.GET('/api/incidents', {
        params: { query: { bundleKey: params.bundleKey ?? undefined } },
        signal,
      }),
    ),
  /** Retry an incident after setting variables (admin; audited with the reason). */
  retryIncident: (
    caseId: string,
    incidentId: string,
    body: S['RetryIncidentRequest'],
    idempotencyKey: string,
  ) =>
    data(
      client.POST('/api/admin/cases/{caseId}/incidents/{incidentId}/retry', {
        params: { path: { caseId, incidentId } },
        body,
        headers: once(idempotencyKey),
      }),
    ),
  /** 版本迁移: move a running case to a newer deployed version (admin; audited with the reason). */
  migrateCase: (caseId: string, body: S['MigrateCaseRequest'], idempotencyKey: string) =>
    data(
      client.POST('/api/admin/cases/{caseId}/migrate', {
        params: { path: { caseId } },
        body,
        headers: once(idempotencyKey),
      }),
    ),
  /** Open admin notifications (manager, admin), newest first. */
  adminNotifications: (signal?: AbortSignal) => data(client.GET('/api/admin/notifications', { signal })),
  /** 节假日日历: whether next year's notice is loaded (from 1 November a warning if not). */
  calendarStatus: (signal?: AbortSignal) => data(client.GET('/api/calendar/status', { signal })),
  /** 效能监察: open cases, steps and item clocks by light (manager, admin). */
  monitorSummary: (signal?: AbortSignal) => data(client.GET('/api/monitor/summary', { signal })),
  /** The seeded demo accounts, grouped by role (public; empty in production). */
  demoAccounts: (signal?: AbortSignal) => data(client.GET('/api/auth/demo-accounts', { signal })),
  login: (username: string, password: string) =>
    data(client.POST('/api/auth/login', { body: { username, password } })),
  /** Ends the session on the server (the cookie's token stops working everywhere at once). */
  logout: () => data(client.POST('/api/auth/logout')),
  me: (signal?: AbortSignal) => data(client.GET('/api/me', { signal })),
  departments: (signal?: AbortSignal) => data(client.GET('/api/departments', { signal })),
  bundles: (signal?: AbortSignal) => data(client.GET('/api/bundles', { signal })),
  bundle: (key: string, signal?: AbortSignal) =>
    data(client.GET('/api/bundles/{key}', { params: { path: { key } }, signal })),
  bundleBpmn: (key: string, signal?: AbortSignal) =>
    data(client.GET('/api/bundles/{key}/bpmn', { params: { path: { key } }, signal, parseAs: 'text' })),
  /** 办事: file a case; `form` keys stay flat (`shop.area`), never nested; `materials` are upload ids by material key. */
  createCase: (bundleKey: string, form: FormAnswers, materials?: Record<string, string>) =>
    data(client.POST('/api/cases', { body: { bundleKey, form, ...(materials ? { materials } : {}) } })),
  cases: (status: 'open' | 'concluded' | 'all', signal?: AbortSignal) =>
    data(client.GET('/api/cases', { params: { query: { status } }, signal })),
  case: (caseId: string, signal?: AbortSignal) =>
    data(client.GET('/api/cases/{id}', { ...id(caseId), signal })),
  /** 待办: the department queue, sorted by deadline, paginated by keyset cursor, searched and filtered. */
  queue: (params: QueueParams, signal?: AbortSignal) =>
    data(
      client.GET('/api/queue', {
        params: {
          query: {
            ...params,
            cursor: params.cursor ?? undefined,
            departmentId: params.departmentId ?? undefined,
          },
        },
        signal,
      }),
    ),
  /** One task with what I may do with it now. */
  task: (taskId: string, signal?: AbortSignal) =>
    data(client.GET('/api/tasks/{id}', { ...id(taskId), signal })),
  /** 批量认领: each row answers claimed / claimedByOther / notAllowed. */
  claimTasks: (ids: string[]) => data(client.POST('/api/tasks/claim', { body: { ids } })),
  /** 已办: the steps I completed, newest first, keyset paged, each with `canRecall`. */
  doneTasks: (params: { cursor?: string | null; limit?: number }, signal?: AbortSignal) =>
    data(
      client.GET('/api/tasks/done', {
        params: { query: { cursor: params.cursor ?? undefined, limit: params.limit } },
        signal,
      }),
    ),
  /** 认领 */
  claimTask: (taskId: string) => data(client.POST('/api/tasks/{id}/claim', id(taskId))),
  /** 许可决定: grant, or refuse with reasons and legal basis; answers with the case. */
  decideItem: (taskId: string, body: ItemDecisionRequest) =>
    data(client.POST('/api/tasks/{id}/decision', { ...id(taskId), body })),
  /** 释放: put a step I claimed back in the queue. */
  releaseTask: (taskId: string) => data(client.POST('/api/tasks/{id}/release', id(taskId))),
  /** 转办: hand a step to another clerk of the department. */
  transferTask: (taskId: string, body: S['TransferRequest']) =>
    data(client.POST('/api/tasks/{id}/transfer', { ...id(taskId), body })),
  /** 委派: delegate a step; it comes back to me to confirm. */
  delegateTask: (taskId: string, body: S['DelegateRequest']) =>
    data(client.POST('/api/tasks/{id}/delegate', { ...id(taskId), body })),
  /** 加签: add a countersigner before or after me. */
  countersignTask: (taskId: string, body: S['CountersignRequest']) =>
    data(client.POST('/api/tasks/{id}/countersign', { ...id(taskId), body })),
  /** 委派办理完毕: hand a delegated step back to the delegator. */
  returnDelegation: (taskId: string, body: S['DelegationReturnRequest']) =>
    data(client.POST('/api/tasks/{id}/delegation/return', { ...id(taskId), body })),
  /** 退回: send a step back to an earlier step of the same item. */
  returnTask: (taskId: string, body: S['ReturnStepRequest']) =>
    data(client.POST('/api/tasks/{id}/return', { ...id(taskId), body })),
  /** 撤回: take back a step I completed before the next one is acted on. */
  recallTask: (taskId: string, body: S['ReasonRequest']) =>
    data(client.POST('/api/tasks/{id}/recall', { ...id(taskId), body })),
  /** The other clerks of the task's department (转办 / 委派 targets). */
  colleagues: (taskId: string) => data(client.GET('/api/tasks/{id}/colleagues', id(taskId))),
  /** 补正 during review: the item's department asks the applicant for a material. */
  requestReviewCorrection: (caseId: string, itemCode: string, body: S['ReviewCorrectionRequest']) =>
    data(
      client.POST('/api/cases/{id}/items/{itemCode}/corrections', {
        params: { path: { id: caseId, itemCode } },
        body,
      }),
    ),
  /** The applicant answers the review's correction notice (all open requests). */
  answerReviewCorrections: (caseId: string, body: S['ReviewCorrectionAnswer']) =>
    data(client.POST('/api/cases/{id}/review-corrections', { ...id(caseId), body })),
  /** 撤回申请: the applicant withdraws before a decision. */
  withdrawCase: (caseId: string, body: S['ReasonRequest']) =>
    data(client.POST('/api/cases/{id}/withdraw', { ...id(caseId), body })),
  /** 办结: approve the step (claims it implicitly when still open). */
  completeTask: (taskId: string, body: S['CompleteTaskRequest']) =>
    data(client.POST('/api/tasks/{id}/complete', { ...id(taskId), body })),
  /** 预审受理: accept, one correction notice listing everything, or refuse; answers with the case. */
  decideIntake: (taskId: string, body: IntakeDecision) =>
    data(client.POST('/api/tasks/{id}/intake', { ...id(taskId), body })),
  /** 补正: the applicant's changed answers, merged over the filed ones. */
  submitCorrections: (caseId: string, body: S['CorrectionsRequest']) =>
    data(client.POST('/api/cases/{id}/corrections', { ...id(caseId), body })),
  /** 特别程序: the statutory clock stops (Art. 45). */
  pauseClock: (caseId: string, body: PauseClockRequest) =>
    data(client.POST('/api/cases/{id}/clock/pause', { ...id(caseId), body })),
  /** 恢复计时: the procedure's result is in. */
  resumeClock: (caseId: string, body: S['ResumeClockRequest']) =>
    data(client.POST('/api/cases/{id}/clock/resume', { ...id(caseId), body })),
  /** 延期 (Art. 42): managers and admins, once, at most `lifecycle.maxExtensionWorkingDays`. */
  extendClock: (caseId: string, body: S['ExtendClockRequest']) =>
    data(client.POST('/api/cases/{id}/clock/extend', { ...id(caseId), body })),
  /** 送达/领证: the lead department hands the results over. */
  deliverCase: (caseId: string, body: S['DeliverRequest']) =>
    data(client.POST('/api/cases/{id}/deliver', { ...id(caseId), body })),
  setItemWarningPolicy: (code: string, body: WarningPolicy) =>
    data(client.PUT('/api/admin/items/{code}/warning-policy', { params: { path: { code } }, body })),
  setBundleWarningPolicy: (key: string, body: WarningPolicy) =>
    data(client.PUT('/api/admin/bundles/{key}/warning-policy', { params: { path: { key } }, body })),
  /** 事项目录: the catalogue items bundles are composed from. */
  items: (signal?: AbortSignal) => data(client.GET('/api/items', { signal })),
  /** 办事指南: public, works without a session. */
  bundleGuide: (key: string, signal?: AbortSignal) =>
    data(client.GET('/api/bundles/{key}/guide', { params: { path: { key } }, signal })),
  /** The composition a bundle is generated from, to start a new one from. */
  bundleComposition: (key: string, signal?: AbortSignal) =>
    data(client.GET('/api/bundles/{key}/composition', { params: { path: { key } }, signal })),
  /** Composes without publishing: BPMN, combined form and guide, or a 400 naming each problem. */
  previewBundle: (body: CompositionRequest) => data(client.POST('/api/bundles/preview', { body })),
  /** 发布: one request; the same `idempotencyKey` makes a retry return the first answer. */
  /** 部署绘制的流程: BPMN drawn in the modeler as the bundle's next version (422 names each element). */
  deployBpmn: (key: string, bpmn: string, idempotencyKey: string) =>
    data(
      client.POST('/api/bundles/{key}/versions', {
        params: { path: { key } },
        body: { bpmn },
        headers: once(idempotencyKey),
      }),
    ),
  publishBundle: (body: CompositionRequest, idempotencyKey: string) =>
    data(client.POST('/api/bundles', { body, headers: once(idempotencyKey) })),
};
