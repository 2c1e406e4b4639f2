import { RollbackOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { type HTMLAttributes, useCallback, useEffect, useRef, useState } from 'react';
import { api, type DoneTask } from '../api';
import { errorText } from '../errors';
import { formatDateTime } from '../format';
import { useI18n } from '../i18n';
import { Labelled } from './Labelled';
import { LoadMore } from './LoadMore';
import { caseNumberColumn, stepColumn } from './TaskColumns';

const PAGE_SIZE = 30;

/**
 * 已办: the steps the clerk completed, newest first (GET /api/tasks/done), with 撤回 on those whose
 * next step nobody has taken up yet. A tab of the inbox; `active` reloads it when shown.
 */
export function DoneTasksTab({ active }: { active: boolean }) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const [tasks, setTasks] = useState<DoneTask[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [recalling, setRecalling] = useState<DoneTask | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const generation = useRef(0);

  const refresh = useCallback(async () => {
    const gen = ++generation.current;
    setLoading(true);
    try {
      const page = await api.doneTasks({ limit: PAGE_SIZE });
      if (gen !== generation.current) return;
      setTasks(page.tasks);
      setNextCursor(page.nextCursor);
    } catch (err) {
      if (gen === generation.current) message.error(errorText(t, err));
    } finally {
      if (gen === generation.current) setLoading(false);
    }
  }, [message, t]);

  useEffect(() => {
    if (active) void refresh();
  }, [active, refresh]);

  const loadMore = async () => {
    if (!nextCursor) return;
    const gen = generation.current;
    setLoading(true);
    try {
      const page = await api.doneTasks({ cursor: nextCursor, limit: PAGE_SIZE });
      if (gen !== generation.current) return;
      setTasks((prev) => [...prev, ...page.tasks.filter((task) => !prev.some((p) => p.id === task.id))]);
      setNextCursor(page.nextCursor);
    } catch (err) {
      message.error(errorText(t, err));
    } finally {
      if (gen === generation.current) setLoading(false);
    }
  };

  const recall = async () => {
    if (!recalling) return;
    const { reason } = await form.validateFields();
    setBusy(true);
    try {
      await api.recallTask(recalling.id, { reason: reason.trim() });
      message.success(t('step.recalled', { step: pick(recalling.name) }));
      setRecalling(null);
      void refresh();
    } catch (err) {
      message.error(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Table<DoneTask>
        rowKey="id"
        loading={loading}
        dataSource={tasks}
        pagination={false}
        locale={{ emptyText: t('done.empty') }}
        tableLayout="auto"
        scroll={{ x: 900 }}
        onRow={(task) =>
          ({ 'data-testid': `done-row-${task.caseNumber}-${task.elementId}` }) as HTMLAttributes<HTMLElement>
        }
        columns={[
          caseNumberColumn<DoneTask>({ t }),
          { key: 'bundle', title: t('case.bundle'), render: (_, task) => pick(task.bundleName) },
          stepColumn<DoneTask>({ t, pick }),
          {
            key: 'completedAt',
            title: t('done.completedAt'),
            render: (_, task) => (
              <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(task.completedAt)}</span>
            ),
          },
          {
            key: 'actions',
            title: t('common.actions'),
            fixed: 'right',
            render: (_, task) =>
              task.canRecall ? (
                <Space>
                  <Tag color="blue">{t('done.recallable')}</Tag>
                  <Button
                    size="small"
                    icon={<RollbackOutlined />}
                    data-testid={`recall-${task.id}`}
                    onClick={() => setRecalling(task)}
                  >
                    {t('step.recall')}
                  </Button>
                </Space>
              ) : (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('done.notRecallable')}
                </Typography.Text>
              ),
          },
        ]}
      />
      <LoadMore
        more={nextCursor !== null}
        loading={loading}
        onLoad={() => void loadMore()}
        testId="done-load-more"
      />
      <Modal
        open={recalling !== null}
        title={recalling ? t('done.recallTitle', { step: pick(recalling.name) }) : ''}
        onCancel={() => setRecalling(null)}
        destroyOnHidden
        okText={t('done.confirm')}
        cancelText={t('common.cancel')}
        okButtonProps={{ loading: busy, danger: true, 'data-testid': 'recall-confirm' }}
        onOk={() => void recall()}
      >
        {recalling && (
          <Typography.Paragraph>
            <Labelled label={t('case.number')}>
              <span className="yj-case-number">{recalling.caseNumber}</span>
            </Labelled>
            <br />
            {t('done.recallHint')}
          </Typography.Paragraph>
        )}
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item
            name="reason"
            label={t('done.reason')}
            rules={[{ required: true, whitespace: true, message: t('done.reasonRequired') }]}
          >
            <Input.TextArea autoSize={{ minRows: 2 }} maxLength={500} data-testid="recall-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
