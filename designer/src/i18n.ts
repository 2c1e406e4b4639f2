/**
 * User-facing text, zh-CN first, English second. A dictionary small enough to read in one go; keys
 * are typed so a missing translation is a compile error. `{name}` placeholders are filled by `t()`.
 */
import { createContext, useContext } from 'react';
import { accountMessages } from './accountsI18n';
import { adminMessages } from './adminI18n';
import type { LocalizedName } from './api';
import { applicantMessages } from './applicantI18n';
import { decisionMessages } from './decisionsI18n';
import { doneTaskMessages } from './doneTasksI18n';
import { catalogueMessages, formDesignerMessages } from './formsI18n';
import { inboxMessages } from './inboxI18n';
import { incidentMessages } from './incidentsI18n';
import { lifecycleMessages } from './lifecycleI18n';
import { materialMessages } from './materialsI18n';
import { modelerMessages } from './modelerI18n';
import { monitorMessages } from './monitorI18n';
import { rectificationMessages } from './rectificationsI18n';
import { resultMessages } from './resultsI18n';
import { studioMessages } from './studioI18n';

export type Lang = 'zh' | 'en';

const messages = {
  ...accountMessages,
  ...adminMessages,
  ...formDesignerMessages,
  ...catalogueMessages,
  ...applicantMessages,
  ...materialMessages,
  ...resultMessages,
  ...lifecycleMessages,
  ...decisionMessages,
  ...doneTaskMessages,
  ...inboxMessages,
  ...incidentMessages,
  ...studioMessages,
  ...monitorMessages,
  ...rectificationMessages,
  ...modelerMessages,
  'app.name': { zh: '一件 Yijian', en: 'Yijian' },
  'app.tagline': { zh: '一件事一次办 · 跨部门协同办理', en: 'One thing, done once — across departments' },
  'lang.switch': { zh: 'English', en: '中文' },
  'lang.switchTitle': { zh: '切换语言', en: 'Switch language' },
  // The API's name of the current language, to pick a server message in it (errors.ts).
  'lang.api': { zh: 'zh-CN', en: 'en' },

  'nav.apply': { zh: '办事', en: 'Apply' },
  'nav.myCases': { zh: '我的办件', en: 'My cases' },
  'nav.inbox': { zh: '待办', en: 'Inbox' },
  'nav.monitor': { zh: '监察', en: 'Monitor' },
  'header.logout': { zh: '退出', en: 'Log out' },

  'role.applicant': { zh: '申请人', en: 'Applicant' },
  'role.clerk': { zh: '经办人', en: 'Clerk' },
  'role.manager': { zh: '监察人员', en: 'Manager' },
  'role.admin': { zh: '管理员', en: 'Administrator' },
  'role.designer': { zh: '流程设计', en: 'Process designer' },
  'role.system': { zh: '部门系统', en: 'Department system' },

  'login.title': { zh: '登录', en: 'Sign in' },
  'login.username': { zh: '用户名', en: 'Username' },
  'login.password': { zh: '密码', en: 'Password' },
  'login.submit': { zh: '登录', en: 'Sign in' },
  'login.usernameRequired': { zh: '请输入用户名', en: 'Enter your username' },
  'login.passwordRequired': { zh: '请输入密码', en: 'Enter your password' },
  'login.demoTitle': { zh: '演示账号', en: 'Demo accounts' },
  'login.demoHint': {
    zh: '点击一行即可填入表单，密码均为 {password}',
    en: 'Click a row to fill the form; every password is {password}',
  },
  'login.welcome': { zh: '欢迎，{name}', en: 'Welcome, {name}' },
  'col.username': { zh: '用户名', en: 'Username' },
  'col.displayName': { zh: '姓名', en: 'Name' },
  'col.role': { zh: '角色', en: 'Role' },
  'col.department': { zh: '部门', en: 'Department' },

  'apply.title': { zh: '选择要办理的一件事', en: 'Choose a bundle to apply for' },
  'apply.intro': {
    zh: '关联事项一表申请、一窗受理、并联办理、统一出件。',
    en: 'Linked items in one form, one intake window, parallel processing, one reply.',
  },
  'apply.empty': { zh: '暂无可办理的一件事', en: 'No bundles are available yet' },
  'bundle.leadDepartment': { zh: '牵头部门', en: 'Lead department' },
  'bundle.items': { zh: '包含事项', en: 'Items' },
  'bundle.limit': { zh: '办结时限', en: 'Time limit' },
  'bundle.open': { zh: '开始办理', en: 'Start application' },
  'limit.kind.statutory': { zh: '法定', en: 'statutory' },
  'limit.kind.promised': { zh: '承诺', en: 'promised' },
  'limit.workingDays': { zh: '{n} 个工作日', en: '{n} working days' },
  'limit.calendarDays': { zh: '{n} 日', en: '{n} calendar days' },
  'limit.calendarMonths': { zh: '{n} 个月', en: '{n} months' },

  'form.title': { zh: '一表申请：{name}', en: 'Combined form: {name}' },
  'form.submit': { zh: '提交申请', en: 'Submit application' },
  'form.step.fields': { zh: '填写信息', en: 'Details' },
  'form.step.materials': { zh: '材料', en: 'Materials' },
  'form.step.confirm': { zh: '确认提交', en: 'Confirm and submit' },
  'form.step.next': { zh: '下一步', en: 'Next' },
  'form.step.prev': { zh: '上一步', en: 'Back' },
  'form.step.confirmText': {
    zh: '请核对以上各步填写的信息和材料，确认无误后提交。',
    en: 'Check the details and materials of the previous steps, then submit.',
  },
  'form.selectPlaceholder': { zh: '请选择', en: 'Select…' },
  'form.yes': { zh: '是', en: 'Yes' },
  'form.no': { zh: '否', en: 'No' },
  'form.submitted': { zh: '已提交，办件编号 {caseNumber}', en: 'Submitted — case number {caseNumber}' },
  'form.fixErrors': {
    zh: '请按提示修改后重新提交',
    en: 'Please correct the highlighted fields and submit again',
  },

  'cases.title': { zh: '我的办件', en: 'My cases' },
  'cases.empty': { zh: '还没有办件', en: 'No cases yet' },
  'case.number': { zh: '办件编号', en: 'Case number' },
  'case.bundle': { zh: '一件事', en: 'Bundle' },
  'case.applicant': { zh: '申请人', en: 'Applicant' },
  'case.filedAt': { zh: '申请时间', en: 'Filed at' },
  'case.status': { zh: '状态', en: 'Status' },
  'case.deadline': { zh: '时限', en: 'Deadline' },
  'case.dueDate': { zh: '办结期限', en: 'Due date' },
  'case.remaining': { zh: '剩余工作日', en: 'Working days left' },
  'case.light': { zh: '预警', en: 'Light' },
  'case.openSteps': { zh: '在办环节', en: 'Open steps' },
  'case.status.inProgress': { zh: '办理中', en: 'In progress' },
  'case.status.concluded': { zh: '已办结', en: 'Concluded' },
  'case.provisional': { zh: '暂定', en: 'Provisional' },
  'case.provisionalHint': {
    zh: '期限落入节假日安排尚未载入的年份，暂按周末和法定节日计算（调休未知），载入通知后将重新计算。',
    en: 'The deadline reaches into a year whose holiday notice is not loaded; it is counted with weekends and the statutory holidays (make-up working days unknown) and will be recomputed.',
  },
  'case.daysLeft': { zh: '剩余 {n} 个工作日', en: '{n} working days left' },
  'case.oneDayLeft': { zh: '剩余 1 个工作日', en: '1 working day left' },
  'case.dueToday': { zh: '今日到期', en: 'Due today' },
  'case.daysOverdue': { zh: '超期 {n} 个工作日', en: '{n} working days overdue' },
  'case.oneDayOverdue': { zh: '超期 1 个工作日', en: '1 working day overdue' },
  'case.form': { zh: '申请信息', en: 'Application' },
  'case.tasks': { zh: '办理环节', en: 'Steps' },
  'case.timeline': { zh: '办理记录', en: 'Timeline' },
  'case.viewDiagram': { zh: '查看流程图', en: 'View diagram' },
  'case.justFiled': {
    zh: '提交成功！办件编号 {caseNumber}，请留存以便查询。',
    en: 'Submitted! Your case number is {caseNumber}; keep it to track your case.',
  },

  'light.green': { zh: '绿灯', en: 'Green' },
  'light.yellow': { zh: '黄牌', en: 'Yellow' },
  'light.red': { zh: '红牌', en: 'Red' },

  'task.name': { zh: '环节', en: 'Step' },
  'task.department': { zh: '部门', en: 'Department' },
  'task.status': { zh: '状态', en: 'Status' },
  'task.assignee': { zh: '经办人', en: 'Assignee' },
  'task.createdAt': { zh: '开始时间', en: 'Started' },
  'task.dueAt': { zh: '环节期限', en: 'Step due' },
  'task.completedAt': { zh: '办结时间', en: 'Completed' },
  'task.status.open': { zh: '待认领', en: 'Open' },
  'task.status.claimed': { zh: '已认领', en: 'Claimed' },
  'task.status.completed': { zh: '已办结', en: 'Completed' },
  'task.status.cancelled': { zh: '已取消', en: 'Cancelled' },
  'task.overdue': { zh: '已超期', en: 'Overdue' },

  'timeline.case.filed': { zh: '{actor} 提交了申请', en: '{actor} filed the application' },
  'timeline.task.created': {
    zh: '生成环节「{step}」（{department}）',
    en: 'Step “{step}” opened ({department})',
  },
  'timeline.task.claimed': { zh: '{actor} 认领了「{step}」', en: '{actor} claimed “{step}”' },
  'timeline.task.completed': { zh: '{actor} 办结了「{step}」', en: '{actor} concluded “{step}”' },
  'timeline.task.urged': {
    zh: '「{step}」已超期，向{department}发出催办',
    en: '“{step}” is overdue: {department} urged',
  },
  'timeline.task.supervised': {
    zh: '「{step}」超期未办，已督办',
    en: '“{step}” still overdue: escalated to the supervisor',
  },
  'timeline.case.concluded': { zh: '办件已办结', en: 'Case concluded' },
  'timeline.other': { zh: '事件 {type}', en: 'Event {type}' },
  'timeline.comment': { zh: '意见：{comment}', en: 'Comment: {comment}' },
  'timeline.system': { zh: '系统', en: 'System' },

  'inbox.title': { zh: '待办', en: 'Inbox' },
  'inbox.pickDepartment': { zh: '选择部门', en: 'Choose a department' },
  'inbox.loadMore': { zh: '加载更多', en: 'Load more' },
  'inbox.claim': { zh: '认领', en: 'Claim' },
  'inbox.complete': { zh: '办结', en: 'Approve' },
  'inbox.claimed': { zh: '已认领「{step}」', en: 'Claimed “{step}”' },
  'inbox.completed': { zh: '已办结「{step}」', en: 'Approved “{step}”' },
  'inbox.completeTitle': { zh: '办结环节「{step}」', en: 'Approve step “{step}”' },
  'inbox.outcome': { zh: '办理结果', en: 'Outcome' },
  'inbox.outcomeApproved': { zh: '通过', en: 'Approved' },
  'inbox.comment': { zh: '审批意见', en: 'Comment' },
  'inbox.commentPlaceholder': { zh: '选填', en: 'Optional' },
  'inbox.confirm': { zh: '确认办结', en: 'Approve' },
  'inbox.empty': { zh: '暂无待办', en: 'Nothing in the queue' },

  'monitor.title': { zh: '效能监察', en: 'Monitor' },
  'monitor.calendarWarningHint': {
    zh: '请管理员在“节假日日历”载入国务院办公厅的放假通知；载入后所有期限、提醒和催办将自动重算。',
    en: 'An admin should load the State Council holiday notice; every deadline, reminder and urging is then recomputed.',
  },
  'monitor.open': { zh: '在办办件', en: 'Open cases' },
  'monitor.yellow': { zh: '黄牌预警', en: 'Yellow lights' },
  'monitor.red': { zh: '红牌超期', en: 'Red lights' },
  'monitor.all': { zh: '全部', en: 'All' },
  'monitor.diagrams': { zh: '一件事流程图', en: 'Bundle diagrams' },
  'monitor.diagram': { zh: '流程图', en: 'Diagram' },
  'monitor.empty': { zh: '没有在办办件', en: 'No open cases' },

  'diagram.title': { zh: '流程图：{name}', en: 'Diagram: {name}' },
  'diagram.case': { zh: '办件 {caseNumber}', en: 'Case {caseNumber}' },
  'diagram.legendOpen': { zh: '在办环节', en: 'Open step' },
  'diagram.legendDone': { zh: '已办结环节', en: 'Completed step' },
  'diagram.fit': { zh: '适应画布', en: 'Fit to view' },
  'diagram.loadFailed': { zh: '流程图加载失败', en: 'Could not load the diagram' },

  'nav.compose': { zh: '组合事项', en: 'Compose bundle' },
  'bundle.guide': { zh: '办事指南', en: 'Service guide' },

  'guide.title': { zh: '办事指南：{name}', en: 'Service guide: {name}' },
  'guide.leadDepartment': { zh: '牵头部门', en: 'Lead department' },
  'guide.departments': { zh: '涉及部门', en: 'Departments' },
  'guide.jointLimit': { zh: '联合办理时限', en: 'Joint time limit' },
  'guide.jointLimitText': {
    zh: '{limit}（经批准可延长一次，最长 {extension}）',
    en: '{limit} (one extension of up to {extension} with approval)',
  },
  'guide.promisedLimit': { zh: '承诺办结时限', en: 'Promised limit' },
  'guide.visits': { zh: '到办事地点次数', en: 'Visits to the office' },
  'guide.visitsValue': { zh: '{n} 次', en: '{n}' },
  'guide.online': { zh: '0 次（全程网办）', en: 'None (fully online)' },
  'guide.fees': { zh: '收费', en: 'Fees' },
  'guide.free': { zh: '不收费', en: 'Free of charge' },
  'guide.totalFees': { zh: '合计 {amount} 元', en: 'Total ¥{amount}' },
  'guide.items': { zh: '包含事项', en: 'Items' },
  'guide.item': { zh: '事项', en: 'Item' },
  'guide.itemCode': { zh: '事项编码', en: 'Item code' },
  'guide.department': { zh: '实施机关', en: 'Department' },
  'guide.type': { zh: '事项类型', en: 'Type' },
  'guide.legalBasis': { zh: '设定依据', en: 'Legal basis' },
  'guide.legalBasisLead': { zh: '设定依据：', en: 'Legal basis:' },
  'guide.statutory': { zh: '法定时限', en: 'Statutory limit' },
  'guide.promised': { zh: '承诺时限', en: 'Promised limit' },
  'guide.none': { zh: '无', en: 'none' },
  'guide.handling.immediate': { zh: '即办件', en: 'on the spot' },
  'guide.handling.promised': { zh: '承诺件', en: 'within the promised limit' },
  'guide.condition': { zh: '办理情形', en: 'When' },
  'guide.always': { zh: '均需办理', en: 'Always' },
  'guide.after': { zh: '前置事项', en: 'After' },
  'guide.result': { zh: '办理结果', en: 'Result' },
  'guide.materials': { zh: '申请材料', en: 'Materials' },
  'guide.materialsHint': {
    zh: '同一材料只需提交一次，供所有需要它的事项共用；可用电子证照的无需提交纸质材料。',
    en: 'Each material is handed in once for every item that needs it; an e-licence replaces the paper.',
  },
  'guide.material': { zh: '材料名称', en: 'Material' },
  'guide.requirement': { zh: '要求', en: 'Requirement' },
  'guide.required': { zh: '必要', en: 'Required' },
  'guide.secondary': { zh: '容缺', en: 'May follow later' },
  'guide.copies': { zh: '原件/复印件', en: 'Originals / copies' },
  'guide.copiesValue': {
    zh: '原件 {originals} 份，复印件 {copies} 份',
    en: '{originals} original(s), {copies} copies',
  },
  'guide.eLicence': { zh: '可用电子证照', en: 'E-licence accepted' },
  'guide.trustLevel': { zh: '{level} 级', en: 'level {level}' },
  'guide.neededBy': { zh: '所需事项', en: 'Needed by' },
  'guide.providedBy': { zh: '由「{item}」结果自动提供', en: 'provided by “{item}”' },
  'guide.providedInChain': { zh: '无需提交', en: 'No upload needed' },
  'guide.feeItem': { zh: '收费项目', en: 'Fee' },
  'guide.feeAmount': { zh: '金额（元）', en: 'Amount (¥)' },
  'guide.feeBasis': { zh: '收费依据', en: 'Basis' },
  'guide.apply': { zh: '开始办理', en: 'Start application' },
  'guide.diagram': { zh: '流程图', en: 'Diagram' },
  'guide.specialProcedures': { zh: '特别程序', en: 'Special procedures' },

  'compose.title': { zh: '组合事项：生成一件事', en: 'Compose a bundle from catalogue items' },
  'compose.intro': {
    zh: '从事项目录中选择事项，设定前置关系和办理情形，预览流程图后一次发布。发布即部署新版本，办事指南自动生成。',
    en: 'Pick items from the catalogue, set their order and conditions, preview the diagram, then publish in one step. Publishing deploys a new version and generates the service guide.',
  },
  'compose.basics': { zh: '基本信息', en: 'Bundle' },
  'compose.template': { zh: '以现有一件事为起点', en: 'Start from an existing bundle' },
  'compose.templateShipped': {
    zh: '「{name}」由事项库内置，将以新标识 {key} 另存为新的一件事',
    en: '“{name}” ships with the catalogue; it will be saved as a new bundle under {key}',
  },
  'compose.key': { zh: '标识', en: 'Key' },
  'compose.keyHint': { zh: '英文字母开头，如 bakery', en: 'Starts with a letter, e.g. bakery' },
  'compose.nameZh': { zh: '名称（中文）', en: 'Name (Chinese)' },
  'compose.nameEn': { zh: '名称（英文）', en: 'Name (English)' },
  'compose.descriptionZh': { zh: '说明（中文）', en: 'Description (Chinese)' },
  'compose.descriptionEn': { zh: '说明（英文）', en: 'Description (English)' },
  'compose.lead': { zh: '牵头部门', en: 'Lead department' },
  'compose.promised': { zh: '承诺时限（工作日，选填）', en: 'Promised limit (working days, optional)' },
  'compose.items': { zh: '事项', en: 'Items' },
  'compose.pickItems': { zh: '搜索事项名称或编码并添加', en: 'Search items by name or code to add them' },
  'compose.when': { zh: '办理情形（FEEL，留空为均需办理）', en: 'Applies when (FEEL; empty = always)' },
  'compose.whenPlaceholder': { zh: '例如 shop.area > 300', en: 'e.g. shop.area > 300' },
  'compose.whenInvalid': {
    zh: '该条件无法使用（FEEL 语法错误、超出支持的子集或计算量超出预算），发布时会被拒绝：',
    en: 'This condition cannot be used; publishing would refuse it: ',
  },
  'compose.after': { zh: '在以下事项办结后', en: 'After these items' },
  'compose.fieldsHint': { zh: '可用于办理情形的字段：', en: 'Fields a condition can read:' },
  'compose.remove': { zh: '移除', en: 'Remove' },
  'compose.preview': { zh: '预览', en: 'Preview' },
  'compose.publish': { zh: '发布', en: 'Publish' },
  'compose.previewTitle': { zh: '流程图预览', en: 'Diagram preview' },
  'compose.previewEmpty': { zh: '点击“预览”生成流程图', en: 'Press “Preview” to compose the diagram' },
  'compose.previewSummary': {
    zh: '{items} 个事项，{departments} 个部门，{materials} 种材料，表单 {fields} 个字段',
    en: '{items} items, {departments} departments, {materials} materials, {fields} form fields',
  },
  'compose.refused': { zh: '无法组合', en: 'Cannot compose this bundle' },
  'compose.published': {
    zh: '已发布「{name}」第 {version} 版',
    en: 'Published “{name}”, version {version}',
  },
  'compose.unchanged': {
    zh: '与第 {version} 版相同，未生成新版本',
    en: 'Same as version {version}; no new version deployed',
  },
  'compose.openGuide': { zh: '查看办事指南', en: 'Open the service guide' },
  'compose.openDiagram': { zh: '查看流程图', en: 'Open the diagram' },
  'compose.stale': { zh: '内容已修改，请重新预览', en: 'Changed since the preview; preview again' },

  /** Between the names of a list: 、 in Chinese, a comma in English. */
  'common.listSeparator': { zh: '、', en: ', ' },
  'common.actions': { zh: '操作', en: 'Actions' },
  'common.view': { zh: '查看', en: 'View' },
  'common.back': { zh: '返回', en: 'Back' },
  'common.cancel': { zh: '取消', en: 'Cancel' },
  'common.refresh': { zh: '刷新', en: 'Refresh' },
  // A label and its value: Chinese takes the full-width colon with no space (GB/T 15834).
  'common.labelled': { zh: '{label}：{value}', en: '{label}: {value}' },
  // A message and what it complained about: full-width brackets and semicolons in Chinese.
  'common.withDetails': { zh: '{message}（{details}）', en: '{message} ({details})' },
  'common.detailSeparator': { zh: '；', en: '; ' },
  'common.retry': { zh: '重试', en: 'Retry' },
  'common.error': { zh: '出错了', en: 'Something went wrong' },
  'common.networkError': { zh: '无法连接服务器', en: 'Cannot reach the server' },
  'common.notFound': { zh: '页面不存在', en: 'Page not found' },
  'common.home': { zh: '返回首页', en: 'Go home' },
} as const satisfies Record<string, LocalizedName>;

