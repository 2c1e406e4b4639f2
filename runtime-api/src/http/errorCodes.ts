/**
 * The catalogue of every refusal the API can answer (错误码目录): its HTTP status, its message in
 * zh-CN and English, and a line saying when it happens. A code is a contract: clients branch on
 * it, so it never changes meaning; add a new one instead. Messages are templates whose `{name}`
 * placeholders are filled from the error's parameters (a parameter may itself be bilingual).
 *
 * To add a refusal: add an entry here (both languages, same placeholders), throw
 * `new ApiError('your_code', { …params })`, and list it in docs/api-contract.md.
 * `runtime-api/src/http/errorCodes.test.ts` checks both languages and scans the sources for
 * codes that are not here.
 */

import type { CatalogueIssue, CatalogueIssueCode } from '@yijian/process-library';

/** The languages the API answers in, zh-CN first. */
export const languages = ['zh-CN', 'en'] as const;
export type Language = (typeof languages)[number];
/** The language when the request names none we speak (or accepts any): the product is zh-CN first. */
export const defaultLanguage: Language = 'zh-CN';

/** One text in every language the API speaks. */
export type Messages = Record<Language, string>;

/** A value for a `{placeholder}`: plain (ids, numbers, paths) or a text with both languages. */
export type TemplateValue = string | number | Messages;

interface CatalogueEntry {
  status: number;
  /** When it happens and what the caller can do; shown in docs/api-contract.md. */
  doc: string;
  'zh-CN': string;
  en: string;
}

