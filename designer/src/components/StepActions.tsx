import { CheckOutlined, CloseOutlined, DownOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, Form, Input, Modal, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { type Actor, api, type Task } from '../api';
import { errorText } from '../errors';
import { useI18n } from '../i18n';
import { Labelled } from './Labelled';

type Action = 'grant' | 'refuse' | 'transfer' | 'delegate' | 'countersign' | 'return' | 'correction';

interface ActionValues {
  reasons?: string;
  legalBasis?: string;
  toUserId?: string;
  toElementId?: string;
  reason?: string;
  position?: 'before' | 'after';
  subject?: string;
}

/**
 * Whether a step is an item's decision step (准予/不予许可), as the server reads it from the model;
 * it is concluded by a decision only (a plain 办结 is refused with `decision_step_needs_decision`).
 */
export const isDecisionStep = (task: Task) => task.decisionStep;

/**
 * What a clerk does with a department step besides 办结: decide the item (准予/不予许可), release
 * it, transfer (转办) or delegate (委派) it to a colleague, hand a delegated step back, or return it
 * (退回) to an earlier step of the same item. Which of these the user may take comes from the
 * server (`task.allowedActions`); the page holds no copy of the rules.
 */
export function StepActions({ task, onDone }: { task: Task; onDone: () => void }) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const [action, setAction] = useState<Action | null>(null);
  const [busy, setBusy] = useState(false);
  const [colleagues, setColleagues] = useState<Actor[]>([]);
  const [form] = Form.useForm<ActionValues>();
  const step = pick(task.name);
  const allowed = (a: Task['allowedActions'][number]) => task.allowedActions.includes(a);

  const run = async (call: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await call();
      message.success(done);
      setAction(null);
      onDone();
    } catch (err) {
      message.error(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };

  const open = (next: Action) => {
    form.resetFields();
    setAction(next);
    if (next === 'transfer' || next === 'delegate' || next === 'countersign') {
      api
        .colleagues(task.id)
        .then((r) => setColleagues(r.clerks))
        .catch(() => setColleagues([]));
    }
  };

  const submit = async () => {
    const v = await form.validateFields();
    switch (action) {
      case 'grant':
        return run(
          () => api.decideItem(task.id, { decision: 'grant', ...(v.reasons ? { reasons: v.reasons } : {}) }),
          t('step.decided', { step }),
        );
      case 'refuse':
        return run(
          () =>
            api.decideItem(task.id, { decision: 'refuse', reasons: v.reasons!, legalBasis: v.legalBasis! }),
          t('step.decided', { step }),
        );
      case 'transfer':
        return run(
          () =>
            api.transferTask(task.id, { toUserId: v.toUserId!, ...(v.reason ? { reason: v.reason } : {}) }),
          t('step.transferred', { step }),
        );
      case 'delegate':
        return run(
          () => api.delegateTask(task.id, { toUserId: v.toUserId!, ...(v.reason ? { note: v.reason } : {}) }),
          t('step.delegated', { step }),
        );
      case 'countersign':
        return run(
          () =>
            api.countersignTask(task.id, {
              toUserId: v.toUserId!,
              position: v.position ?? 'before',
              ...(v.reason ? { note: v.reason } : {}),
            }),
          t('step.countersigned', { step }),
        );
      case 'correction':
        return run(
          () =>
            api.requestReviewCorrection(task.caseId, task.itemCode!, {
              items: [{ subject: v.subject!, reason: v.reason! }],
            }),
          t('step.correctionAsked', { step }),
        );
      case 'return':
        return run(
          () => api.returnTask(task.id, { toElementId: v.toElementId!, reason: v.reason! }),
          t('step.returned', { step }),
        );
    }
  };

  const menu = [
    ...(allowed('release') ? [{ key: 'release', label: t('step.release') }] : []),
    ...(allowed('transfer') ? [{ key: 'transfer', label: t('step.transfer') }] : []),
    ...(allowed('delegate') ? [{ key: 'delegate', label: t('step.delegate') }] : []),
    ...(allowed('countersign') ? [{ key: 'countersign', label: t('step.countersign') }] : []),
    ...(allowed('return') ? [{ key: 'return', label: t('step.return') }] : []),
    ...(allowed('requestCorrection') ? [{ key: 'correction', label: t('step.correction') }] : []),
  ];
  const titles: Record<Action, string> = {
    grant: t('step.grantTitle', { step }),
    refuse: t('step.refuseTitle', { step }),
    transfer: t('step.transferTitle', { step }),
    delegate: t('step.delegateTitle', { step }),
    countersign: t('step.countersignTitle', { step }),
    return: t('step.returnTitle', { step }),
    correction: t('step.correctionTitle', { step }),
  };

  return (
    <>
      <Space size={4}>
        {allowed('decide') && (
          <>
            <Button
              size="small"
              type="primary"
              icon={<CheckOutlined />}
              data-testid={`grant-${task.id}`}
              onClick={() => open('grant')}
            >
              {t('step.grant')}
            </Button>
            <Button
              size="small"
              danger
              icon={<CloseOutlined />}
              data-testid={`refuse-${task.id}`}
              onClick={() => open('refuse')}
            >
              {t('step.refuse')}
            </Button>
          </>
        )}
        {allowed('returnDelegation') && (
          <Button
            size="small"
            data-testid={`delegation-return-${task.id}`}
            loading={busy}
            onClick={() =>
              void run(() => api.returnDelegation(task.id, {}), t('step.delegationReturned', { step }))
            }
          >
            {t('step.delegationReturn')}
          </Button>
        )}
        {menu.length > 0 && (
          <Dropdown
            trigger={['click']}
            menu={{
              items: menu.map((m) => ({ ...m, 'data-testid': `step-${m.key}-${task.id}` })),
              onClick: ({ key }) =>
                key === 'release'
                  ? void run(() => api.releaseTask(task.id), t('step.released', { step }))
                  : open(key as Action),
            }}
          >
            <Button size="small" data-testid={`step-more-${task.id}`}>
              {t('step.more')} <DownOutlined />
            </Button>
          </Dropdown>
        )}
      </Space>
      <Modal
        open={action !== null}
        title={action ? titles[action] : ''}
        onCancel={() => setAction(null)}
        destroyOnHidden
        okText={t('step.confirm')}
        cancelText={t('common.cancel')}
        okButtonProps={{
          loading: busy,
          danger: action === 'refuse',
          'data-testid': 'step-action-confirm',
        }}
        onOk={() => void submit()}
      >
        <Typography.Paragraph>
          <Labelled label={t('case.number')}>
            <span className="yj-case-number">{task.caseNumber}</span>
          </Labelled>
        </Typography.Paragraph>
        <Form form={form} layout="vertical" preserve={false}>
          {(action === 'grant' || action === 'refuse') && (
            <Form.Item
              name="reasons"
              label={t('step.reasons')}
              rules={
                action === 'refuse'
                  ? [{ required: true, whitespace: true, message: t('step.reasonRequired') }]
                  : []
              }
            >
              <Input.TextArea
                autoSize={{ minRows: 3 }}
                maxLength={2000}
                placeholder={t('step.reasonsPlaceholder')}
                data-testid="step-reasons"
              />
            </Form.Item>
          )}
          {action === 'refuse' && (
            <>
              <Form.Item
                name="legalBasis"
                label={t('step.legalBasis')}
                rules={[{ required: true, whitespace: true, message: t('step.reasonRequired') }]}
              >
                <Input placeholder={t('step.legalBasisPlaceholder')} data-testid="step-legal-basis" />
              </Form.Item>
              <Typography.Paragraph type="secondary">{t('step.remediesNote')}</Typography.Paragraph>
            </>
          )}
          {action === 'countersign' && (
            <Form.Item name="position" label={t('step.countersignPosition')} initialValue="before">
              <Select
                data-testid="step-countersign-position"
                options={[
                  { value: 'before', label: t('step.countersignBefore') },
                  { value: 'after', label: t('step.countersignAfter') },
                ]}
              />
            </Form.Item>
          )}
          {(action === 'transfer' || action === 'delegate' || action === 'countersign') && (
            <Form.Item name="toUserId" label={t('step.colleague')} rules={[{ required: true }]}>
              <Select
                data-testid="step-colleague"
                options={colleagues.map((c) => ({ value: c.id, label: c.displayName }))}
              />
            </Form.Item>
          )}
          {action === 'return' && (
            <Form.Item
              name="toElementId"
              label={t('step.returnTo')}
              rules={[{ required: true, message: t('step.noEarlierStep') }]}
            >
              <Select
                data-testid="step-return-to"
                notFoundContent={t('step.noEarlierStep')}
                options={task.returnTargets.map((s) => ({ value: s.elementId, label: pick(s.name) }))}
              />
            </Form.Item>
          )}
          {action === 'correction' && (
            <Form.Item
              name="subject"
              label={t('step.correctionSubject')}
              rules={[{ required: true, whitespace: true, message: t('step.reasonRequired') }]}
            >
              <Input data-testid="step-correction-subject" />
            </Form.Item>
          )}
          {(action === 'transfer' ||
            action === 'delegate' ||
            action === 'countersign' ||
            action === 'return' ||
            action === 'correction') && (
            <Form.Item
              name="reason"
              label={t('step.reason')}
              rules={
                action === 'return' || action === 'correction'
                  ? [{ required: true, whitespace: true, message: t('step.reasonRequired') }]
                  : []
              }
            >
              <Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} data-testid="step-reason" />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </>
  );
}
