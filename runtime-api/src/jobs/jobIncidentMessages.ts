import { IncidentError, type IncidentMessages, RunError } from '@yijian/engine';
import { ApiError, engineRefusal } from '../http/errors';
import type { JobKind } from './jobQueries';

/** What each job does, as an operator calls it. */
const JOB_NAMES: Record<JobKind, IncidentMessages> = {
  'task.remind': { zh: '步骤到期提醒', en: 'step reminder' },
  'task.urge': { zh: '步骤催办', en: 'step urging (催办)' },
  'task.supervise': { zh: '步骤督办', en: 'step supervision (督办)' },
  'item.remind': { zh: '事项到期提醒', en: 'item reminder' },
  'item.urge': { zh: '事项催办', en: 'item urging (催办)' },
  'item.supervise': { zh: '事项督办', en: 'item supervision (督办)' },
  'case.remind': { zh: '办件到期提醒', en: 'case reminder' },
  'case.urge': { zh: '办件催办', en: 'case urging (催办)' },
  'case.supervise': { zh: '办件督办', en: 'case supervision (督办)' },
  'case.timer': { zh: '流程定时器', en: 'process timer' },
  'case.document': { zh: '生成办件文书', en: 'case document' },
  'calendar.check': { zh: '节假日安排检查', en: 'holiday notice check' },
};

/**
 * The last error of a job in both languages: our own errors carry both (an engine incident or
 * refusal, an API error); anything else — a driver's or another system's text — is shown as it
 * came, in both.
 */
export function errorMessages(error: Error): IncidentMessages {
  if (error instanceof IncidentError) return error.messages;
  const api = error instanceof ApiError ? error : error instanceof RunError ? engineRefusal(error) : null;
  if (api) return { zh: api.messages['zh-CN'], en: api.messages.en };
  const text = error.message || String(error);
  return { zh: text, en: text };
}

/**
 * The incident of a job that ran out of attempts (`job_failed`), in zh-CN and English: which job,
 * how often it failed, its last error, and what to do.
 */
export function jobFailedMessages(kind: string, attempts: number, error: Error): IncidentMessages {
  const name = JOB_NAMES[kind as JobKind] ?? { zh: kind, en: kind };
  const why = errorMessages(error);
  return {
    en: `The job ${kind} (${name.en}) failed ${attempts} times: ${why.en.slice(0, 2000)}; fix the cause, then retry it.`,
    zh: `后台作业“${name.zh}”（${kind}）已失败 ${attempts} 次：${why.zh.slice(0, 2000)}；请排除原因后重试。`,
  };
}