export const errorCatalogue = {
  // ── Access ────────────────────────────────────────────────────────────────────────────────
  unauthenticated: {
    status: 401,
    doc: 'No valid session token or department-system key was sent.',
    'zh-CN': '请先登录（Authorization: Bearer <令牌>），或使用部门系统密钥（Authorization: ApiKey <密钥>）。',
    en: 'Log in first (Authorization: Bearer <token>), or send a department system key (Authorization: ApiKey <key>).',
  },
  login_throttled: {
    status: 429,
    doc: 'Too many wrong passwords for this account, from any address; wait and try again (backoff doubles).',
    'zh-CN': '该账户密码错误次数过多，请 {seconds} 秒后再试。',
    en: 'Too many wrong passwords for this account; try again in {seconds} seconds.',
  },
  oidc_not_configured: {
    status: 404,
    doc: 'Single sign-on was asked for, but this server has no OIDC provider configured (OIDC_ISSUER …).',
    'zh-CN': '本服务未配置统一身份认证（OIDC）。',
    en: 'Single sign-on (OIDC) is not configured on this server.',
  },
  oidc_login_failed: {
    status: 400,
    doc: 'The return from the single sign-on provider is unknown, expired, already used, or was refused; start again.',
    'zh-CN': '统一身份认证登录未完成（已过期、已使用或被拒绝），请重新登录。',
    en: 'The single sign-on did not complete (expired, already used or refused); log in again.',
  },
  account_disabled: {
    status: 403,
    doc: 'Login to an account an admin has disabled.',
    'zh-CN': '该账户已被停用，请联系管理员。',
    en: 'This account is disabled; ask an administrator.',
  },
  account_self: {
    status: 409,
    doc: 'An admin may not disable, or take the admin role from, their own account.',
    'zh-CN': '不能停用自己的账户或取消自己的管理员角色。',
    en: 'You cannot disable your own account or remove your own admin role.',
  },
  department_exists: {
    status: 409,
    doc: 'A department with this id exists already.',
    'zh-CN': '部门编码 {id} 已存在。',
    en: 'A department {id} exists already.',
  },
  department_in_use: {
    status: 409,
    doc: 'A department that still has accounts, open tasks or history cannot be deleted; move them first.',
    'zh-CN': '部门 {id} 仍有{reason}，不能删除。',
    en: 'Department {id} still has {reason}; it cannot be deleted.',
  },
  account_exists: {
    status: 409,
    doc: 'An account with this username exists already; choose another.',
    'zh-CN': '用户名 {username} 已被使用。',
    en: 'The username {username} is taken.',
  },
  current_password_wrong: {
    status: 422,
    doc: 'A password change whose current password is wrong; nothing changed.',
    'zh-CN': '当前密码不正确，密码未修改。',
    en: 'The current password is wrong; the password was not changed.',
  },
  invalid_credentials: {
    status: 401,
    doc: 'Login with a wrong username or password.',
    'zh-CN': '用户名或密码错误。',
    en: 'Wrong username or password.',
  },
  forbidden: {
    status: 403,
    doc: 'The caller’s role may not do this; `roles` lists the roles that may.',
    'zh-CN': '此操作需要以下角色之一：{roles}。',
    en: 'This needs one of the roles: {roles}.',
  },
  queue_not_yours: {
    status: 403,
    doc: 'A clerk asked for another department’s queue.',
    'zh-CN': '经办人只能查看本部门的待办队列。',
    en: 'Clerks see only their own department queue.',
  },
  not_lead_department: {
    status: 403,
    doc: 'A clerk of another department tried to hand over results (统一出件 is the lead department’s).',
    'zh-CN': '办理结果由牵头部门窗口统一出件。',
    en: 'Results are handed over by the lead department’s window.',
  },
  material_not_your_department: {
    status: 403,
    doc: 'A clerk tried to check a material no item of their department asks for.',
    'zh-CN': '本部门没有事项需要材料 {material}，且前台受理属于其他部门。',
    en: 'No item of your department asks for {material}, and the front desk is another department’s.',
  },
  rate_limited: {
    status: 429,
    doc: 'Too many requests from this address (login, public service guides); retry after the `RateLimit` header says.',
    'zh-CN': '请求过于频繁，请稍后再试。',
    en: 'Too many requests; try again later.',
  },

  // ── Input ─────────────────────────────────────────────────────────────────────────────────
  validation_failed: {
    status: 400,
    doc: 'The body, path or query does not match its schema; `details` name every field path.',
    'zh-CN': '输入无效：{path}：{reason}',
    en: 'Invalid input at {path}: {reason}',
  },
  invalid_json: {
    status: 400,
    doc: 'The body is not well-formed JSON.',
    'zh-CN': '请求体不是有效的 JSON：{detail}',
    en: 'The body is not valid JSON: {detail}',
  },
  body_too_large: {
    status: 413,
    doc: 'A JSON body over 1 MB.',
    'zh-CN': '请求体过大（上限 {limit}）。',
    en: 'The body is too large (at most {limit}).',
  },
  unsupported_encoding: {
    status: 415,
    doc: 'A body in a charset or content encoding the server does not read.',
    'zh-CN': '不支持的请求体编码：{encoding}。',
    en: 'Unsupported body encoding: {encoding}.',
  },
  unsupported_media_type: {
    status: 415,
    doc: 'A body that is not JSON (by its Content-Type) sent to a route that reads JSON.',
    'zh-CN': '此接口只接受 JSON 请求体（Content-Type: application/json），收到的是 {type}。',
    en: 'This route reads a JSON body (Content-Type: application/json); got {type}.',
  },
  json_too_deep: {
    status: 400,
    doc: 'A JSON body nested deeper than the API reads (objects and arrays within each other).',
    'zh-CN': '请求体嵌套过深（最多 {max} 层）。',
    en: 'The body is nested too deeply (at most {max} levels).',
  },
  bad_request: {
    status: 400,
    doc: 'The request could not be read (aborted, wrong length).',
    'zh-CN': '无法读取请求。',
    en: 'The request could not be read.',
  },
  idempotency_key_reused: {
    status: 422,
    doc: 'The Idempotency-Key was already used by this user for a different request.',
    'zh-CN': '此 Idempotency-Key 已用于另一个不同的请求。',
    en: 'This Idempotency-Key was used for a different request.',
  },
  unsupported_file_type: {
    status: 400,
    doc: 'An upload that is not PDF, JPEG or PNG (by its Content-Type).',
    'zh-CN': '请上传 PDF、JPEG 或 PNG 文件并注明其 Content-Type（{accepted}）；收到的是 {declared}。',
    en: 'Upload a PDF, JPEG or PNG file with its Content-Type ({accepted}); got {declared}.',
  },
  upload_rate_limited: {
    status: 429,
    doc: 'An applicant uploaded more files in the last hour than the limit; wait and try again.',
    'zh-CN': '上传过于频繁（每小时最多 {perHour} 个文件），请稍后再试。',
    en: 'Too many uploads (at most {perHour} files an hour); try again later.',
  },
  upload_quota_exceeded: {
    status: 413,
    doc: 'The applicant’s uploads not yet attached to any case would exceed the quota; file or wait for them to expire (24 h).',
    'zh-CN': '尚未用于办件的上传文件超过配额（{megabytes} MB），请先提交办件或等待其过期（24 小时）。',
    en: 'Uploads not yet used in a case exceed the quota ({megabytes} MB); file a case or wait for them to expire (24 h).',
  },
  empty_file: {
    status: 400,
    doc: 'An upload with no bytes.',
    'zh-CN': '文件为空。',
    en: 'The file is empty.',
  },
  file_content_mismatch: {
    status: 400,
    doc: 'The upload is not a real file of the type its Content-Type says (first bytes, and a PDF that opens, an image that decodes).',
    'zh-CN': '文件内容与其 Content-Type 声明的 {type} 格式不符。',
    en: 'The file’s content is not {type} as its Content-Type says.',
  },
  file_too_large: {
    status: 413,
    doc: 'An upload over the size limit.',
    'zh-CN': '文件超过 {megabytes} MB，请降低扫描分辨率或拆分后上传。',
    en: 'The file is larger than {megabytes} MB; scan it at a lower resolution or split it.',
  },
  composition_invalid: {
    status: 400,
    doc: 'A bundle composition the catalogue refuses (cycle, unknown item, bad FEEL, limits …); `details` point into the body.',
    'zh-CN': '一件事 {key} 无法组合（{count} 个问题）：{problem}',
    en: 'Bundle {key} cannot be composed ({count} problems): {problem}',
  },
  deployment_refused: {
    status: 422,
    doc: 'The engine refused a BPMN document (a composed bundle, or one drawn in the modeler); `details` name each element (`bpmn.<elementId>`) and how to fix it, in both languages.',
    'zh-CN': '引擎拒绝部署一件事 {key} 的流程：{problems}',
    en: 'The engine refused the process of bundle {key}: {problems}',
  },
  bpmn_refused: {
    status: 400,
    doc: 'A BPMN document (an uploaded .bpmn, a BPMN draft) the engine cannot run; `details` name the element ids.',
    'zh-CN': '引擎无法运行该 BPMN 流程（{count} 个问题）：{problems}',
    en: 'The engine cannot run this BPMN process ({count} problems): {problems}',
  },
  bundle_retired: {
    status: 409,
    doc: 'The bundle is retired (撤下): it takes no new filings; its running cases continue. An admin or designer may restore it.',
    'zh-CN': '一件事 {key} 已停止受理（已撤下），不再接受新的申请；已受理的办件照常办结。',
    en: 'Bundle {key} has been withdrawn and takes no new applications; cases already filed continue.',
  },
  no_active_version: {
    status: 409,
    doc: 'Every deployed version of the bundle is retired, so a new case has no version to start on; restore one.',
    'zh-CN': '一件事 {key} 的所有流程版本均已停用，暂不接受新的申请。',
    en: 'Every version of bundle {key} is retired; no new application can start.',
  },
  already_retired: {
    status: 409,
    doc: 'Retiring what is already retired; nothing changed.',
    'zh-CN': '{what} 已是撤下状态。',
    en: '{what} is already retired.',
  },
  not_retired: {
    status: 409,
    doc: 'Restoring what is not retired; nothing changed.',
    'zh-CN': '{what} 未撤下，无需恢复。',
    en: '{what} is not retired; there is nothing to restore.',
  },
  draft_changed: {
    status: 409,
    doc: 'The draft was saved by someone else since it was opened (optimistic check on `updatedAt`); open it again and reapply the change.',
    'zh-CN': '草稿已于 {updatedAt} 被他人保存，请重新打开后再修改。',
    en: 'The draft was saved by someone else at {updatedAt}; open it again and redo the change.',
  },

  // ── Not found ─────────────────────────────────────────────────────────────────────────────
  not_found: {
    status: 404,
    doc: 'The thing does not exist, or the caller may not see it (another applicant’s case, another department’s task).',
    'zh-CN': '{what} {id} 不存在。',
    en: '{what} {id} not found.',
  },
  no_subscriber: {
    status: 404,
    doc: 'A message no case waits for (by name and correlation); nothing was delivered.',
    'zh-CN': '没有办件在等待消息“{name}”{correlation}。',
    en: 'No case waits for message "{name}"{correlation}.',
  },

  // ── State conflicts: the request is fine, the case or task is not in a state that takes it ──
  case_changed: {
    status: 409,
    doc: 'The case changed between reading and writing (optimistic version check); retry.',
    'zh-CN': '办件已被他人更新，请重试。',
    en: 'The case changed meanwhile; retry.',
  },
  task_not_open: {
    status: 409,
    doc: 'The task is already completed or cancelled (or otherwise not open to claim).',
    'zh-CN': '该任务已{status}。',
    en: 'The task is already {status}.',
  },
  task_claimed_by_other: {
    status: 409,
    doc: 'Another clerk has claimed the task.',
    'zh-CN': '该任务已被他人认领。',
    en: 'The task is claimed by someone else.',
  },
  intake_task_needs_decision: {
    status: 409,
    doc: 'The window’s intake step is decided with POST /api/tasks/:id/intake, not completed.',
    'zh-CN': '这是窗口的预审受理任务，请通过 POST /api/tasks/:id/intake 作出受理决定。',
    en: 'This is the window’s intake step: decide it with POST /api/tasks/:id/intake.',
  },
  decision_step_needs_decision: {
    status: 409,
    doc: 'An item’s decision step is concluded with POST /api/tasks/:id/decision (准予/不予许可), not completed.',
    'zh-CN': '这是事项的许可决定环节，请通过 POST /api/tasks/:id/decision 作出准予或不予许可决定。',
    en: 'This is the item’s decision step: grant or refuse it with POST /api/tasks/:id/decision.',
  },
  not_a_decision_step: {
    status: 409,
    doc: 'A 准予/不予许可 decision on a step that is not an item’s decision step (its BPMN has no refusal path).',
    'zh-CN': '该环节不是事项的许可决定环节，不能作出准予或不予许可决定。',
    en: 'This step is not an item’s decision step; grant or refuse at the decision step.',
  },
  task_not_yours: {
    status: 409,
    doc: 'Release, transfer or delegate a step that is not claimed by the caller.',
    'zh-CN': '只有认领该任务的经办人可以执行此操作。',
    en: 'Only the clerk who claimed the task may do this.',
  },
  transfer_target_invalid: {
    status: 422,
    doc: '转办/委派 to someone who is not another clerk of the task’s department.',
    'zh-CN': '只能转给本部门的其他经办人：{target}。',
    en: 'A task goes only to another clerk of its department: {target}.',
  },
  delegation_pending: {
    status: 409,
    doc: 'A delegated step (委派) is completed by the delegate and confirmed by the delegator; this was the wrong one.',
    'zh-CN': '委派的任务由受托人办理后交回委派人确认。',
    en: 'A delegated task is handled by the delegate, then confirmed by the delegator.',
  },
  countersign_pending: {
    status: 409,
    doc: '加签: the step waits for its countersigner (before), or the countersigner acts only after the holder (after).',
    'zh-CN': '加签尚未完成：{reason}',
    en: 'The countersignature is not done yet: {reason}',
  },
  countersign_target_invalid: {
    status: 422,
    doc: '加签 to someone who is not another clerk, or while a countersignature on the step is open.',
    'zh-CN': '只能加签给其他经办人，且同一环节只能有一个未完成的加签：{target}。',
    en: 'Add another clerk as countersigner, one open countersignature per step: {target}.',
  },
  review_correction_open: {
    status: 409,
    doc: '补正 during review: the item has an open request already; one request per item.',
    'zh-CN': '事项 {item} 已有未答复的补正要求，每个事项只能发出一次。',
    en: 'Item {item} already has an open correction request; one per item.',
  },
  no_review_correction: {
    status: 409,
    doc: 'The applicant answered a review correction notice that has no open request.',
    'zh-CN': '当前没有需要补正的事项。',
    en: 'No item is waiting for corrections.',
  },
  return_target_invalid: {
    status: 409,
    doc: '退回 to a step that is not an earlier step of the same item in this case.',
    'zh-CN': '只能退回到同一事项已办理过的前序环节：{target}。',
    en: 'A step returns only to an earlier step of the same item that was done: {target}.',
  },
  recall_not_allowed: {
    status: 409,
    doc: '撤回 by someone other than the clerk who completed the step, or after the next step acted.',
    'zh-CN': '只有办结该环节的经办人可以撤回，且下一环节尚未办理。',
    en: 'Only the clerk who completed the step may recall it, and only before the next step acts.',
  },
  case_not_withdrawable: {
    status: 409,
    doc: '撤回申请 after a decision: only a case at the window, in correction or in progress with no item decided may be withdrawn.',
    'zh-CN': '案件已作出决定或已办结（{status}），不能撤回申请。',
    en: 'The case is decided or concluded ({status}); the application can no longer be withdrawn.',
  },
  item_not_your_department: {
    status: 403,
    doc: 'A clerk tried to pause or resume an item their department does not work in this case.',
    'zh-CN': '事项 {item} 不由本部门办理，不能暂停或恢复其计时。',
    en: 'Item {item} is not your department’s; you cannot pause or resume it.',
  },
  item_paused: {
    status: 409,
    doc: 'A step of an item in a special procedure (Art. 45) was completed or decided; resume the item first.',
    'zh-CN': '该事项正在特别程序中（暂停计时），其办理环节暂不能办结；请先恢复该事项。',
    en: 'This item is in a special procedure (paused); its steps wait until it resumes.',
  },
  item_not_running: {
    status: 409,
    doc: 'A pause for an item that is not running in the case (not started, skipped or concluded).',
    'zh-CN': '事项 {item} 当前未在办理中，不能暂停。',
    en: 'Item {item} is not running in this case; only a running item pauses.',
  },
  item_already_paused: {
    status: 409,
    doc: 'A pause for an item that is paused already.',
    'zh-CN': '事项 {item} 已暂停计时。',
    en: 'Item {item} is paused already.',
  },
  item_not_paused: {
    status: 409,
    doc: 'A resume for an item that is not paused.',
    'zh-CN': '事项 {item} 未暂停计时。',
    en: 'Item {item} is not paused.',
  },
  not_an_intake_task: {
    status: 409,
    doc: 'An intake decision on a step that is not the intake; complete steps with /complete.',
    'zh-CN': '只有预审受理任务在此作出决定；办理环节请通过 /complete 办结。',
    en: 'Only an intake step is decided here; complete steps with /complete.',
  },
  case_not_in_correction: {
    status: 409,
    doc: 'Corrections sent for a case that is not waiting for them.',
    'zh-CN': '该办件不在补正阶段。',
    en: 'This case is not waiting for corrections.',
  },
  correction_materials_missing: {
    status: 422,
    doc: 'A correction (补正) answered without the materials the notice asked for: upload each, or declare 容缺 where the material is secondary for every item; a note alone does not answer a requested material.',
    'zh-CN': '补正通知要求的材料尚未提交：{materials}。请逐项上传（可容缺的材料可声明容缺）后再提交。',
    en: 'The materials the correction notice asks for are not handed in: {materials}. Upload each (or declare a tolerated gap where allowed) and submit again.',
  },
  tolerated_gap_not_allowed: {
    status: 422,
    doc: '容缺 declared for a material that is required by an item, or that the notice did not ask for: only secondary materials may be missing (DOMAIN rule 15).',
    'zh-CN': '材料 {material} 不能容缺：只有补正通知所列、且为次要材料的可以容缺。',
    en: 'Material {material} cannot be a tolerated gap: only secondary materials the notice asks for can.',
  },
  rating_not_open: {
    status: 409,
    doc: '好差评 before the results were delivered (or for a case that cannot be rated in its state).',
    'zh-CN': '办件送达后才能评价；该办件当前为 {status}。',
    en: 'A case is rated once its results are delivered; this one is {status}.',
  },
  rating_exists: {
    status: 409,
    doc: '一事一评: the case has a rating already.',
    'zh-CN': '该办件已评价（一事一评）。',
    en: 'This case has been rated already (one rating per case).',
  },
  rating_reason_required: {
    status: 422,
    doc: 'A bad rating (不满意 or 非常不满意) must say why, with at least one reason of the scheme.',
    'zh-CN': '差评须至少选择一项原因。',
    en: 'A bad rating needs at least one reason.',
  },
  rating_reason_mismatch: {
    status: 422,
    doc: 'Reasons of a bad rating given with a good one, or the other way round.',
    'zh-CN': '所选原因与评价等级不符：{reasons}。',
    en: 'The reasons do not fit the rating: {reasons}.',
  },
  rectification_closed: {
    status: 409,
    doc: 'A rectification (整改) that was answered already.',
    'zh-CN': '该整改已办结。',
    en: 'This rectification is closed already.',
  },
  case_not_in_progress: {
    status: 409,
    doc: 'A clock pause, resume or extension for a case that is not accepted and in progress.',
    'zh-CN': '只有已受理、办理中的办件才能{action}；该办件当前为 {status}。',
    en: 'Only an accepted case in progress can {action}; this one is {status}.',
  },
  case_not_concluded: {
    status: 409,
    doc: 'Results handed over before the case concluded.',
    'zh-CN': '只有已办结的办件才有结果可以出件。',
    en: 'Only a concluded case has results to hand over.',
  },
  delivery_not_electronic: {
    status: 409,
    doc: 'The applicant confirmed receipt of results that were not delivered electronically (or not delivered yet).',
    'zh-CN': '该办件的结果尚未以电子方式送达，无需确认电子送达回执。',
    en: 'The results of this case were not delivered electronically; there is no electronic receipt to confirm.',
  },
  tracking_number_required: {
    status: 400,
    doc: 'Results sent by post (邮寄送达) need the postal tracking number.',
    'zh-CN': '邮寄送达须填写邮件单号。',
    en: 'Delivery by post needs the tracking number.',
  },
  case_closed_to_materials: {
    status: 409,
    doc: 'A material uploaded to a case that no longer takes materials.',
    'zh-CN': '该办件当前为 {status}，不再接收材料。',
    en: 'The case is {status}; it takes no materials.',
  },
  material_already_satisfied: {
    status: 409,
    doc: 'An unchecked upload would replace a material already satisfied at a higher trust level.',
    'zh-CN': '材料 {material} 已以可信等级 {trust} 满足，未经核验的上传不会替换它。',
    en: '{material} is already satisfied at trust {trust}; an unchecked upload would not replace it.',
  },
  material_self_declared: {
    status: 409,
    doc: 'Checking a material that was self-declared (告知承诺, trust D).',
    'zh-CN': '材料 {material} 为告知承诺（D 级），请改为要求提交文件。',
    en: '{material} is self-declared (D); ask for the document instead.',
  },
  material_changed_since_viewed: {
    status: 409,
    doc: 'A 核验 of a file other than the one attached now: the applicant replaced it after the clerk looked. Reload and look again.',
    'zh-CN': '材料 {material} 的文件已被更换（你查看的是 {viewed}，现为 {current}），请重新查看后再核验。',
    en: 'The file of {material} was replaced (you viewed {viewed}, it is now {current}); look again before verifying.',
  },
  catalogue_item_invalid: {
    status: 400,
    doc: 'A service item the catalogue rules refuse (unknown department, material or e-licence, promised limit above the statutory one …); `details` point into the body.',
    'zh-CN': '事项 {code} 不符合事项目录规则（{count} 个问题）：{problem}',
    en: 'Item {code} breaks the catalogue rules ({count} problems): {problem}',
  },
  item_form_invalid: {
    status: 400,
    doc: 'An item form the form designer rules refuse (a shared field retyped, a key outside the dictionary and the item namespace, broken rules) or whose combined form cannot be merged; `details` name the field.',
    'zh-CN': '事项 {code} 的表单不符合规则（{count} 个问题）：{problem}',
    en: 'The form of item {code} breaks the form rules ({count} problems): {problem}',
  },
  catalogue_version_conflict: {
    status: 409,
    doc: 'Someone saved the item (or its form) since the edit started from `expectedVersion`; reload and edit again.',
    'zh-CN':
      '事项 {code} 已被他人修改（当前第 {current} 版，您的修改基于第 {expected} 版）；请刷新后重新修改。',
    en: 'Item {code} was changed meanwhile (now version {current}, your edit started from {expected}); reload and edit again.',
  },
  catalogue_item_exists: {
    status: 409,
    doc: 'Creating an item under a code (事项编码) the catalogue already has.',
    'zh-CN': '事项编码 {code} 已存在；请修改该事项，或使用其他编码。',
    en: 'Item code {code} already exists; edit that item or use another code.',
  },
  material_type_exists: {
    status: 409,
    doc: 'Creating a material type (新建材料) under a key the material catalogue already has.',
    'zh-CN': '材料编码 {key} 已存在；请修改该材料，或使用其他编码。',
    en: 'Material key {key} already exists; edit that material or use another key.',
  },
  bundle_shipped: {
    status: 409,
    doc: 'Publishing a composition under the key of a bundle the process library ships.',
    'zh-CN': '一件事 {key} 由流程库内置，请在流程库中修改，或以其他编码发布该组合。',
    en: 'Bundle {key} is shipped by the process library; change it there, or publish the composition under another key.',
  },
  guide_unavailable: {
    status: 409,
    doc: 'The service guide of a composed bundle cannot be generated from today’s catalogue.',
    'zh-CN': '无法根据当前事项目录生成一件事 {key} 的办事指南：{problems}',
    en: 'The service guide of {key} cannot be generated from today’s catalogue: {problems}',
  },
  username_taken: {
    status: 409,
    doc: 'A department-system account named like an existing user of another kind.',
    'zh-CN': '用户 {username} 已存在且不是部门系统账号。',
    en: 'User {username} exists and is not a department system.',
  },

  // ── Incidents (故障): retrying and migrating a stuck case ─────────────────────────────────────
  incident_not_open: {
    status: 409,
    doc: 'A retry of an incident that is resolved already; nothing to retry.',
    'zh-CN': '故障 {id} 已解决，无需重试。',
    en: 'Incident {id} is resolved already; there is nothing to retry.',
  },
  variables_not_applicable: {
    status: 422,
    doc: 'Variables sent with the retry of a job incident: a failed job re-runs as it was.',
    'zh-CN': '后台任务按原样重新执行，只有引擎故障的重试可以修改变量。',
    en: 'A failed job re-runs as it was; variables can only be edited with the retry of an engine incident.',
  },
  job_gone: {
    status: 409,
    doc: 'A retry of a job incident whose job no longer exists (it ran or was cancelled).',
    'zh-CN': '该故障对应的后台任务 {job} 已不存在。',
    en: 'The job {job} of this incident no longer exists.',
  },
  case_not_running: {
    status: 409,
    doc: 'A migration of a case that has finished (concluded, delivered or refused).',
    'zh-CN': '只有办理中的办件可以迁移到其他流程版本；该办件当前为 {status}。',
    en: 'Only a running case can move to another process version; this one is {status}.',
  },
  migration_not_newer: {
    status: 422,
    doc: 'A migration to the version the case runs or an older one.',
    'zh-CN': '办件当前运行第 {from} 版，请迁移到更新的版本。',
    en: 'The case runs version {from}; migrate it to a newer version.',
  },
  migration_refused: {
    status: 422,
    doc: 'The engine cannot move the case to that version; `details` name each element (path = element id).',
    'zh-CN': '办件无法从第 {from} 版迁移到第 {to} 版（{count} 个问题）：{problems}',
    en: 'The case cannot move from version {from} to {to} ({count} problems): {problems}',
  },

  // ── The engine refused the event (nothing changed): state conflicts 409 ───────────────────
  engine_event_not_accepted: {
    status: 409,
    doc: 'The case’s phase does not take this event (e.g. a correction answered after acceptance).',
    'zh-CN': '办件当前阶段“{phase}”不接受操作 {event}。',
    en: 'A case in phase "{phase}" does not accept {event}.',
  },
  engine_not_waiting: {
    status: 409,
    doc: 'The task the event names is not waiting in the case (completed already, cancelled).',
    'zh-CN': '办件中没有正在等待的任务 {task}，它可能已经办结。',
    en: 'No task {task} is waiting in this case; it may be completed already.',
  },
  engine_clock_event_refused: {
    status: 409,
    doc: 'The statutory clock is not in a state that takes this (resume a running clock, pause a paused one).',
    'zh-CN': '法定时限计时处于“{state}”状态，不接受 {event}。',
    en: 'A {state} clock does not accept {event}.',
  },
  engine_already_extended: {
    status: 409,
    doc: 'A second extension: the law allows one (行政许可法 Art. 42).',
    'zh-CN': '办结时限已延长过一次，法律只允许延长一次（《行政许可法》第四十二条）。',
    en: 'The limit was already extended once; the law allows one extension (Art. 42).',
  },
  engine_extension_after_expiry: {
    status: 409,
    doc: 'An extension decided after the period ran out: it must be decided within it (行政许可法 Art. 42).',
    'zh-CN': '办结期限已于 {dueDate} 届满，延期须在期限届满前决定（《行政许可法》第四十二条）。',
    en: 'The period ran out on {dueDate}; an extension must be decided within it (Licensing Law Art. 42).',
  },
  engine_incident_not_open: {
    status: 409,
    doc: 'A retry of an incident the case no longer has open (resolved or retried already).',
    'zh-CN': '该办件没有这个待处理的异常，它可能已被处理。',
    en: 'The case has no such open incident; it may be resolved already.',
  },
  engine_no_clock: {
    status: 409,
    doc: 'An extension for a process that has no statutory limit.',
    'zh-CN': '该流程没有可延长的法定办结时限。',
    en: 'This process has no statutory limit to extend.',
  },

  // ── The engine refused the event (nothing changed): semantically invalid requests 422 ────
  engine_reason_required: {
    status: 422,
    doc: 'A pause, or a refusal at intake, without its reason.',
    'zh-CN': '请填写理由。',
    en: 'A reason is required.',
  },
  engine_empty_correction_notice: {
    status: 422,
    doc: 'A correction notice (补正告知) with no corrections in it.',
    'zh-CN': '补正告知应至少列出一项需补正的内容。',
    en: 'A correction notice names at least one correction.',
  },
  engine_unknown_special_procedure: {
    status: 422,
    doc: 'A special-procedure pause that does not name a known procedure (Art. 45).',
    'zh-CN': '特别程序应为以下之一：{procedures}（《行政许可法》第四十五条）。',
    en: 'A special procedure is one of {procedures} (Art. 45).',
  },
  engine_expected_duration_required: {
    status: 422,
    doc: 'A special-procedure pause without the expected duration in working days.',
    'zh-CN': '特别程序应告知申请人预计所需的工作日数（《行政许可法》第四十五条）。',
    en: 'The applicant is told the expected duration of a special procedure in working days (Art. 45).',
  },
  engine_extension_invalid: {
    status: 422,
    doc: 'An extension outside 1–N working days, or without approver or reason.',
    'zh-CN': '延期应为 1–{maxWorkingDays} 个工作日，并有批准人和告知申请人的理由。',
    en: 'An extension needs 1–{maxWorkingDays} working days, an approver and a reason told to the applicant.',
  },
  calendar_notice_incomplete: {
    status: 422,
    doc: 'A national holiday notice that lacks a festival the 全国年节及纪念日放假办法 fixes, or has implausible make-up days; `details` name each. Nothing is loaded.',
    'zh-CN': '{year} 年节假日通知不完整，未载入：{reason}',
    en: 'The {year} holiday notice is incomplete and was not loaded: {reason}',
  },
  engine_bad_variables: {
    status: 422,
    doc: 'Event variables that are not a JSON object of names to values.',
    'zh-CN': '事件变量应为“名称→值”的 JSON 对象。',
    en: 'Event variables must be a JSON object of names to values.',
  },

  // ── Capacity (503, with Retry-After: nothing was done; retry, with the same Idempotency-Key) ──
  database_busy: {
    status: 503,
    doc: 'Every database connection of this node is held and none came free for DB_POOL_WAIT_MS (or DB_ACQUIRE_TIMEOUT_MS passed). Nothing was done; retry after `Retry-After`.',
    'zh-CN': '系统繁忙，数据库连接已全部占用，请稍后重试。',
    en: 'The system is busy (every database connection is in use); retry shortly.',
  },
  database_unavailable: {
    status: 503,
    doc: 'No database connection could be opened for DB_POOL_WAIT_MS, or the connection broke (a failover or restart). Retry after `Retry-After` with the same Idempotency-Key: a command that did commit is answered from its record.',
    'zh-CN': '暂时无法连接数据库，请稍后重试。',
    en: 'The database cannot be reached just now; retry shortly.',
  },
  statement_timeout: {
    status: 503,
    doc: 'A statement ran longer than DB_STATEMENT_TIMEOUT_MS and was cancelled; the request’s transaction rolled back. Retry after `Retry-After`.',
    'zh-CN': '处理超时，本次请求已撤销，请稍后重试。',
    en: 'The database took too long; the request was rolled back. Retry shortly.',
  },

  // ── Faults ────────────────────────────────────────────────────────────────────────────────
  internal: {
    status: 500,
    doc: 'A fault on the server (a bug, a broken model that reached a request, a lost database); it is logged. Never a refusal.',
    'zh-CN': '服务器内部错误，已记录。',
    en: 'Internal error; it has been logged.',
  },
} as const satisfies Record<string, CatalogueEntry>;

