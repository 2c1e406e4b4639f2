import { CheckOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, type Task } from '../api';
import { errorText } from '../errors';
import { useI18n } from '../i18n';
import { IntakeActions } from './IntakeActions';
import { Labelled } from './Labelled';
import { StepActions } from './StepActions';

/**
 * What the viewer may do with a task now, as buttons: only the server's `allowedActions` (认领,
 * 受理, the step's own actions, 办结 with its comment). Used on the inbox rows and in the task view.
 */
export function TaskActions({ task, onDone }: { task: Task; onDone: () => void }) {
  const { t, pick } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [completing, setCompleting] = useState(false);
  const [commentForm] = Form.useForm<{ comment?: string }>();
  const allowed = (a: Task['allowedActions'][number]) => task.allowedActions.includes(a);

  const claim = async () => {
    setBusy(true);
    try {
      await api.claimTask(task.id);
      message.success(t('inbox.claimed', { step: pick(task.name) }));
    } catch (err) {
      message.error(errorText(t, err));
    } finally {
      setBusy(false);
      onDone();
    }
  };

  const confirmComplete = async () => {
    const comment = commentForm.getFieldValue('comment')?.trim();
    setBusy(true);
    try {
      await api.completeTask(task.id, { outcome: 'approved', ...(comment ? { comment } : {}) });
      message.success(t('inbox.completed', { step: pick(task.name) }));
      setCompleting(false);
    } catch (err) {
      message.error(errorText(t, err));
    } finally {
      setBusy(false);
      onDone();
    }
  };

  return (
    <Space wrap>
      {/* A window decision claims the intake step itself, as 办结 does a step. */}
      {allowed('claim') && (
        <Button size="small" data-testid={`claim-${task.id}`} loading={busy} onClick={() => void claim()}>
          {t('inbox.claim')}
        </Button>
      )}
      {allowed('intake') && <IntakeActions task={task} disabled={busy} onDone={onDone} />}
      {task.kind !== 'intake' && <StepActions task={task} onDone={onDone} />}
      {allowed('complete') && (
        <Button
          size="small"
          type="primary"
          icon={<CheckOutlined />}
          data-testid={`complete-${task.id}`}
          disabled={busy}
          onClick={() => setCompleting(true)}
        >
          {t('inbox.complete')}
        </Button>
      )}
      <Modal
        open={completing}
        title={t('inbox.completeTitle', { step: pick(task.name) })}
        onCancel={() => setCompleting(false)}
        destroyOnHidden
        footer={[
          <Button key="cancel" onClick={() => setCompleting(false)}>
            {t('common.cancel')}
          </Button>,
          <Button
            key="ok"
            type="primary"
            data-testid="complete-confirm"
            loading={busy}
            onClick={() => void confirmComplete()}
          >
            {t('inbox.confirm')}
          </Button>,
        ]}
      >
        <Typography.Paragraph>
          <Labelled label={t('case.number')}>
            <span className="yj-case-number">{task.caseNumber}</span>
          </Labelled>
          <br />
          <Labelled label={t('inbox.outcome')}>
            <Tag color="green">{t('inbox.outcomeApproved')}</Tag>
          </Labelled>
        </Typography.Paragraph>
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
    </Space>
  );
}
