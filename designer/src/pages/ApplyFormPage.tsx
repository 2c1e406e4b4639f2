import { ArrowLeftOutlined } from '@ant-design/icons';
import { completeAnswers, fieldProblem, visibleFields } from '@yijian/process-library/forms';
import {
  App,
  Button,
  Card,
  Checkbox,
  Divider,
  Form,
  type FormRule,
  Grid,
  Input,
  InputNumber,
  Radio,
  Select,
  Skeleton,
  Space,
  Steps,
  Typography,
} from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import {
  ApiError,
  api,
  client,
  data,
  type FormAnswers,
  type FormField,
  type FormSchema,
  type Prefill,
} from '../api';
import { ApplyMaterials } from '../components/ApplyMaterials';
import { ErrorResult } from '../components/ErrorResult';
import { errorText } from '../errors';
import { formatDateTime } from '../format';
import { type Lang, type MessageKey, optionLabel, useI18n } from '../i18n';
import type { Upload } from '../materialsApi';
import { useApi } from '../useApi';

type Values = Record<string, string | number | boolean | null | undefined>;

/** 买受人/出卖人: each choice is the applicant saying who they are ("我是出卖人"), not a section name. */
const PARTY_CHOICE: Record<Prefill['parties'][number]['party'], MessageKey> = {
  buyer: 'apply.party.buyer',
  seller: 'apply.party.seller',
};

/** The answers as the server reads them: empty inputs are absent, as they are when submitted. */
function answersOf(values: Values): FormAnswers {
  const answers: FormAnswers = {};
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== null && value !== '') answers[key] = value;
  }
  return answers;
}

/** Fields grouped under their section headings, in the schema's section order. */
function groupBySection(
  schema: FormSchema,
  fields: FormField[],
): { id: string; title?: { label: string; labelEn: string }; fields: FormField[] }[] {
  const sections = schema.sections ?? [];
  if (sections.length === 0) return [{ id: '', fields }];
  const groups = sections.map((section) => ({
    id: section.id,
    title: { label: section.label, labelEn: section.labelEn },
    fields: fields.filter((f) => f.section === section.id),
  }));
  const rest = fields.filter((f) => !sections.some((section) => section.id === f.section));
  return [...groups, { id: '', fields: rest }].filter((g) => g.fields.length > 0);
}

export function fieldLabel(field: FormField, lang: Lang): string {
  return lang === 'en' && field.labelEn ? field.labelEn : field.label;
}

/**
 * The field's rule as the server applies it: `fieldProblem` from the shared form rules
 * (`@yijian/process-library/forms`, also behind the server's formValidator), in the page's language,
 * so the browser and the server accept and word the same answers.
 */
export function rulesFor(field: FormField, lang: Lang): FormRule[] {
  const language = lang === 'en' ? 'en' : 'zh-CN';
  return [
    {
      validator: (_rule, value: unknown) => {
        const problem = fieldProblem(field, value, language);
        return problem ? Promise.reject(new Error(problem)) : Promise.resolve();
      },
    },
  ];
}

/**
 * The control for one field. Returned as an element (not a component) so that Form.Item can inject
 * `value`/`onChange` straight into the antd input.
 */
export function fieldControl(field: FormField, selectPlaceholder: string, label: string, lang: Lang = 'zh') {
  const testId = `field-${field.key}`;
  switch (field.type) {
    case 'checkbox':
      return <Checkbox data-testid={testId}>{label}</Checkbox>;
    case 'number':
      return <InputNumber style={{ width: '100%' }} data-testid={testId} />;
    case 'textarea':
      return <Input.TextArea autoSize={{ minRows: 3 }} data-testid={testId} />;
    case 'select':
      return (
        <Select
          data-testid={testId}
          placeholder={selectPlaceholder}
          options={(field.values ?? []).map((o) => ({ label: optionLabel(lang, o), value: o.value }))}
        />
      );
    default:
      return <Input data-testid={testId} />;
  }
}