/** Every stable error code the API answers with. */
export type ErrorCode = keyof typeof errorCatalogue;

type PlaceholdersOf<T extends string> = T extends `${string}{${infer Name}}${infer Rest}`
  ? Name | PlaceholdersOf<Rest>
  : never;

/** The parameters a code's templates need, by name. */
export type ErrorParams<C extends ErrorCode> = {
  [K in PlaceholdersOf<
    (typeof errorCatalogue)[C]['zh-CN'] | (typeof errorCatalogue)[C]['en']
  >]: TemplateValue;
};

/**
 * Reasons for a `validation_failed` that a schema cannot state (a cursor this API did not give,
 * an upload that is not yours …), in both languages.
 */
export const validationReasons = {
  required: { 'zh-CN': '必填', en: 'Required' },
  notACursor: {
    'zh-CN': '不是本接口给出的游标，请使用上一页返回的 nextCursor',
    en: 'not a cursor this API gave; use nextCursor from the previous page',
  },
  notYourUpload: {
    'zh-CN': '不是你的上传文件；请先上传文件（POST /api/uploads）',
    en: 'not an upload of yours; upload the file first (POST /api/uploads)',
  },
  notAMaterialOfBundle: {
    'zh-CN': '本一件事没有事项需要此材料',
    en: 'not a material of this bundle',
  },
  tooLong: { 'zh-CN': '不能超过 {max} 个字符', en: 'at most {max} characters' },
  nulCharacter: { 'zh-CN': '不能包含空字符（U+0000）', en: 'must not contain a NUL character (U+0000)' },
  loneSurrogate: {
    'zh-CN': '含有不成对的 UTF-16 代理项，不是有效文本',
    en: 'contains an unpaired UTF-16 surrogate; not valid text',
  },
  contentTypeOneOf: { 'zh-CN': '应为以下之一：{accepted}', en: 'must be one of {accepted}' },
  icalUnparseable: {
    'zh-CN': 'iCalendar 文件无法解析：{detail}',
    en: 'The iCalendar file does not parse: {detail}',
  },
  notBefore: { 'zh-CN': '不能早于 {date}', en: 'must not be before {date}' },
  notADate: { 'zh-CN': '{date} 不是有效的日期', en: '{date} is not a calendar date' },
  notInYear: { 'zh-CN': '{date} 不在 {year} 年内', en: '{date} is not in {year}' },
  dayTwice: { 'zh-CN': '{date} 出现了两次', en: '{date} appears twice' },
  makeUpDayOnWeekday: {
    'zh-CN': '{date} 是工作日；调休上班日应在周末',
    en: '{date} is a weekday; a make-up working day falls on a weekend',
  },
  noDaysInYear: { 'zh-CN': '通知中没有 {year} 年的日期', en: 'The notice has no days in {year}' },
  festivalMissing: {
    'zh-CN': '缺少{festival}：{dates} 应为休息日',
    en: '{festival} is missing: {dates} must be days off',
  },
  tooManyMakeUpDays: {
    'zh-CN': '调休上班日过多（{count} 天，至多 {max} 天）',
    en: 'Too many make-up working days: {count}, at most {max}',
  },
  makeUpDayFarFromHoliday: {
    'zh-CN': '{date} 为调休上班日，但前后 {days} 天内没有假日',
    en: '{date} is a make-up working day with no holiday within {days} days',
  },
} as const satisfies Record<string, Messages>;