export type MessageKey = keyof typeof messages;
export type Vars = Record<string, string | number>;
export type Translate = (key: MessageKey, vars?: Vars) => string;

/** Looks a key up for `lang` and fills `{name}` placeholders; unknown placeholders stay visible. */
export function translate(lang: Lang, key: MessageKey, vars?: Vars): string {
  const text: string = messages[key][lang];
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/**
 * Joins a label and its value as the current language writes it: "申请时间：2026-11-27" in
 * Chinese, "Filed at: 2026-11-27" in English. Use it (or `<Labelled>` for a non-text value)
 * instead of writing `{label}: ` by hand.
 */
export const labelled = (t: Translate, label: string, value: string | number = ''): string =>
  t('common.labelled', { label, value });

const LANG_KEY = 'yj.lang';

/** zh-CN unless the user switched to English before. */
/** A form option's label in `lang`: its English when the catalogue gives one, else as written. */
export const optionLabel = (lang: Lang, option: { label: string; labelEn?: string }): string =>
  lang === 'en' ? (option.labelEn ?? option.label) : option.label;

export function initialLang(): Lang {
  return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh';
}

export function persistLang(lang: Lang): void {
  localStorage.setItem(LANG_KEY, lang);
}

/** The API's name of a language (its Accept-Language and error `messages` keys). */
export const apiLanguage = (lang: Lang): 'zh-CN' | 'en' => (lang === 'en' ? 'en' : 'zh-CN');

/** What the API client sends as Accept-Language: the language the user chose (stored on switching). */
export function acceptLanguage(): string {
  return apiLanguage(initialLang());
}

export interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Translate;
  /** Picks the current language from a `{ zh, en }` name coming from the API. */
  pick: (name: LocalizedName | null | undefined) => string;
}

export const I18nContext = createContext<I18n | null>(null);

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n() must be used inside <I18nProvider>; wrap the app in it in main.tsx');
  return ctx;
}

/** The translate function for the current language. */
export function useT(): Translate {
  return useI18n().t;
}
