import { describe, expect, it } from 'vitest';
import {
  caseActions,
  itemActions,
  type TaskContext,
  type TaskFacts,
  taskActions,
  type Viewer,
} from '../src/access/allowedActions';

const clerk: Viewer = { id: 'c1', role: 'clerk', departmentId: 'fire' };
const colleague: Viewer = { id: 'c2', role: 'clerk', departmentId: 'fire' };
const otherDepartment: Viewer = { id: 'c3', role: 'clerk', departmentId: 'market' };
const manager: Viewer = { id: 'm', role: 'manager', departmentId: null };
const admin: Viewer = { id: 'a', role: 'admin', departmentId: null };
const applicant: Viewer = { id: 'p', role: 'applicant', departmentId: null };

const step = (over: Partial<TaskFacts> = {}): TaskFacts => ({
  id: 't1',
  kind: 'step',
  element_id: 'fire_decision',
  item_code: '000125049000',
  department_id: 'fire',
  status: 'open',
  assignee_id: null,
  delegated_by: null,
  countersign_of: null,
  completed_by: null,
  created_at: '2026-03-02T01:00:00Z',
  completed_at: null,
  paused_reason: null,
  ...over,
});
const ctx = (over: Partial<TaskContext> = {}): TaskContext => ({
  caseStatus: 'inProgress',
  isDecisionStep: true,
  caseTasks: [],
  openReviewCorrections: new Set(),
  ...over,
});

describe('taskActions', () => {
  it('should let a clerk of the department claim and decide an open decision step, never 办结 it', () => {
    expect(taskActions(clerk, step(), ctx())).toEqual([
      'claim',
      'decide',
      'transfer',
      'delegate',
      'countersign',
      'requestCorrection',
    ]);
  });

  it('should NOT let another department or the applicant act; the manager only urges', () => {
    expect(taskActions(otherDepartment, step(), ctx())).toEqual([]);
    expect(taskActions(applicant, step(), ctx())).toEqual([]);
    expect(taskActions(manager, step(), ctx())).toEqual(['urge']);
  });

  it('should give a claimed step to its holder only (an admin may still move it)', () => {
    const held = step({ status: 'claimed', assignee_id: 'c1' });
    expect(taskActions(clerk, held, ctx())).toContain('release');
    expect(taskActions(colleague, held, ctx())).toEqual([]);
    expect(taskActions(admin, held, ctx())).toEqual(['urge', 'release', 'transfer', 'delegate']);
  });

  it('should let only the delegate hand a delegated step back', () => {
    const delegated = step({ status: 'claimed', assignee_id: 'c2', delegated_by: 'c1' });
    expect(taskActions(colleague, delegated, ctx())).toEqual(['returnDelegation', 'requestCorrection']);
    expect(taskActions(clerk, delegated, ctx())).toEqual([]);
  });

  it('should NOT decide or countersign while a countersignature is open, nor complete a paused step', () => {
    const open = step({ status: 'claimed', assignee_id: 'c1' });
    const signing = step({ id: 't2', countersign_of: 't1', status: 'claimed', assignee_id: 'c2' });
    const actions = taskActions(clerk, open, ctx({ caseTasks: [open, signing] }));
    expect(actions).not.toContain('decide');
    expect(actions).not.toContain('countersign');
    expect(taskActions(clerk, step({ paused_reason: '现场检验' }), ctx())).not.toContain('complete');
  });

  it('should offer 退回 to the earlier done steps of the same item, and 撤回 to the one who completed', () => {
    const review = step({
      id: 't0',
      element_id: 'fire_review',
      status: 'completed',
      completed_by: 'c1',
      created_at: '2026-03-01T01:00:00Z',
      completed_at: '2026-03-02T00:59:00Z',
    });
    const decision = step();
    expect(taskActions(clerk, decision, ctx({ caseTasks: [review, decision] }))).toContain('return');
    expect(taskActions(clerk, review, ctx({ caseTasks: [review, decision] }))).toEqual(['recall']);
    expect(taskActions(colleague, review, ctx({ caseTasks: [review, decision] }))).toEqual([]);
    // once the next step is claimed, 撤回 is gone
    const taken = step({ status: 'claimed', assignee_id: 'c2' });
    expect(taskActions(clerk, review, ctx({ caseTasks: [review, taken] }))).toEqual([]);
  });
});

describe('caseActions and itemActions', () => {
  const kase = {
    status: 'inProgress',
    applicantId: 'p',
    leadDepartmentId: 'market',
    clockState: 'running' as const,
    extended: false,
    decided: false,
    openReviewCorrections: 0,
    openIncidents: 0,
  };

  it('should give the clock to staff, the extension to managers once, delivery to the lead department', () => {
    expect(caseActions(clerk, kase)).toEqual(['pauseClock']);
    expect(caseActions(manager, kase)).toEqual(['pauseClock', 'extendClock']);
    expect(caseActions(manager, { ...kase, extended: true })).toEqual(['pauseClock']);
    expect(caseActions(otherDepartment, { ...kase, status: 'concluded', clockState: 'stopped' })).toEqual([
      'deliver',
    ]);
    expect(caseActions(clerk, { ...kase, status: 'concluded', clockState: 'stopped' })).toEqual([]);
  });

  it('should let the applicant withdraw until a decision, answer corrections and confirm receipt', () => {
    expect(caseActions(applicant, kase)).toEqual(['withdraw', 'uploadMaterials']);
    expect(caseActions(applicant, { ...kase, decided: true, openReviewCorrections: 1 })).toEqual([
      'answerReviewCorrections',
      'uploadMaterials',
    ]);
    expect(caseActions(applicant, { ...kase, status: 'delivered', clockState: 'stopped' })).toEqual([
      'confirmReceipt',
    ]);
    expect(caseActions({ ...applicant, id: 'someone else' }, kase)).toEqual([]);
  });

  it('should let a department pause only its own item', () => {
    const item = { status: 'running', departments: new Set(['fire']) };
    expect(itemActions(clerk, 'inProgress', item)).toEqual(['pause']);
    expect(itemActions(otherDepartment, 'inProgress', item)).toEqual([]);
    expect(itemActions(manager, 'inProgress', { ...item, status: 'paused' })).toEqual(['resume']);
  });
});
