import { EyeOutlined, FileTextOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  DatePicker,
  Grid,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import {
  type HTMLAttributes,
  type ReactNode,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, type BulkClaimResult, type QueueParams, type Task } from '../api';
import { useAuth } from '../auth';
import { DoneTasksTab } from '../components/DoneTasksTab';
import { LightTag } from '../components/LightTag';
import { LoadMore } from '../components/LoadMore';
import { StatusTag } from '../components/StatusTag';
import { TaskActions } from '../components/TaskActions';
import { caseNumberColumn, stepColumn } from '../components/TaskColumns';
import { TaskDrawer } from '../components/TaskDrawer';
import { TaskMaterials } from '../components/TaskMaterials';
import { UserText } from '../components/UserText';
import { errorText } from '../errors';
import { remainingText } from '../format';
import { useI18n } from '../i18n';
import { useApi, useDepartments } from '../useApi';

const PAGE_SIZE = 50;

type Tab = 'todo' | 'mine' | 'done';
/** The query-string keys the page keeps its search, filters, tab and open task in. */
const FILTER_KEYS = ['q', 'item', 'step', 'light', 'status', 'filedFrom', 'filedTo', 'dueBefore'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

/**
 * 待办: the department queue, soonest deadline first, searched and filtered (all kept in the URL,
 * so a reload or a shared link shows the same list), with 我认领的 and 已办 tabs, 批量认领, and a
 * task view that holds everything needed to act.
 */
export default function InboxPage() {
  const { t, pick } = useI18n();
  const { user } = useAuth();
  const { message } = App.useApp();
  const { departments, departmentName } = useDepartments();
  const isAdmin = user?.role === 'admin';
  const [params, setParams] = useSearchParams();
  // On a phone a row is one stacked cell: nine columns do not fit 390 px.
  const phone = !Grid.useBreakpoint().md;

  const tab: Tab = params.get('tab') === 'mine' ? 'mine' : params.get('tab') === 'done' ? 'done' : 'todo';
  const filterOf = (key: FilterKey) => params.get(key) ?? undefined;
  const setParam = (changes: Record<string, string | null | undefined>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) {
          if (v) next.set(k, v);
          else next.delete(k);
        }
        return next;
      },
      { replace: true },
    );
  const filterKey = FILTER_KEYS.map((k) => `${k}=${params.get(k) ?? ''}`).join('&');
  const openTaskId = params.get('task');

  // An admin has no department of their own, so picks whose queue to look at.
  const [departmentId, setDepartmentId] = useState<string | null>(null);
  const [tasks, setTasks] = useState<Task[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [selected, setSelected] = useState<string[]>([]);
  const [claiming, setClaiming] = useState(false);
  const [claimResults, setClaimResults] = useState<(BulkClaimResult & { task?: Task })[] | null>(null);
  // Rows whose item materials (申请材料, e-licences) are shown under them.
  const [materialsOpen, setMaterialsOpen] = useState<string[]>([]);
  // Steps seen in this queue, for the step filter (the queue is the only list of them).
  const [stepsSeen, setStepsSeen] = useState<Map<string, Task['name']>>(new Map());
  const toggleMaterials = (id: string) =>
    setMaterialsOpen((open) => (open.includes(id) ? open.filter((k) => k !== id) : [...open, id]));
  // Ignores answers to requests that a newer refresh has superseded.
  const generation = useRef(0);
  const { data: catalogue } = useApi((signal) => api.items(signal), []);

  useEffect(() => {
    if (isAdmin && departmentId === null && departments[0]) setDepartmentId(departments[0].id);
  }, [isAdmin, departmentId, departments]);

  const scope = isAdmin ? departmentId : null;
  const ready = !isAdmin || departmentId !== null;
  const queueDepartment = scope ?? user?.departmentId ?? null;

  const query = useMemo((): QueueParams => {
    const q: QueueParams = { limit: PAGE_SIZE, departmentId: scope };
    for (const key of FILTER_KEYS) {
      const value = params.get(key);
      if (value) Object.assign(q, { [key]: value });
    }
    if (tab === 'mine') q.assignee = 'me';
    return q;
  }, [filterKey, scope, tab]);

  const remember = (page: Task[]) =>
    setStepsSeen((seen) => {
      const next = new Map(seen);
      for (const task of page) if (task.kind === 'step') next.set(task.elementId, task.name);
      return next.size === seen.size ? seen : next;
    });

  const refresh = useCallback(async () => {
    const gen = ++generation.current;
    setLoading(true);
    try {
      const page = await api.queue(query);
      if (gen !== generation.current) return;
      setTasks(page.tasks);
      setNextCursor(page.nextCursor);
      setSelected((keep) => keep.filter((id) => page.tasks.some((task) => task.id === id)));
      remember(page.tasks);
    } catch (err) {
      if (gen === generation.current) message.error(errorText(t, err));
    } finally {
      if (gen === generation.current) setLoading(false);
    }
  }, [query, message, t]);

  useEffect(() => {
    if (ready && tab !== 'done') void refresh();
  }, [ready, refresh, tab]);

  const loadMore = async () => {
    if (!nextCursor) return;
    const gen = generation.current;
    setLoading(true);
    try {
      const page = await api.queue({ ...query, cursor: nextCursor });
      if (gen !== generation.current) return;
      // Keyset pages can overlap when rows moved between requests; keep the first copy.
      setTasks((prev) => [...prev, ...page.tasks.filter((task) => !prev.some((p) => p.id === task.id))]);
      setNextCursor(page.nextCursor);
      remember(page.tasks);
    } catch (err) {
      message.error(errorText(t, err));
    } finally {
      if (gen === generation.current) setLoading(false);
    }
  };

  const bulkClaim = async () => {
    setClaiming(true);
    try {
      const { results } = await api.claimTasks(selected);
      setClaimResults(results.map((r) => ({ ...r, task: tasks.find((task) => task.id === r.taskId) })));
      setSelected([]);
    } catch (err) {
      message.error(errorText(t, err));
    } finally {
      setClaiming(false);
      void refresh();
    }
  };

  const title = isAdmin
    ? t('inbox.title')
    : `${t('inbox.title')} · ${user?.departmentName ? pick(user.departmentName) : departmentName(user?.departmentId ?? null)}`;

  const itemOptions = (catalogue ?? [])
    .filter((item) => !queueDepartment || item.departmentId === queueDepartment)
    .map((item) => ({ value: item.code, label: pick(item.name) }));
  const stepOptions = [...stepsSeen].map(([elementId, name]) => ({ value: elementId, label: pick(name) }));
  const hasFilters = FILTER_KEYS.some((k) => params.get(k));
  const day = (key: FilterKey) => (params.get(key) ? dayjs(params.get(key)) : null);

  const filters = (
    <Space wrap style={{ marginBottom: 12 }} data-testid="inbox-filters">
      <Input.Search
        key={`q-${filterOf('q') ?? ''}`}
        allowClear
        defaultValue={filterOf('q')}
        placeholder={t('inbox.search')}
        style={{ width: 300, maxWidth: '100%' }}
        data-testid="inbox-search"
        onSearch={(value) => setParam({ q: value.trim() || null })}
      />
      <Select
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={t('inbox.filterItem')}
        style={{ minWidth: 180 }}
        value={filterOf('item')}
        options={itemOptions}
        data-testid="inbox-filter-item"
        onChange={(value?: string) => setParam({ item: value })}
      />
      <Select
        allowClear
        placeholder={t('inbox.filterStep')}
        style={{ minWidth: 150 }}
        value={filterOf('step')}
        options={stepOptions}
        data-testid="inbox-filter-step"
        onChange={(value?: string) => setParam({ step: value })}
      />
      <Select
        allowClear
        placeholder={t('inbox.filterLight')}
        style={{ minWidth: 150 }}
        value={filterOf('light')}
        data-testid="inbox-filter-light"
        options={[
          { value: 'green', label: t('inbox.lightGreen') },
          { value: 'yellow', label: t('inbox.lightYellow') },
          { value: 'red', label: t('inbox.lightRed') },
        ]}
        onChange={(value?: string) => setParam({ light: value })}
      />
      {tab === 'todo' && (
        <Select
          allowClear
          placeholder={t('inbox.filterStatus')}
          style={{ minWidth: 120 }}
          value={filterOf('status')}
          data-testid="inbox-filter-status"
          options={[
            { value: 'open', label: t('inbox.statusOpen') },
            { value: 'claimed', label: t('inbox.statusClaimed') },
          ]}
          onChange={(value?: string) => setParam({ status: value })}
        />
      )}
      <DatePicker.RangePicker
        allowEmpty={[true, true]}
        placeholder={[t('inbox.filedFrom'), t('inbox.filedTo')]}
        value={[day('filedFrom'), day('filedTo')]}
        data-testid="inbox-filter-filed"
        onChange={(range) =>
          setParam({
            filedFrom: range?.[0]?.format('YYYY-MM-DD') ?? null,
            filedTo: range?.[1]?.format('YYYY-MM-DD') ?? null,
          })
        }
      />
      <DatePicker
        placeholder={t('inbox.dueBefore')}
        value={day('dueBefore')}
        data-testid="inbox-filter-due"
        onChange={(value) => setParam({ dueBefore: value?.format('YYYY-MM-DD') ?? null })}
      />
      {hasFilters && (
        <Button
          data-testid="inbox-clear-filters"
          onClick={() => setParam(Object.fromEntries(FILTER_KEYS.map((k) => [k, null])))}
        >
          {t('inbox.clearFilters')}
        </Button>
      )}
    </Space>
  );

  const rowActions = (task: Task) => (
    <Space wrap>
      <Button
        size="small"
        icon={<EyeOutlined />}
        data-testid={`view-${task.id}`}
        onClick={() => setParam({ task: task.id })}
      >
        {t('inbox.view')}
      </Button>
      <Button
        size="small"
        icon={<FileTextOutlined />}
        data-testid={`materials-${task.id}`}
        onClick={() => toggleMaterials(task.id)}
      >
        {t('inbox.materials')}
      </Button>
      <TaskActions task={task} onDone={() => void refresh()} />
    </Space>
  );
  const columns: ColumnsType<Task> = [
    caseNumberColumn<Task>({ t }),
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
    stepColumn<Task>({ t, pick }),
    {
      key: 'status',
      title: t('task.status'),
      render: (_, task) => <StatusTag kind="task" status={task.status} testId={`task-status-${task.id}`} />,
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
      render: (_, task) => rowActions(task),
    },
  ];
  const caseCell = caseNumberColumn<Task>({ t });
  const stepCell = stepColumn<Task>({ t, pick });
  const phoneColumns: ColumnsType<Task> = [
    {
      key: 'task',
      title: t('inbox.title'),
      render: (value, task, index) => (
        <Space orientation="vertical" size={4}>
          {caseCell.render?.(value, task, index) as ReactNode}
          <UserText testId={`applicant-${task.id}`}>{task.applicantName}</UserText>
          {stepCell.render?.(value, task, index) as ReactNode}
          <Space size={4} wrap>
            <StatusTag kind="task" status={task.status} testId={`task-status-${task.id}`} />
            {task.deadline && <span>{task.deadline.dueDate}</span>}
            {task.deadline && (
              <LightTag light={task.deadline.light} provisional={task.deadline.provisional} />
            )}
          </Space>
          {rowActions(task)}
        </Space>
      ),
    },
  ];
  const queueTable = (
    <>
      {filters}
      {user?.role !== 'manager' && (
        <div style={{ marginBottom: 12 }}>
          <Button
            type="primary"
            disabled={selected.length === 0}
            loading={claiming}
            data-testid="inbox-bulk-claim"
            onClick={() => void bulkClaim()}
          >
            {t('inbox.bulkClaim', { n: selected.length })}
          </Button>
        </div>
      )}
      <Table<Task>
        rowKey="id"
        loading={loading}
        dataSource={tasks}
        pagination={false}
        locale={{ emptyText: t('inbox.empty') }}
        rowSelection={
          user?.role === 'manager'
            ? undefined
            : {
                selectedRowKeys: selected,
                onChange: (keys) => setSelected(keys as string[]),
                // Only what the server lets me claim can be picked.
                getCheckboxProps: (task) => ({
                  disabled: !task.allowedActions.includes('claim'),
                  'data-testid': `select-${task.id}`,
                }),
              }
        }
        expandable={{
          expandedRowKeys: materialsOpen,
          onExpand: (_, task) => toggleMaterials(task.id),
          expandedRowRender: (task) => <TaskMaterials taskId={task.id} canVerify />,
        }}
        // Fill the card and wrap long bundle and step names, so the deadline, the light and the
        // actions stay in view; below 1100 px wide the table scrolls with the actions fixed.
        tableLayout="auto"
        scroll={phone ? undefined : { x: 1100 }}
        onRow={(task) =>
          ({ 'data-testid': `queue-row-${task.caseNumber}-${task.elementId}` }) as HTMLAttributes<HTMLElement>
        }
        columns={phone ? phoneColumns : columns}
      />
      <LoadMore
        more={nextCursor !== null}
        loading={loading}
        onLoad={() => void loadMore()}
        testId="queue-load-more"
      />
    </>
  );

  const outcomeTag = (outcome: BulkClaimResult['outcome']) =>
    outcome === 'claimed' ? (
      <Tag color="green">{t('inbox.bulkClaimed')}</Tag>
    ) : outcome === 'claimedByOther' ? (
      <Tag color="orange">{t('inbox.bulkClaimedByOther')}</Tag>
    ) : (
      <Tag color="red">{t('inbox.bulkNotAllowed')}</Tag>
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
          setSelected([]);
          setParam({ tab: key === 'todo' ? null : key });
        }}
        items={[
          {
            key: 'todo',
            label: <span data-testid="inbox-tab-todo">{t('inbox.tabTodo')}</span>,
            children: tab === 'todo' && queueTable,
          },
          // 我认领的 and 已办 (the clerk's own steps, with 撤回): clerks and admins, who work steps.
          ...(user?.role === 'clerk' || user?.role === 'admin'
            ? [
                {
                  key: 'mine',
                  label: <span data-testid="inbox-tab-mine">{t('inbox.tabMine')}</span>,
                  children: tab === 'mine' && queueTable,
                },
                {
                  key: 'done',
                  label: <span data-testid="inbox-tab-done">{t('inbox.tabDone')}</span>,
                  children: <DoneTasksTab active={tab === 'done'} />,
                },
              ]
            : []),
        ]}
      />

      <TaskDrawer
        taskId={openTaskId}
        onClose={() => setParam({ task: null })}
        onChanged={() => void refresh()}
      />

      <Modal
        open={claimResults !== null}
        title={t('inbox.bulkTitle')}
        onCancel={() => setClaimResults(null)}
        onOk={() => setClaimResults(null)}
        cancelButtonProps={{ style: { display: 'none' } }}
      >
        {claimResults && (
          <Space orientation="vertical" style={{ width: '100%' }} data-testid="bulk-claim-results">
            <Typography.Text>
              {t('inbox.bulkSummary', {
                ok: claimResults.filter((r) => r.outcome === 'claimed').length,
                failed: claimResults.filter((r) => r.outcome !== 'claimed').length,
              })}
            </Typography.Text>
            {claimResults.map((r) => (
              <Space key={r.taskId} wrap data-testid={`bulk-result-${r.taskId}`} data-outcome={r.outcome}>
                <span className="yj-case-number">{r.task?.caseNumber ?? r.taskId}</span>
                {r.task && <span>{pick(r.task.name)}</span>}
                {outcomeTag(r.outcome)}
              </Space>
            ))}
          </Space>
        )}
      </Modal>
    </Card>
  );
}
