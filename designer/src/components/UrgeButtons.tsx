import { App, Button, Input, Modal, Space } from 'antd';
import { useState } from 'react';
import { errorText } from '../errors';
import { useI18n } from '../i18n';
import { resultsApi } from '../resultsApi';

/** 催办 and 督办 by hand: a manager's message to the clerks of an open step (audited on the case). */
export function UrgeButtons({ taskId, onDone }: { taskId: string; onDone?: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [level, setLevel] = useState<'urge' | 'supervise' | null>(null);
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);

  const send = async () => {
    if (!level) return;
    setSending(true);
    try {
      await resultsApi.urge(taskId, level, text);
      message.success(t('urge.sent'));
      setLevel(null);
      setText('');
      onDone?.();
    } catch (err) {
      message.error(errorText(t, err));
    } finally {
      setSending(false);
    }
  };

  return (
    <>
      <Space size={4}>
        <Button size="small" data-testid={`urge-${taskId}`} onClick={() => setLevel('urge')}>
          {t('urge.urge')}
        </Button>
        <Button size="small" danger data-testid={`supervise-${taskId}`} onClick={() => setLevel('supervise')}>
          {t('urge.supervise')}
        </Button>
      </Space>
      <Modal
        open={!!level}
        title={t(level === 'supervise' ? 'urge.supervise' : 'urge.urge')}
        okButtonProps={{ disabled: !text.trim(), loading: sending, id: 'urge-send' }}
        onOk={() => void send()}
        onCancel={() => setLevel(null)}
      >
        <Input.TextArea
          data-testid="urge-message"
          placeholder={t('urge.message')}
          value={text}
          maxLength={1000}
          onChange={(e) => setText(e.target.value)}
        />
      </Modal>
    </>
  );
}