/**
 * The Chinese of the messages our zod schemas state themselves (`.min(1, 'state the reason')`),
 * by their English text: zod keeps a schema's own message whatever the locale, so
 * `validation_failed` looks the Chinese up here. A test fails when a schema message is missing.
 */
export const schemaMessages: Readonly<Record<string, string>> = {
  'username is required': '请输入用户名',
  'the BPMN document is empty': 'BPMN 文档为空',
  'name the draft': '请为草稿命名',
  'at most 500 answers': '最多 500 项答复',
  'the updatedAt the draft was opened with': '请给出打开草稿时的 updatedAt',
  'a draft is a composition or a BPMN document, not both': '草稿是组合或 BPMN 文档之一，不能同时保存两者',
  'name a draft (draftId) or a deployed version (bundleKey and version)':
    '请指定草稿（draftId）或已部署版本（bundleKey 与 version）',
  'at most 300 answers': '草稿最多保存 300 项答案',
  'at most 100 materials': '草稿最多保存 100 项材料',
  'say what was done': '请说明整改情况',
  'say why (it is kept in the audit log)': '请说明原因（记入审计日志）',
  'a variable name: letters, digits, _ . - (e.g. shop.area)':
    '变量名只能包含字母、数字、_ . -（如 shop.area）',
  'at most 100 variables at once': '一次最多修改 100 个变量',
  'not an incident id': '不是有效的故障编号',
  'leave out for a job incident': '后台任务故障不能修改变量，请去掉此项',
  'password is required': '请输入密码',
  'at least 12 characters': '至少 12 个字符',
  'a region code like CN or CN-BJ': '地区编码形如 CN 或 CN-BJ',
  'lower-case letters, digits, - and _ (2–40)': '小写字母、数字、- 和 _（2–40 位）',
  'a clerk belongs to a department': '窗口人员必须属于一个部门',
  'the sha256 of the file you viewed (attachment.upload.sha256)':
    '请给出你所查看文件的 sha256（attachment.upload.sha256）',
  'not a bundle key': '不是有效的一件事编码',
  'not an item code': '不是有效的事项编码',
  '事项编码: letters, digits and -': '事项编码只能包含字母、数字和 -',
  'a step key: letters and digits': '环节标识只能包含字母和数字，且以字母开头',
  'a key: <topic>.<name> or item<code>.<name>':
    '字段标识应为 <主题>.<名称>（字典字段）或 item<事项编码>.<名称>（本事项专属字段）',
  'bundleKey is required': '请给出一件事编码 bundleKey',
  'not a material key': '不是有效的材料编码',
  'a file name without folders': '文件名不能包含目录',
  required: '必填',
  'the lead department (牵头部门) is required': '请指定牵头部门',
  'an empty condition: leave it out for an item that always applies':
    '条件为空：总是适用的事项请不要填写条件',
  'a bundle needs at least one item': '一件事至少包含一个事项',
  'name the material or field': '请写明材料或字段',
  'say what is wrong': '请说明问题所在',
  'a correction notice lists every correction at once, at least one':
    '补正告知应一次性列出全部补正内容，至少一项',
  'state the reason': '请填写理由',
  'state the reason told to the applicant': '请填写告知申请人的理由',
  'which special procedure (Art. 45)': '请指明哪一种特别程序（《行政许可法》第四十五条）',
  'the expected duration told to the applicant, in working days': '请填写告知申请人的预计所需工作日数',
  'the result of the special procedure': '请填写特别程序的结果',
  'the reason told to the applicant': '请填写告知申请人的理由',
  'an 11-digit mainland mobile number': '请填写 11 位手机号码',
  'the message to the clerk': '请填写给经办人的督促内容',
  'Send either days or ics': '请提供 days 或 ics 其中之一',
  'name the system, e.g. 消防监督管理系统': '请填写系统名称，例如：消防监督管理系统',
  'a bundle key starts with a lowercase letter: letters, digits, -':
    '一件事编码以小写字母开头，只含字母、数字和 -',
  'must be YYYY-MM-DD': '应为 YYYY-MM-DD 格式的日期',
  'a region is CN or CN-<code>, e.g. CN-GD': '地区应为 CN 或 CN-<代码>，例如 CN-GD',
  'must be a UUID': '应为 UUID',
  'an item code (事项编码)': '应为事项编码（数字）',
  'must be a postgres:// or postgresql:// URL': '应为 postgres:// 或 postgresql:// 开头的数据库地址',
  'must be an upload id': '应为上传文件的 id',
};

