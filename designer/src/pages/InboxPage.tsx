import { CheckOutlined, FileTextOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { type HTMLAttributes, useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, type Task } from '../api';
import { useAuth } from '../auth';
import { DoneTasksTab } from '../components/DoneTasksTab';
import { IntakeActions } from '../components/IntakeActions';
import { LightTag } from '../components/LightTag';
import { StatusTag } from '../components/StatusTag';
import { StepActions } from '../components/StepActions';
import { TaskMaterials } from '../components/TaskMaterials';
import { UserText } from '../components/UserText';
import { errorText } from '../errors';
import { remainingText } from '../format';
import { useI18n } from '../i18n';
import { useDepartments } from '../useApi';

const PAGE_SIZE = 50;

/** 待办: the department queue, soonest deadline first, with claim and approve. */
export default function InboxPage() {
  const { t, pick } = useI18n();
  const { user } = useAuth();
  const { message } = App.useApp();
  const { departments, departmentName } = useDepartments();
  const isAdmin = user?.role === 'admin';

  // An admin has no department of their own, so picks whose queue to look at.
  const [departmentId, setDepartmentId] = useState<string | null>(null);
  const [tasks, setTasks] = useState<Task[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [busyTaskId, setBusyTaskId] = useState<string | null>(null);
  // The queue rows carry a step due time only; the case's light comes from the case list.
  const [completing, setCompleting] = useState<Task | null>(null);
  const [commentForm] = Form.useForm<{ comment?: string }>();
  // Rows whose item materials (申请材料, e-licences) are shown under them.
  const [materialsOpen, setMaterialsOpen] = useState<string[]>([]);
  // 待办 (the department queue) or 已办 (my completed steps).
  const [tab, setTab] = useState<'todo' | 'done'>('todo');
  const toggleMaterials = (id: string) =>
    setMaterialsOpen((open) => (open.includes(id) ? open.filter((k) => k !== id) : [...open, id]));
  // Ignores answers to requests that a newer refresh has superseded.
  const generation = useRef(0);

  useEffect(() => {
    if (isAdmin && departmentId === null && departments[0]) setDepartmentId(departments[0].id);
  }, [isAdmin, departmentId, departments]);

  const scope = isAdmin ? departmentId : null;
  const ready = !isAdmin || departmentId !== null;

  const refresh = useCallback(async () => {
    const gen = ++generation.current;
    setLoading(true);
    try {
      const page = await api.queue({ limit: PAGE_SIZE, departmentId: scope });
      if (gen !== generation.current) return;
      setTasks(page.tasks);
      setNextCursor(page.nextCursor);
    } catch (err) {
      if (gen === generation.current) message.error(errorText(t, err));
    } finally {
      if (gen === generation.current) setLoading(false);
    }
  }, [scope, message, t]);

  useEffect(() => {
    if (ready) void refresh();
  }, [ready, refresh]);

  const loadMore = async () => {
    if (!nextCursor) return;
    const gen = generation.current;
    setLoading(true);
    try {
      const page = await api.queue({ cursor: nextCursor, limit: PAGE_SIZE, departmentId: scope });
      if (gen !== generation.current) return;
      // Keyset pages can overlap when rows moved between requests; keep the first copy.
      setTasks((prev) => [...prev, ...page.tasks.filter((task) => !prev.some((p) => p.id === task.id))]);
      setNextCursor(page.nextCursor);
    } catch (err) {
      message.error(errorText(t, err));
    } finally {
      if (gen === generation.current) setLoading(false);
    }
  };

  const claim = async (task: Task) => {
    setBusyTaskId(task.id);
    try {
      await api.claimTask(task.id);
      message.success(t('inbox.claimed', { step: pick(task.name) }));
    } catch (err) {
      message.error(errorText(t, err));
    } finally {
      setBusyTaskId(null);
      void refresh();
    }
  };

  const confirmComplete = async () => {
    if (!completing) return;
    const task = completing;
    const comment = commentForm.getFieldValue('comment')?.trim();
    setBusyTaskId(task.id);
    try {
      await api.completeTask(task.id, { outcome: 'approved', ...(comment ? { comment } : {}) });
      message.success(t('inbox.completed', { step: pick(task.name) }));
      setCompleting(null);
    } catch (err) {
      message.error(errorText(t, err));
    } finally {
      setBusyTaskId(null);
      void refresh();
    }
  };

  const title = isAdmin
    ? t('inbox.title')
    : `${t('inbox.title')} · ${user?.departmentName ? pick(user.departmentName) : departmentName(user?.departmentId ?? null)}`;

  const todoTab = (
    <>
      <Table<Task>
        rowKey="id"
        loading={loading}
        dataSource={tasks}
        pagination={false}
        locale={{ emptyText: t('inbox.empty') }}
        expandable={{
          expandedRowKeys: materialsOpen,
          onExpand: (_, task) => toggleMaterials(task.id),
          expandedRowRender: (task) => <TaskMaterials taskId={task.id} canVerify />,
        }}
        // Fill the card and wrap long bundle and step names, so the deadline, the light and the
        // actions stay in view; below 1100 px wide the table scrolls with the actions fixed.
        tableLayout="auto"
        scroll={{ x: 1100 }}
        onRow={(task) =>
          ({ 'data-testid': `queue-row-${task.caseNumber}-${task.elementId}` }) as HTMLAttributes<HTMLElement>
        }
        columns={[
          {
            key: 'caseNumber',
            title: t('case.number'),
            render: (_, task) => (
              <Link to={`/cases/${encodeURIComponent(task.caseId)}`} className="yj-case-number">
                {task.caseNumber}
              </Link>
            ),
          },
          {
            key: 'bundle',
            title: <span style={{ whiteSpace: 'nowrap' }}>{t('case.bundle')}</span>,
            render: (_, task) => pick(task.bundleName),
          },
          {
            key: 'applicant',
            title: t('case.applicant'),
            render: (_, task) => <UserText testId={`applicant-${task.id}`}>{task.applicantName}</UserText>,
          },
          {
            key: 'step',
            title: t('task.name'),
            render: (_, task) => (
              <Space size={4}>
                {/* The intake step's name is 预审受理 itself: the tag stands for it. */}
                {task.kind === 'intake' ? (
                  <Tag color="cyan" data-testid={`intake-tag-${task.id}`}>
                    {t('inbox.intakeTag')}
                  </Tag>
                ) : (
                  pick(task.name)
                )}
                {task.pausedRemainingWorkingDays !== null && (
                  <Tag color="warning" data-testid={`paused-tag-${task.id}`}>
                    {t('inbox.pausedTag')}
                  </Tag>
                )}
                {/* The clerk sees why the step waits (its item's special procedure, Art. 45). */}
                {task.pausedReason && (
                  <Typography.Text type="warning" data-testid={`paused-reason-${task.id}`}>
                    {t('step.pausedBecause', { reason: task.pausedReason })}
                  </Typography.Text>
                )}
                {task.delegatedBy && <Tag color="purple">{t('step.delegatedTag')}</Tag>}
              </Space>
            ),
          },
          {
            key: 'status',
            title: t('task.status'),
            render: (_, task) => (
              <StatusTag kind="task" status={task.status} testId={`task-status-${task.id}`} />
            ),
          },
          {
            key: 'assignee',
            title: <span style={{ whiteSpace: 'nowrap' }}>{t('task.assignee')}</span>,
            render: (_, task) => (task.assignee ? <UserText>{task.assignee.displayName}</UserText> : '—'),
          },
          {
            key: 'dueAt',
            title: t('task.dueAt'),
            // Two lines keep the row narrow enough for the actions and the light to fit beside it.
            render: (_, task) => (
              <Space orientation="vertical" size={0} style={{ whiteSpace: 'nowrap' }}>
                <span>{task.deadline?.dueDate ?? '—'}</span>
                {task.deadline && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {remainingText(t, task.deadline.remainingWorkingDays)}
                  </Typography.Text>
                )}
                {task.pausedRemainingWorkingDays !== null && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('inbox.pausedLeft', { n: task.pausedRemainingWorkingDays })}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          {
            key: 'light',
            title: t('case.light'),
            // The step's own light: a step past its own limit is red even if the case is on time.
            render: (_, task) =>
              task.deadline ? (
                <LightTag light={task.deadline.light} provisional={task.deadline.provisional} />
              ) : (
                '—'
              ),
          },
          {
            key: 'actions',
            title: t('common.actions'),
            fixed: 'right',
            // The server says what this user may do with each row (`allowedActions`).
            render: (_, task) => {
              const allowed = (a: Task['allowedActions'][number]) => task.allowedActions.includes(a);
              return (
                <Space>
                  <Button
                    size="small"
                    icon={<FileTextOutlined />}
                    data-testid={`materials-${task.id}`}
                    onClick={() => toggleMaterials(task.id)}
                  >
                    {t('inbox.materials')}
                  </Button>
                  {/* A window decision claims the intake step itself, as 办结 does a step. */}
                  {allowed('claim') && (
                    <Button
                      size="small"
                      data-testid={`claim-${task.id}`}
                      loading={busyTaskId === task.id}
                      onClick={() => void claim(task)}
                    >
                      {t('inbox.claim')}
                    </Button>
                  )}
                  {allowed('intake') && (
                    <IntakeActions
                      task={task}
                      disabled={busyTaskId === task.id}
                      onDone={() => void refresh()}
                    />
                  )}
                  {task.kind !== 'intake' && <StepActions task={task} onDone={() => void refresh()} />}
                  {allowed('complete') && (
                    <Button
                      size="small"
                      type="primary"
                      icon={<CheckOutlined />}
                      data-testid={`complete-${task.id}`}
                      disabled={busyTaskId === task.id}
                      onClick={() => setCompleting(task)}
                    >
                      {t('inbox.complete')}
                    </Button>
                  )}
                </Space>
              );
            },
          },
        ]}
      />
      {nextCursor && (
        <div style={{ textAlign: 'center', marginTop: 16 }}>
          <Button onClick={() => void loadMore()} loading={loading} data-testid="queue-load-more">
            {t('inbox.loadMore')}
          </Button>
        </div>
      )}
    </>
  );

  return (
    <Card
      title={title}
      extra={
        <Space>
          {isAdmin && (
            <Select
              style={{ minWidth: 220 }}
              placeholder={t('inbox.pickDepartment')}
              value={departmentId ?? undefined}
              onChange={(value: string) => setDepartmentId(value)}
              options={departments.map((d) => ({ value: d.id, label: pick(d.name) }))}
            />
          )}
          <Button icon={<ReloadOutlined />} onClick={() => void refresh()} disabled={!ready}>
            {t('common.refresh')}
          </Button>
        </Space>
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(key) => {
          setTab(key as 'todo' | 'done');
          // Back on 待办: a recall may have put a step back in the queue.
          if (key === 'todo') void refresh();
        }}
        items={[
          {
            key: 'todo',
            label: <span data-testid="inbox-tab-todo">{t('inbox.tabTodo')}</span>,
            children: todoTab,
          },
          // 已办 (the clerk's own completed steps, with 撤回): clerks and admins, who complete steps.
          ...(user?.role === 'clerk' || user?.role === 'admin'
            ? [
                {
                  key: 'done',
                  label: <span data-testid="inbox-tab-done">{t('inbox.tabDone')}</span>,
                  children: <DoneTasksTab active={tab === 'done'} />,
                },
              ]
            : []),
        ]}
      />

      <Modal
        open={completing !== null}
        title={completing ? t('inbox.completeTitle', { step: pick(completing.name) }) : ''}
        onCancel={() => setCompleting(null)}
        destroyOnHidden
        footer={[
          <Button key="cancel" onClick={() => setCompleting(null)}>
            {t('common.cancel')}
          </Button>,
          <Button
            key="ok"
            type="primary"
            data-testid="complete-confirm"
            loading={completing !== null && busyTaskId === completing.id}
            onClick={() => void confirmComplete()}
          >
            {t('inbox.confirm')}
          </Button>,
        ]}
      >
        {completing && (
          <Typography.Paragraph>
            {t('case.number')}: <span className="yj-case-number">{completing.caseNumber}</span>
            <br />
            {t('inbox.outcome')}: <Tag color="green">{t('inbox.outcomeApproved')}</Tag>
          </Typography.Paragraph>
        )}
        <Form form={commentForm} layout="vertical" preserve={false}>
          <Form.Item name="comment" label={t('inbox.comment')}>
            <Input.TextArea
              autoSize={{ minRows: 3 }}
              maxLength={500}
              placeholder={t('inbox.commentPlaceholder')}
              data-testid="complete-comment"
            />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