/** 一表申请: renders a bundle's combined form and files the case. */
export default function ApplyFormPage() {
  const { bundleKey = '' } = useParams();
  const { t, lang, pick } = useI18n();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [submitting, setSubmitting] = useState(false);
  // 分步填写: one step per section, then 材料, then 确认提交; each step validated before the next.
  const [step, setStep] = useState(0);
  const phone = !Grid.useBreakpoint().md;
  // 申请材料: uploads by material key, each serving every item that needs it.
  const [uploads, setUploads] = useState<Record<string, Upload>>({});
  // Every value, including fields not (or no longer) rendered, to decide which fields are shown.
  const watched = Form.useWatch((values: Values) => values, { form, preserve: true }) ?? {};
  const {
    data: bundle,
    error,
    loading,
    reload,
  } = useApi((signal) => api.bundle(bundleKey, signal), [bundleKey]);

  // 草稿: resume the server-side draft, or start from what the platform already knows (预填).
  const [restored, setRestored] = useState(false);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  // 买受人/出卖人: on a two-party bundle the applicant says which party they are; the server's
  // prefill names each party's fields and fills the chosen one's from the account.
  type Parties = Prefill['parties'];
  const [parties, setParties] = useState<Parties>([]);
  const [party, setParty] = useState<Parties[number]['party'] | null>(null);
  const saveTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  /** The autosave in flight: filing waits for it, so a late save cannot bring back a filed draft. */
  const saving = useRef<Promise<unknown> | null>(null);
  useEffect(() => {
    if (!bundle || restored) return;
    let cancelled = false;
    const path = { params: { path: { bundleKey: bundle.key } } };
    const prefilled = data(
      client.GET('/api/bundles/{key}/prefill', { params: { path: { key: bundle.key }, query: {} } }),
    ).catch(() => null);
    void prefilled.then((prefill) => !cancelled && prefill && setParties(prefill.parties));
    data(client.GET('/api/drafts/{bundleKey}', path))
      .then((draft) => {
        if (cancelled) return;
        form.setFieldsValue(Object.fromEntries(Object.entries(draft.form).map(([k, v]) => [k, v])));
        setUploads(draft.materials);
        setSavedAt(draft.updatedAt);
      })
      .catch(async () => {
        const prefill = await prefilled;
        if (!cancelled && prefill)
          form.setFieldsValue(Object.fromEntries(prefill.values.map((v) => [v.key, v.value])));
      })
      .finally(() => !cancelled && setRestored(true));
    return () => {
      cancelled = true;
    };
  }, [bundle, restored, form]);
  const watchedKey = JSON.stringify(watched);
  const uploadsKey = Object.entries(uploads)
    .map(([k, u]) => `${k}:${u.id}`)
    .join(',');
  // Autosave a second after the last change, so a reload or another device resumes here.
  useEffect(() => {
    if (!bundle || !restored || submitting) return;
    if (saveTimer.current) clearTimeout(saveTimer.current);
    saveTimer.current = setTimeout(() => {
      const answers = answersOf(form.getFieldsValue(true));
      const materials = Object.fromEntries(Object.entries(uploads).map(([k, u]) => [k, u.id]));
      if (Object.keys(answers).length === 0 && Object.keys(materials).length === 0) return;
      saving.current = data(
        client.PUT('/api/drafts/{bundleKey}', {
          params: { path: { bundleKey: bundle.key } },
          body: { form: answers, materials, step: 0 },
        }),
      )
        .then((d) => setSavedAt(d.updatedAt))
        .catch(() => {});
    }, 1000);
    return () => {
      if (saveTimer.current) clearTimeout(saveTimer.current);
    };
  }, [watchedKey, uploadsKey, restored]);

  const chooseParty = async (chosen: Parties[number]['party']) => {
    setParty(chosen);
    if (!bundle) return;
    const prefill = await data(
      client.GET('/api/bundles/{key}/prefill', {
        params: { path: { key: bundle.key }, query: { party: chosen } },
      }),
    ).catch(() => null);
    // Only the chosen party's fields (and the applicant's own) are filled; the other party's stay
    // as typed.
    const others = new Set(parties.filter((p) => p.party !== chosen).flatMap((p) => p.fieldKeys));
    if (prefill)
      form.setFieldsValue(
        Object.fromEntries(prefill.values.filter((v) => !others.has(v.key)).map((v) => [v.key, v.value])),
      );
  };

  if (error) return <ErrorResult error={error} onRetry={reload} />;
  if (loading || !bundle) return <Skeleton active />;

  const fields = bundle.form.components.filter((c) => typeof c.key === 'string' && c.key !== '');
  // Unticked boxes answer false, so hide conditions such as `shop.sellsTobacco = true` read a value.
  const initialValues: Values = Object.fromEntries(
    fields.filter((f) => f.type === 'checkbox').map((f) => [f.key, false]),
  );
  const current = answersOf({ ...initialValues, ...watched });
  // The shared form rules: conditions run on the engine's strict FEEL, on the answers as the case
  // will hold them (every field present), as the server's validator runs them.
  const variables = completeAnswers({ components: fields }, current);
  const shown = visibleFields({ components: fields }, current);
  const groups = groupBySection(bundle.form, shown);
  const steps = [
    ...groups.map((g) => ({
      title: g.title
        ? lang === 'en' && g.title.labelEn
          ? g.title.labelEn
          : g.title.label
        : t('form.step.fields'),
    })),
    { title: t('form.step.materials') },
    { title: t('form.step.confirm') },
  ];
  const materialsStep = groups.length;
  const confirmStep = groups.length + 1;
  const atStep = Math.min(step, confirmStep);
  // A refused answer on another step: go back to that step, where its message shows.
  const stepOf = (key: string) => groups.findIndex((g) => g.fields.some((f) => f.key === key));
  const showFirstError = (keys: string[]) => {
    const index = keys.map(stepOf).find((i) => i >= 0);
    if (index !== undefined) setStep(index);
  };
  const next = async () => {
    const group = groups[atStep];
    if (group) {
      try {
        await form.validateFields(group.fields.map((f) => [f.key]));
      } catch {
        return;
      }
    }
    setStep(atStep + 1);
    window.scrollTo({ top: 0 });
  };

  const onFinish = async () => {
    // Keys like `shop.area` stay flat: the server's field dictionary is keyed by the dotted name.
    // Hidden fields keep their value in the form store but are not sent.
    const all = answersOf({ ...initialValues, ...form.getFieldsValue(true) });
    const answers: FormAnswers = {};
    for (const field of visibleFields({ components: fields }, all)) {
      const value = all[field.key];
      if (value !== undefined) answers[field.key] = value;
    }
    setSubmitting(true);
    // No autosave after this point: filing deletes the draft, a save landing later would revive it.
    if (saveTimer.current) clearTimeout(saveTimer.current);
    await saving.current;
    try {
      const materials = Object.fromEntries(Object.entries(uploads).map(([key, upload]) => [key, upload.id]));
      const filed = await api.createCase(bundle.key, answers, materials);
      message.success(t('form.submitted', { caseNumber: filed.caseNumber }));
      navigate(`/cases/${encodeURIComponent(filed.id)}`, { state: { justFiled: filed.caseNumber } });
    } catch (err) {
      setSubmitting(false);
      if (err instanceof ApiError && err.details.length > 0) {
        // Server paths look like `form.shop.area`; put each message under its own field.
        const known = new Set(fields.map((f) => f.key));
        const onFields = err.details
          .map((d) => ({ key: d.path.replace(/^form\./, ''), message: d.message }))
          .filter((d) => known.has(d.key));
        form.setFields(onFields.map((d) => ({ name: [d.key], errors: [d.message] })));
        showFirstError(onFields.map((d) => d.key));
        if (onFields.length === err.details.length) {
          message.error(`${err.message} — ${t('form.fixErrors')}`);
          return;
        }
      }
      message.error(errorText(t, err));
    }
  };

  return (
    <Card
      title={
        <Space>
          <Button
            type="text"
            icon={<ArrowLeftOutlined />}
            onClick={() => navigate('/apply')}
            aria-label={t('common.back')}
          />
          {t('form.title', { name: pick(bundle.name) })}
        </Space>
      }
      style={{ maxWidth: 760, margin: '0 auto' }}
    >
      <Typography.Paragraph type="secondary">{pick(bundle.description)}</Typography.Paragraph>
      {savedAt && (
        <Typography.Paragraph type="secondary" data-testid="draft-saved">
          {t('draft.saved', { at: formatDateTime(savedAt) })}
        </Typography.Paragraph>
      )}
      {parties.length > 1 && (
        <div style={{ marginBottom: 16 }} data-testid="party-picker">
          <Typography.Text strong>{t('apply.partyPicker')}</Typography.Text>
          <div>
            <Radio.Group
              value={party}
              onChange={(e) => void chooseParty(e.target.value)}
              options={parties.map((p) => ({
                value: p.party,
                label: t(PARTY_CHOICE[p.party]),
              }))}
            />
          </div>
          <Typography.Text type="secondary">{t('apply.partyHint')}</Typography.Text>
        </div>
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={onFinish}
        onFinishFailed={({ errorFields }) => showFirstError(errorFields.map((f) => String(f.name[0])))}
        initialValues={initialValues}
        scrollToFirstError
      >
        <Steps
          current={atStep}
          size="small"
          direction={phone ? 'vertical' : 'horizontal'}
          items={steps}
          data-testid="apply-steps"
          style={{ marginBottom: 24 }}
        />
        {groups.map((group, index) => (
          // Every step stays mounted (hidden), so the final submit validates every answer.
          <div
            key={group.id || '(rest)'}
            data-testid={group.id ? `section-${group.id}` : undefined}
            style={index === atStep ? undefined : { display: 'none' }}
          >
            {group.title && (
              <Divider titlePlacement="start">
                {lang === 'en' && group.title.labelEn ? group.title.labelEn : group.title.label}
              </Divider>
            )}
            {group.fields.map((field) => {
              const label = fieldLabel(field, lang);
              const checkbox = field.type === 'checkbox';
              return (
                <Form.Item
                  key={field.key}
                  // An array path, so antd does not split `shop.area` into nested objects.
                  name={[field.key]}
                  label={checkbox ? undefined : label}
                  valuePropName={checkbox ? 'checked' : 'value'}
                  required={field.validate?.required === true && !checkbox}
                  extra={lang === 'en' ? (field.descriptionEn ?? field.description) : field.description}
                  rules={rulesFor(field, lang)}
                >
                  {fieldControl(field, t('form.selectPlaceholder'), label, lang)}
                </Form.Item>
              );
            })}
          </div>
        ))}
        <div style={atStep === materialsStep ? undefined : { display: 'none' }}>
          <ApplyMaterials
            bundleKey={bundle.key}
            answers={variables}
            uploads={uploads}
            onChange={setUploads}
          />
        </div>
        {atStep === confirmStep && (
          <Typography.Paragraph data-testid="apply-confirm">
            {t('form.step.confirmText')}
          </Typography.Paragraph>
        )}
        <Space wrap style={{ marginTop: 16 }}>
          {atStep > 0 && (
            <Button size="large" onClick={() => setStep(atStep - 1)} data-testid="apply-prev">
              {t('form.step.prev')}
            </Button>
          )}
          {atStep < confirmStep ? (
            <Button type="primary" size="large" onClick={next} data-testid="apply-next">
              {t('form.step.next')}
            </Button>
          ) : (
            // Not a submit button: 下一步 turning into it under the click must not file the case,
            // and Enter in a field on an earlier step must not either.
            <Button
              type="primary"
              onClick={() => form.submit()}
              loading={submitting}
              data-testid="apply-submit"
              size="large"
            >
              {t('form.submit')}
            </Button>
          )}
        </Space>
      </Form>
    </Card>
  );
}