/**
 * The composer's and the catalogue checker's problems (process-library `CatalogueIssue`) in
 * Chinese, by issue code: `item` when the issue names items, `bundle` when it is about the bundle.
 * Their English is the issue's own message, which says more (the parse error, the limits).
 */
export const catalogueIssueChinese = {
  cycle: { bundle: '一件事 {bundle} 的前置关系构成循环（{items}）；请删除其中一条前置关系。' },
  unknownItem: { item: '事项 {items} 不在事项目录中；请添加该事项或修正事项编码。' },
  duplicateItem: { item: '事项 {items} 重复列出；每个事项只列一次，事项编码必须唯一。' },
  unknownPrerequisite: {
    item: '前置关系引用了本一件事未列出的事项 {items}；请将其加入一件事或删除该前置关系。',
  },
  unknownField: {
    item: '事项 {items} 读取的字段 {field} 不在字段字典中；请改用字典字段，或命名为本事项专属字段 item<事项编码>.<名称>。',
    bundle: '适用条件读取的字段 {field} 不在字段字典中；请在字典中添加或修正条件。',
  },
  unknownMaterial: { item: '事项 {items} 要求的材料不在材料字典中。' },
  fieldConflict: { item: '字段 {field} 在事项 {items} 中定义不一致；请都采用字段字典中的定义。' },
  invalidField: {
    item: '事项 {items} 的字段 {field} 不符合表单规则（取值范围、长度、正则或选项）；请按提示修正。',
  },
  invalidCondition: {
    item: '事项 {items} 的适用条件 {condition} 无法使用：FEEL 语法错误、超出支持的 FEEL 子集或计算量超出预算；请按提示修正条件。',
  },
  promisedExceedsStatutory: {
    item: '事项 {items} 的承诺时限超过法定时限；承诺时限不得超过法定时限。',
    bundle: '一件事 {bundle} 的承诺时限超过联办法定时限；承诺时限不得超过法定时限。',
  },
  mixedLimitUnits: {
    item: '事项 {items} 的承诺时限与法定时限单位不同，无法比较；请人工核对或统一单位。',
    bundle: '一件事 {bundle} 的承诺时限与法定时限单位不同，无法比较；请人工核对或统一单位。',
  },
  invalidLimit: {
    item: '事项 {items} 的时限应为正整数。',
    bundle: '一件事 {bundle} 的延期时限与联办时限单位不同；请使用相同单位。',
  },
  missingDepartment: {
    item: '事项 {items} 没有实施机关或办理部门；请设置负责办理的部门。',
    bundle: '一件事 {bundle} 没有牵头部门；请设置负责受理的部门。',
  },
  unknownDepartment: {
    item: '事项 {items} 指定的部门不存在；请添加该部门或修正部门编码。',
    bundle: '一件事 {bundle} 指定的牵头部门不存在；请修正部门编码。',
  },
} as const satisfies Record<CatalogueIssueCode, { item?: string; bundle?: string }>;

