import { IncidentError, RunError } from '@yijian/engine';
import { describe, expect, it } from 'vitest';
import { notFound } from '../src/http/errors';
import { incidentMessagesOf } from '../src/incidents/incidentQueries';
import { jobFailedMessages } from '../src/jobs/jobIncidentMessages';
import { presentTimelineEntry } from '../src/presenters';

const timelineRow = (type: string, payload: Record<string, unknown>) =>
  ({
    seq: 7,
    type,
    at: new Date('2026-03-02T02:00:00Z'),
    actor_id: null,
    actor_name: null,
    element_id: 'Gateway_1',
    payload,
  }) as unknown as Parameters<typeof presentTimelineEntry>[0];

describe('An incident’s sentence as the API presents it', () => {
  it('should give both languages as stored', () => {
    const messages = { zh: '条件……不是真或假', en: 'The condition … not true or false' };
    expect(incidentMessagesOf({ message: messages.en, messages })).toEqual(messages);
  });

  it('should present a row or event written before both were kept with its English in both', () => {
    expect(incidentMessagesOf({ message: 'No condition after G holds', messages: null })).toEqual({
      zh: 'No condition after G holds',
      en: 'No condition after G holds',
    });
    const old = presentTimelineEntry(timelineRow('incident.raised', { key: 'k', message: 'stuck' }));
    expect(old.messages).toEqual({ zh: 'stuck', en: 'stuck' });
  });

  it('should give messages on incident.raised timeline entries only', () => {
    const messages = { zh: '卡住了', en: 'stuck' };
    expect(
      presentTimelineEntry(timelineRow('incident.raised', { message: 'stuck', messages })).messages,
    ).toEqual(messages);
    expect(presentTimelineEntry(timelineRow('task.completed', { message: 'x' })).messages).toBeNull();
  });
});

describe('The incident of a job that ran out of attempts', () => {
  it('should name the job, the attempts and the last error in both languages', () => {
    expect(jobFailedMessages('case.timer', 5, new Error('connect ECONNREFUSED 10.0.0.7:443'))).toEqual({
      en: 'The job case.timer (process timer) failed 5 times: connect ECONNREFUSED 10.0.0.7:443; fix the cause, then retry it.',
      zh: '后台作业“流程定时器”（case.timer）已失败 5 次：connect ECONNREFUSED 10.0.0.7:443；请排除原因后重试。',
    });
  });

  it('should use the Chinese of errors that have one: API errors, engine refusals and incidents', () => {
    expect(jobFailedMessages('case.document', 1, notFound('case', 'c1')).zh).toMatch(
      /^后台作业“生成办件文书”（case\.document）已失败 1 次：.*[\u4e00-\u9fff].*；请排除原因后重试。$/,
    );
    const refusal = jobFailedMessages('case.timer', 2, new RunError('not_waiting', 'No task t1 is waiting.'));
    expect(refusal.zh).not.toContain('No task t1 is waiting');
    const incident = new IncidentError('no_flow_taken', { zh: '没有可走的流向', en: 'No flow to take' }, 'G');
    expect(jobFailedMessages('case.timer', 3, incident)).toMatchObject({
      zh: expect.stringContaining('：没有可走的流向；'),
      en: expect.stringContaining(': No flow to take;'),
    });
  });
});
