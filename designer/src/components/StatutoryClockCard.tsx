import {
  ClockCircleOutlined,
  FieldTimeOutlined,
  PauseCircleOutlined,
  PlayCircleOutlined,
  SendOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  type ButtonProps,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { type ReactNode, useState } from 'react';
import {
  api,
  type CaseDetail,
  type ClockPause,
  type DeliveryMethod,
  type Limit,
  SPECIAL_PROCEDURES,
  type SpecialProcedure,
  type StatutoryClock,
} from '../api';
import { errorText } from '../errors';
import { formatDateTime, limitText, remainingText } from '../format';
import { useI18n } from '../i18n';
import { procedureName } from '../lifecycleText';
import { LightTag } from './LightTag';

const STATE_COLOR: Record<StatutoryClock['state'], string> = {
  notStarted: 'default',
  running: 'processing',
  paused: 'warning',
  stopped: 'default',
};

type Action = 'pause' | 'resume' | 'extend' | 'deliver';

interface ActionValues {
  kind?: 'specialProcedure' | 'correction';
  procedure?: SpecialProcedure;
  reason?: string;
  expectedWorkingDays?: number;
  result?: string;
  workingDays?: number;
  method?: DeliveryMethod;
  /** 邮政寄递: the postal tracking number, required for post. */
  trackingNumber?: string;
}

/** The clock's actions by the case action the server lists for this user (`allowedActions`). */
const CLOCK_ACTIONS: [Action, CaseDetail['allowedActions'][number]][] = [
  ['pause', 'pauseClock'],
  ['resume', 'resumeClock'],
  ['extend', 'extendClock'],
  ['deliver', 'deliver'],
];

/**
 * 法定时限: the case's statutory clock — state, limit, 受理日, due date, working days left with the
 * light (frozen while paused), every pause and the extension — plus the window's and the issuance
 * facts, and the actions the user's role allows: 特别程序 pause and resume, 延期, 送达.
 */
export function StatutoryClockCard({ c, onChanged }: { c: CaseDetail; onChanged: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [action, setAction] = useState<Action | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<ActionValues>();
  const kind = Form.useWatch('kind', form);
  const method = Form.useWatch('method', form);
  const { clock, lifecycle } = c;
  // The limit that governs: the clock's, or before acceptance the one it will count (server-side).
  const limit: Limit | null = c.governingLimit;
  const openPause = clock.pauses.find((p) => p.until === null) ?? clock.pauses.at(-1);
  // While at the window: when the correction notice is due, after which the law accepts (Art. 32).
  const intakeDeadline =
    c.status === 'preReview'
      ? (c.tasks.find((task) => task.kind === 'intake' && task.deadline !== null)?.deadline ?? null)
      : null;

  const submit = async (values: ActionValues) => {
    setBusy(true);
    try {
      switch (action) {
        case 'pause':
          await api.pauseClock(
            c.id,
            values.kind === 'correction'
              ? { kind: 'correction', reason: values.reason!.trim() }
              : {
                  kind: 'specialProcedure',
                  procedure: values.procedure!,
                  reason: values.reason!.trim(),
                  expectedWorkingDays: values.expectedWorkingDays!,
                },
          );
          message.success(t('clock.pausedDone'));
          break;
        case 'resume':
          await api.resumeClock(c.id, { result: values.result!.trim() });
          message.success(t('clock.resumedDone'));
          break;
        case 'extend':
          await api.extendClock(c.id, { workingDays: values.workingDays!, reason: values.reason!.trim() });
          message.success(t('clock.extendedDone', { n: values.workingDays! }));
          break;
        case 'deliver':
          await api.deliverCase(c.id, {
            method: values.method ?? 'window',
            ...(values.method === 'post' ? { trackingNumber: values.trackingNumber!.trim() } : {}),
          });
          message.success(t('clock.deliveredDone'));
          break;
      }
      setAction(null);
      onChanged();
    } catch (err) {
      message.error(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };

  const required = (label: string) => [
    { required: true, whitespace: true, message: t('clock.fieldRequired', { label }) },
  ];
  const actions = CLOCK_ACTIONS.filter(([, allowed]) => c.allowedActions.includes(allowed)).map(([a]) => a);
  const buttons: Record<Action, { icon: ReactNode; label: string }> = {
    pause: { icon: <PauseCircleOutlined />, label: t('clock.pause') },
    resume: { icon: <PlayCircleOutlined />, label: t('clock.resume') },
    extend: { icon: <FieldTimeOutlined />, label: t('clock.extend') },
    deliver: { icon: <SendOutlined />, label: t('clock.deliver') },
  };
  const titles: Record<Action, string> = {
    pause: t('clock.pauseTitle'),
    resume: t('clock.resumeTitle'),
    extend: t('clock.extendTitle'),
    deliver: t('clock.deliverTitle'),
  };

  const remaining = (() => {
    if (clock.state === 'paused' && clock.remainingWorkingDays !== null)
      return (
        <Space size={4} wrap>
          <PauseCircleOutlined style={{ color: '#d48806' }} />
          <span>{t('clock.frozen', { n: clock.remainingWorkingDays })}</span>
        </Space>
      );
    if (clock.state === 'running' && clock.remainingWorkingDays !== null)
      return (
        <Space size={4} wrap>
          {clock.light && <LightTag light={clock.light} />}
          <span>{remainingText(t, clock.remainingWorkingDays)}</span>
        </Space>
      );
    return '—';
  })();

  const items = [
    {
      key: 'state',
      label: t('clock.state'),
      children: (
        <Tag
          color={STATE_COLOR[clock.state]}
          icon={<ClockCircleOutlined />}
          data-testid="clock-state"
          data-state={clock.state}
        >
          {t(`clock.state.${clock.state}`)}
        </Tag>
      ),
    },
    {
      key: 'limit',
      label: t('clock.limit'),
      children: limit ? (
        <span data-testid="clock-limit">
          {limitText(t, limit)}
          <Typography.Text type="secondary">
            {t('clock.limitKind', { kind: t(`limit.kind.${limit.kind}`) })}
          </Typography.Text>
        </span>
      ) : (
        '—'
      ),
    },
    { key: 'received', label: t('clock.receivedOn'), children: lifecycle.receivedOn ?? '—' },
    ...(intakeDeadline
      ? [
          {
            key: 'intakeDue',
            label: (
              <Tooltip title={t('clock.intakeDueHint')}>
                <span>{t('clock.intakeDue')}</span>
              </Tooltip>
            ),
            children: (
              <Space size={4} wrap data-testid="clock-intake-due">
                <span>{intakeDeadline.dueDate}</span>
                <LightTag light={intakeDeadline.light} provisional={intakeDeadline.provisional} />
                <span>{remainingText(t, intakeDeadline.remainingWorkingDays)}</span>
              </Space>
            ),
          },
        ]
      : []),
    {
      key: 'start',
      label: t('clock.startDate'),
      children: (
        <Space size={4} wrap>
          <span data-testid="clock-start-date">{clock.startDate ?? lifecycle.acceptedOn ?? '—'}</span>
          {lifecycle.deemedAcceptance && (
            <Tooltip title={t('clock.deemedHint')}>
              <Tag color="gold" data-testid="clock-deemed">
                {t('clock.deemed')}
              </Tag>
            </Tooltip>
          )}
        </Space>
      ),
    },
    {
      key: 'due',
      label: t('clock.dueDate'),
      children: (
        <Space size={4} wrap>
          <span data-testid="clock-due-date">{clock.dueDate ?? '—'}</span>
          {clock.state === 'paused' && clock.dueDate && (
            <Typography.Text type="secondary">{t('clock.dueShifts')}</Typography.Text>
          )}
          {clock.provisional && clock.state !== 'stopped' && (
            <Tooltip title={t('case.provisionalHint')}>
              <Tag data-testid="clock-provisional">{t('case.provisional')}</Tag>
            </Tooltip>
          )}
        </Space>
      ),
    },
    {
      key: 'remaining',
      label: t('clock.remaining'),
      children: <span data-testid="clock-remaining">{remaining}</span>,
    },
    ...(clock.extension
      ? [
          {
            key: 'extension',
            label: t('clock.extension'),
            children: (
              <span data-testid="clock-extension">
                {t('clock.extensionValue', { n: clock.extension.workingDays, on: clock.extension.on })}
                <br />
                <Typography.Text type="secondary">
                  {t('clock.extensionReason', { reason: clock.extension.reason })}
                </Typography.Text>
              </span>
            ),
          },
        ]
      : []),
    ...(c.concludedAt && c.status !== 'rejected'
      ? [
          {
            key: 'concluded',
            label: t('task.completedAt'),
            children: <span data-testid="clock-concluded-at">{formatDateTime(c.concludedAt)}</span>,
          },
        ]
      : []),
    ...(lifecycle.issuance
      ? [
          {
            key: 'issuance',
            label: (
              <Tooltip title={t('lifecycle.issuanceHint')}>
                <span>{t('lifecycle.issuance')}</span>
              </Tooltip>
            ),
            children: (
              <Space size={4} wrap data-testid="clock-issuance">
                <span>{lifecycle.issuance.dueDate}</span>
                <LightTag light={lifecycle.issuance.light} provisional={lifecycle.issuance.provisional} />
                <span>{remainingText(t, lifecycle.issuance.remainingWorkingDays)}</span>
              </Space>
            ),
          },
        ]
      : []),
    ...(lifecycle.deliveredAt
      ? [
          {
            key: 'delivered',
            label: t('lifecycle.deliveredAt'),
            children: <span data-testid="clock-delivered-at">{formatDateTime(lifecycle.deliveredAt)}</span>,
          },
        ]
      : []),
  ];

  return (
    <Card
      title={
        <Space>
          <ClockCircleOutlined />
          {t('clock.title')}
        </Space>
      }
      data-testid="clock-card"
      extra={
        actions.length > 0 && (
          <Space wrap>
            {actions.map((a) => (
              <Button
                key={a}
                icon={buttons[a].icon}
                data-testid={a === 'deliver' ? 'case-deliver' : `clock-${a}`}
                type={a === 'deliver' ? 'primary' : 'default'}
                onClick={() => {
                  form.resetFields();
                  setAction(a);
                }}
              >
                {buttons[a].label}
              </Button>
            ))}
          </Space>
        )
      }
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {c.status === 'rejected' && (
          <Alert
            type="error"
            showIcon
            data-testid="case-rejection"
            title={t('lifecycle.rejected')}
            description={t('lifecycle.rejectionReason', { reason: lifecycle.rejectionReason ?? '—' })}
          />
        )}
        {c.status === 'preReview' && <Alert type="info" showIcon title={t('lifecycle.atWindow')} />}
        {lifecycle.deemedAcceptance && (
          <Alert type="warning" showIcon title={t('clock.deemed')} description={t('clock.deemedHint')} />
        )}
        <Descriptions column={{ xs: 1, md: 2, xl: 3 }} items={items} />
        {clock.state === 'notStarted' && c.status !== 'rejected' && (
          <Typography.Text type="secondary">{t('clock.notStartedHint')}</Typography.Text>
        )}
        {clock.pauses.length > 0 && <PauseTable pauses={clock.pauses} />}
      </Space>

      <Modal
        open={action !== null}
        title={action ? titles[action] : ''}
        onCancel={() => setAction(null)}
        okText={
          action === 'pause'
            ? t('clock.pauseConfirm')
            : action === 'resume'
              ? t('clock.resume')
              : action === 'extend'
                ? t('clock.extendConfirm')
                : t('clock.deliverConfirm')
        }
        okButtonProps={{ loading: busy, 'data-testid': `${action}-confirm` } as ButtonProps}
        onOk={() => form.submit()}
        forceRender
      >
        <Form<ActionValues>
          form={form}
          layout="vertical"
          onFinish={(values) => void submit(values)}
          initialValues={{ kind: 'specialProcedure', method: 'window' }}
        >
          {action === 'pause' && (
            <>
              <Typography.Paragraph type="secondary">{t('clock.pauseHint')}</Typography.Paragraph>
              <Form.Item name="kind">
                <Radio.Group
                  optionType="button"
                  options={[
                    { value: 'specialProcedure', label: t('clock.pause') },
                    { value: 'correction', label: t('procedure.correction') },
                  ]}
                />
              </Form.Item>
              {kind !== 'correction' && (
                <>
                  <Form.Item
                    name="procedure"
                    label={t('clock.procedure')}
                    rules={[
                      { required: true, message: t('clock.fieldRequired', { label: t('clock.procedure') }) },
                    ]}
                  >
                    <Select
                      data-testid="pause-procedure"
                      placeholder={t('form.selectPlaceholder')}
                      options={SPECIAL_PROCEDURES.map((p) => ({
                        value: p,
                        label: procedureName(t, { kind: 'specialProcedure', procedure: p }),
                      }))}
                    />
                  </Form.Item>
                  <Form.Item
                    name="expectedWorkingDays"
                    label={t('clock.expectedWorkingDays')}
                    rules={[
                      {
                        required: true,
                        message: t('clock.fieldRequired', { label: t('clock.expectedWorkingDays') }),
                      },
                    ]}
                  >
                    <InputNumber
                      min={1}
                      max={250}
                      precision={0}
                      style={{ width: 160 }}
                      data-testid="pause-days"
                    />
                  </Form.Item>
                </>
              )}
              <Form.Item name="reason" label={t('clock.reason')} rules={required(t('clock.reason'))}>
                <Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} data-testid="pause-reason" />
              </Form.Item>
            </>
          )}
          {action === 'resume' && (
            <>
              {openPause && (
                <Typography.Paragraph type="secondary">
                  {procedureName(t, openPause)} · {t('clock.resumeHint', { n: openPause.remainingAtPause })}
                </Typography.Paragraph>
              )}
              <Form.Item name="result" label={t('clock.result')} rules={required(t('clock.result'))}>
                <Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} data-testid="resume-result" />
              </Form.Item>
            </>
          )}
          {action === 'extend' && (
            <>
              <Typography.Paragraph type="secondary">
                {t('clock.extendHint', { max: lifecycle.maxExtensionWorkingDays })}
              </Typography.Paragraph>
              <Form.Item
                name="workingDays"
                label={t('clock.extendDays')}
                rules={[
                  { required: true, message: t('clock.fieldRequired', { label: t('clock.extendDays') }) },
                ]}
              >
                <InputNumber
                  min={1}
                  max={lifecycle.maxExtensionWorkingDays}
                  precision={0}
                  style={{ width: 160 }}
                  data-testid="extend-days"
                />
              </Form.Item>
              <Form.Item
                name="reason"
                label={t('clock.extendReason')}
                rules={required(t('clock.extendReason'))}
              >
                <Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} data-testid="extend-reason" />
              </Form.Item>
            </>
          )}
          {action === 'deliver' && (
            <Form.Item name="method" label={t('clock.deliveryMethod')}>
              <Radio.Group
                data-testid="deliver-method"
                options={(['window', 'post', 'electronic'] as const).map((m) => ({
                  value: m,
                  label: t(`delivery.${m}`),
                }))}
              />
            </Form.Item>
          )}
          {action === 'deliver' && method === 'post' && (
            <Form.Item
              name="trackingNumber"
              label={t('clock.trackingNumber')}
              rules={required(t('clock.trackingNumber'))}
            >
              <Input maxLength={64} data-testid="deliver-tracking" />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Card>
  );
}

/** 暂停计时记录: each special procedure (or correction) with its reason, expected time and period. */
function PauseTable({ pauses }: { pauses: ClockPause[] }) {
  const { t } = useI18n();
  return (
    <div>
      <Typography.Text strong>{t('clock.pauses')}</Typography.Text>
      <Table<ClockPause>
        style={{ marginTop: 8 }}
        size="small"
        pagination={false}
        data-testid="clock-pauses"
        rowKey={(p) => `${p.from}-${p.kind}-${p.procedure ?? ''}`}
        dataSource={pauses}
        onRow={(p) => ({ 'data-testid': `clock-pause-${p.procedure ?? p.kind}` }) as object}
        columns={[
          {
            key: 'procedure',
            title: t('clock.pauseProcedure'),
            render: (_, p) => <Tag color={p.until ? 'default' : 'warning'}>{procedureName(t, p)}</Tag>,
          },
          { key: 'reason', title: t('clock.pauseReason'), dataIndex: 'reason' },
          {
            key: 'expected',
            title: t('clock.pauseExpected'),
            render: (_, p) =>
              p.expectedWorkingDays === null ? '—' : t('clock.workingDays', { n: p.expectedWorkingDays }),
          },
          {
            key: 'period',
            title: t('clock.pausePeriod'),
            render: (_, p) => `${p.from} – ${p.until ?? t('clock.ongoing')}`,
          },
          {
            key: 'left',
            title: t('clock.pauseLeft'),
            render: (_, p) => t('clock.workingDays', { n: p.remainingAtPause }),
          },
          {
            key: 'result',
            title: t('clock.pauseResult'),
            render: (_, p) => p.result ?? '—',
          },
        ]}
      />
    </div>
  );
}