/** A catalogue issue in both languages; one Chinese cannot word falls back to its English. */
export function catalogueIssueMessages(issue: CatalogueIssue): Messages {
  const templates: { item?: string; bundle?: string } = catalogueIssueChinese[issue.code] ?? {};
  const items = issue.itemCodes ?? [];
  const template = (items.length > 0 ? templates.item : undefined) ?? templates.bundle ?? templates.item;
  const chinese = template
    ? fillTemplate(
        template,
        {
          items: items.join('、'),
          bundle: issue.bundleKey ?? '',
          field: issue.fieldKey ?? '',
          condition: issue.condition ? `“${issue.condition}”` : '',
        },
        'zh-CN',
      )
    : issue.message;
  return { 'zh-CN': chinese, en: issue.message };
}

/** Things that can be `not_found`, named in both languages. */
export const things = {
  case: { 'zh-CN': '办件', en: 'Case' },
  task: { 'zh-CN': '任务', en: 'Task' },
  bundle: { 'zh-CN': '一件事', en: 'Bundle' },
  composition: { 'zh-CN': '一件事组合', en: 'Composition of bundle' },
  item: { 'zh-CN': '事项', en: 'Item' },
  department: { 'zh-CN': '部门', en: 'Department' },
  apiKey: { 'zh-CN': 'API 密钥', en: 'API key' },
  upload: { 'zh-CN': '上传文件', en: 'Upload' },
  caseMaterial: { 'zh-CN': '办件材料', en: 'Case material' },
  process: { 'zh-CN': '已部署流程', en: 'Deployed process' },
  incident: { 'zh-CN': '故障', en: 'Incident' },
  route: { 'zh-CN': '接口', en: 'Route' },
  document: { 'zh-CN': '文书', en: 'Document' },
  notification: { 'zh-CN': '消息', en: 'Notification' },
  user: { 'zh-CN': '用户', en: 'User' },
  draft: { 'zh-CN': '草稿', en: 'Draft' },
  material: { 'zh-CN': '材料', en: 'Material' },
  rectification: { 'zh-CN': '整改', en: 'Rectification' },
} as const satisfies Record<string, Messages>;
export type Thing = keyof typeof things;

/** Optional parts of a message, filled in where they apply. */
export const messageFragments = {
  /** `no_subscriber`: the correlation key the message came with. */
  withCorrelation: { 'zh-CN': '（关联键 {correlation}）', en: ' with correlation {correlation}' },
} as const satisfies Record<string, Messages>;

/** What a case in the wrong state was asked to do, for `case_not_in_progress`. */
export const caseActions = {
  pause: { 'zh-CN': '暂停计时', en: 'pause its clock' },
  extend: { 'zh-CN': '延期', en: 'be extended' },
} as const satisfies Record<string, Messages>;

/** Names of task and case states, for messages like "the task is already completed". */
export const stateNames: Record<string, Messages> = {
  open: { 'zh-CN': '待办', en: 'open' },
  claimed: { 'zh-CN': '被认领', en: 'claimed' },
  completed: { 'zh-CN': '办结', en: 'completed' },
  cancelled: { 'zh-CN': '取消', en: 'cancelled' },
  preReview: { 'zh-CN': '预审中', en: 'in pre-review' },
  correction: { 'zh-CN': '补正中', en: 'waiting for corrections' },
  inProgress: { 'zh-CN': '办理中', en: 'in progress' },
  concluded: { 'zh-CN': '已办结', en: 'concluded' },
  delivered: { 'zh-CN': '已出件', en: 'delivered' },
  rejected: { 'zh-CN': '不予受理', en: 'rejected' },
  withdrawn: { 'zh-CN': '已撤回', en: 'withdrawn' },
  decided: { 'zh-CN': '已作出许可决定', en: 'decided' },
  draft: { 'zh-CN': '草稿', en: 'draft' },
  routing: { 'zh-CN': '分派中', en: 'routing' },
  // The statutory clock
  notStarted: { 'zh-CN': '未开始', en: 'not started' },
  running: { 'zh-CN': '计时中', en: 'running' },
  paused: { 'zh-CN': '已暂停', en: 'paused' },
  stopped: { 'zh-CN': '已停止', en: 'stopped' },
};

/** A state's name in both languages; an unknown one is shown as it is. */
export const stateName = (state: string): Messages => stateNames[state] ?? { 'zh-CN': state, en: state };

const isMessages = (value: TemplateValue): value is Messages => typeof value === 'object';

/** Fills `{name}` placeholders; a bilingual value is taken in `language`; a missing one stays visible. */
export function fillTemplate(
  template: string,
  params: Readonly<Record<string, TemplateValue>>,
  language: Language,
): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return isMessages(value) ? value[language] : String(value);
  });
}

/** A template in both languages filled in both languages. */
export function fillBoth(
  templates: Messages,
  params: Readonly<Record<string, TemplateValue>> = {},
): Messages {
  return {
    'zh-CN': fillTemplate(templates['zh-CN'], params, 'zh-CN'),
    en: fillTemplate(templates.en, params, 'en'),
  };
}

/** The catalogue's messages for `code` with its parameters filled in. */
export function catalogueMessages<C extends ErrorCode>(
  code: C,
  params: Readonly<Record<string, TemplateValue>>,
): Messages {
  return fillBoth(errorCatalogue[code], params);
}

/** A list (of roles, item codes …) joined the way each language writes lists. */
export function listOf(values: readonly string[]): Messages {
  return { 'zh-CN': values.join('、'), en: values.join(', ') };
}
