import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import type { Language } from '@hutong/core';
import {
  Alert,
  App as AntApp,
  Button,
  type ButtonProps,
  Card,
  Checkbox,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  Popconfirm,
  Radio,
  Segmented,
  Select,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeApiError } from '../api/describe-api-error.js';
import {
  createGrant,
  fetchMyGrants,
  fetchRelyingParties,
  type Grant,
  type GrantInput,
  type RelyingParty,
  revokeGrant,
} from '../api/grants-api.js';
import { fetchMyLicences, type MyLicenceSummary } from '../api/holder-api.js';
import { fetchAllMatters, type Matter } from '../api/matters-api.js';
import { formatInstant, labelIn } from '../layout/format.js';
import { LoadError, Loading } from '../layout/load-state.js';
import { useLoad } from '../layout/use-load.js';

type GrantFilter = Grant['status'];
const FILTERS: readonly GrantFilter[] = ['active', 'revoked', 'expired'];
const STATUS_COLOURS: Readonly<Record<GrantFilter, string>> = {
  active: 'success',
  revoked: 'error',
  expired: 'default',
};

/** What the grant form and the list need besides the grants: names of parties, matters, licences. */
interface Context {
  readonly parties: readonly RelyingParty[];
  readonly matters: readonly Matter[];
  readonly licences: readonly MyLicenceSummary[];
}

async function readContext(language: Language, signal: AbortSignal): Promise<Context> {
  const licences: MyLicenceSummary[] = [];
  let cursor: string | undefined;
  // A person holds tens of licences, not thousands: every page, for the form's choices.
  do {
    const page = await fetchMyLicences(language, cursor, signal);
    licences.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  const [parties, matters] = await Promise.all([
    fetchRelyingParties(language, signal),
    fetchAllMatters(language, signal),
  ]);
  return { parties, matters, licences };
}

async function readGrants(language: Language, signal: AbortSignal): Promise<Grant[]> {
  const grants: Grant[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetchMyGrants(language, cursor, signal);
    grants.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return grants;
}

/** `yyyy-MM-dd` of a date `days` from now, in China time (the holder's calendar). */
function dayFromNow(days: number): string {
  const at = new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000);
  return at.toISOString().slice(0, 10);
}

/** A checkbox group's rule: at least one ticked. */
function atLeastOne(message: string) {
  return {
    validator: (_: unknown, value: unknown) =>
      Array.isArray(value) && value.length > 0 ? Promise.resolve() : Promise.reject(new Error(message)),
  };
}

interface GrantFormValues {
  readonly clientId?: string;
  readonly matterCode?: string;
  readonly scope: 'types' | 'licences';
  readonly typeCodes?: string[];
  readonly identifiers?: string[];
  readonly purpose?: string;
  readonly until: string;
}

/** 新建授权: a relying party, the licences (by type or one by one), the matter, the purpose, until when. */
function GrantForm({
  language,
  csrfToken,
  context,
  onCreated,
  onCancel,
}: {
  readonly language: Language;
  readonly csrfToken: string;
  readonly context: Context;
  readonly onCreated: (grant: Grant) => void;
  readonly onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<GrantFormValues>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  // One key per form opening: a double click or a retry after a lost answer makes one grant.
  const idempotencyKey = useRef(crypto.randomUUID());
  const scope = Form.useWatch('scope', form) ?? 'types';
  const types = useMemo(() => {
    const byCode = new Map<string, string>();
    for (const l of context.licences) byCode.set(l.typeCode, labelIn(l.typeName, language));
    return [...byCode.entries()].map(([value, label]) => ({ value, label }));
  }, [context.licences, language]);

  const submit = async (values: GrantFormValues) => {
    const input: GrantInput = {
      clientId: values.clientId ?? '',
      matterCode: values.matterCode ?? '',
      purpose: values.purpose ?? '',
      // The end of the chosen day in China time (UTC+8, no daylight saving).
      validUntil: `${values.until}T23:59:59+08:00`,
      ...(values.scope === 'types' ? { typeCodes: values.typeCodes ?? [] } : { identifiers: values.identifiers ?? [] }),
    };
    setBusy(true);
    setFailure(undefined);
    try {
      onCreated(await createGrant(language, csrfToken, input, idempotencyKey.current));
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('holder.grants.new')} size="small" data-testid="grant-form">
      {failure !== undefined && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={t('holder.grants.createFailed')}
          description={describeApiError(failure, t)}
          data-testid="grant-form-error"
          className="holder-grant-error"
        />
      )}
      <Form<GrantFormValues>
        form={form}
        layout="vertical"
        initialValues={{ scope: 'types', until: dayFromNow(30) }}
        onFinish={(values) => void submit(values)}
      >
        <Form.Item
          name="clientId"
          label={t('holder.grants.relyingParty')}
          rules={[{ required: true, message: t('holder.grants.relyingPartyRequired') }]}
        >
          <Radio.Group data-testid="grant-relying-party">
            <Flex vertical gap="small">
              {context.parties.map((p) => (
                <Radio key={p.clientId} value={p.clientId}>
                  {p.name}
                  {p.organisationName === undefined ? '' : ` · ${labelIn(p.organisationName, language)}`}
                </Radio>
              ))}
            </Flex>
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="matterCode"
          label={t('holder.grants.matter')}
          htmlFor="grant-matter"
          rules={[{ required: true, message: t('holder.grants.matterRequired') }]}
        >
          <Select
            id="grant-matter"
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('holder.grants.matterPlaceholder')}
            options={context.matters.map((m) => ({ value: m.code, label: `${labelIn(m.name, language)} (${m.code})` }))}
            onChange={(code: string) => {
              const matter = context.matters.find((m) => m.code === code);
              if (matter !== undefined && !form.isFieldTouched('purpose'))
                form.setFieldValue('purpose', labelIn(matter.name, language));
            }}
            data-testid="grant-matter"
          />
        </Form.Item>
        <Form.Item name="scope" label={t('holder.grants.scope')}>
          <Radio.Group
            options={[
              { value: 'types', label: t('holder.grants.byType') },
              { value: 'licences', label: t('holder.grants.byLicence') },
            ]}
            data-testid="grant-scope"
          />
        </Form.Item>
        {scope === 'types' ? (
          <Form.Item
            name="typeCodes"
            label={t('holder.grants.types')}
            // A validator, not `required`: Form.Item would put aria-required on the checkbox group's
            // plain <div>, which ARIA does not allow (axe aria-allowed-attr).
            rules={[atLeastOne(t('holder.grants.typesRequired'))]}
          >
            <Checkbox.Group data-testid="grant-types">
              <Flex vertical gap="small">
                {types.map((type) => (
                  <Checkbox key={type.value} value={type.value}>
                    {type.label}
                  </Checkbox>
                ))}
              </Flex>
            </Checkbox.Group>
          </Form.Item>
        ) : (
          <Form.Item
            name="identifiers"
            label={t('holder.grants.licences')}
            // A validator, not `required`: Form.Item would put aria-required on the checkbox group's
            // plain <div>, which ARIA does not allow (axe aria-allowed-attr).
            rules={[atLeastOne(t('holder.grants.licencesRequired'))]}
          >
            <Checkbox.Group data-testid="grant-licences">
              <Flex vertical gap="small">
                {context.licences.map((l) => (
                  <Checkbox key={l.identifier} value={l.identifier}>
                    {l.certificateName} · {l.certificateNumber}
                  </Checkbox>
                ))}
              </Flex>
            </Checkbox.Group>
          </Form.Item>
        )}
        <Form.Item
          name="purpose"
          label={t('holder.grants.purpose')}
          htmlFor="grant-purpose"
          rules={[{ required: true, whitespace: true, message: t('holder.grants.purposeRequired') }]}
        >
          <Input id="grant-purpose" maxLength={200} data-testid="grant-purpose" />
        </Form.Item>
        <Form.Item
          name="until"
          label={t('holder.grants.until')}
          htmlFor="grant-until"
          extra={t('holder.grants.untilHelp')}
          rules={[{ required: true, message: t('holder.grants.untilRequired') }]}
        >
          <Input id="grant-until" type="date" min={dayFromNow(0)} max={dayFromNow(365)} data-testid="grant-until" />
        </Form.Item>
        <Flex gap="small" wrap>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="grant-submit">
            {t('holder.grants.submit')}
          </Button>
          <Button onClick={onCancel} disabled={busy} data-testid="grant-cancel">
            {t('common.cancel')}
          </Button>
        </Flex>
      </Form>
    </Card>
  );
}

/** 用证授权: the holder's grants (active / revoked / expired), new grants, revocation, receipts. */
export function MyGrants({ language, csrfToken }: { readonly language: Language; readonly csrfToken: string }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [filter, setFilter] = useState<GrantFilter>('active');
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<string | undefined>(undefined);
  const [grants, retryGrants] = useLoad((signal) => readGrants(language, signal), [language], {
    keepWhileReloading: true,
  });
  const [context, retryContext] = useLoad((signal) => readContext(language, signal), [language]);

  if (grants.kind === 'loading' || context.kind === 'loading')
    return <Loading text={t('holder.grants.loading')} testId="grants-loading" />;
  if (grants.kind === 'error')
    return (
      <LoadError title={t('holder.grants.failed')} error={grants.error} onRetry={retryGrants} testId="grants-error" />
    );
  if (context.kind === 'error')
    return (
      <LoadError title={t('holder.grants.failed')} error={context.error} onRetry={retryContext} testId="grants-error" />
    );

  const parties = new Map(context.value.parties.map((p) => [p.clientId, p.name]));
  const matters = new Map(context.value.matters.map((m) => [m.code, labelIn(m.name, language)]));
  const typeNames = new Map(context.value.licences.map((l) => [l.typeCode, labelIn(l.typeName, language)]));
  const licenceNames = new Map(context.value.licences.map((l) => [l.identifier, l.certificateName]));
  const all = grants.value;
  const shown = all.filter((g) => g.status === filter);

  const revoke = async (grant: Grant) => {
    setRevoking(grant.id);
    try {
      await revokeGrant(language, csrfToken, grant.id);
      void message.success(t('holder.grants.revoked'));
      retryGrants();
    } catch (error) {
      void message.error(describeApiError(error, t));
    } finally {
      setRevoking(undefined);
    }
  };

  return (
    <Flex vertical gap="middle" data-testid="grants">
      {creating ? (
        <GrantForm
          language={language}
          csrfToken={csrfToken}
          context={context.value}
          onCancel={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            setFilter('active');
            void message.success(t('holder.grants.created'));
            retryGrants();
          }}
        />
      ) : (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="grant-new">
          {t('holder.grants.new')}
        </Button>
      )}
      <Segmented<GrantFilter>
        block
        value={filter}
        onChange={setFilter}
        options={FILTERS.map((f) => ({
          value: f,
          label: `${t(`holder.grants.status.${f}`)} (${all.filter((g) => g.status === f).length})`,
        }))}
        data-testid="grant-filter"
      />
      {shown.length === 0 ? (
        <Empty description={t(`holder.grants.empty.${filter}`)} data-testid="grants-empty" />
      ) : (
        shown.map((grant) => (
          <Card
            key={grant.id}
            size="small"
            title={parties.get(grant.relyingParty.clientId) ?? grant.relyingParty.organisationCode}
            extra={<Tag color={STATUS_COLOURS[grant.status]}>{t(`holder.grants.status.${grant.status}`)}</Tag>}
            data-testid="grant-card"
            data-grant-id={grant.id}
          >
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('holder.grants.number')}>
                <Typography.Text copyable code className="holder-grant-id" data-testid="grant-id">
                  {grant.id}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('holder.grants.matter')}>
                {matters.get(grant.matterCode) ?? grant.matterCode}
              </Descriptions.Item>
              <Descriptions.Item label={t('holder.grants.purpose')}>{grant.purpose}</Descriptions.Item>
              <Descriptions.Item label={t('holder.grants.covers')}>
                {[
                  ...grant.licences.typeCodes.map((c) => typeNames.get(c) ?? c),
                  ...grant.licences.identifiers.map((i) => licenceNames.get(i) ?? i),
                ].join('、')}
              </Descriptions.Item>
              <Descriptions.Item label={t('holder.grants.until')}>
                {formatInstant(grant.validUntil, language)}
              </Descriptions.Item>
              {grant.revokedAt !== undefined && (
                <Descriptions.Item label={t('holder.grants.revokedAt')}>
                  {formatInstant(grant.revokedAt, language)}
                </Descriptions.Item>
              )}
            </Descriptions>
            <Flex gap="small" wrap>
              <Button icon={<DownloadOutlined />} href={grant.receiptUrl} download data-testid="grant-receipt">
                {t('holder.grants.receipt')}
              </Button>
              {grant.status === 'active' && (
                <Popconfirm
                  title={t('holder.grants.revokeTitle')}
                  description={t('holder.grants.revokeText')}
                  okText={t('holder.grants.revokeConfirm')}
                  cancelText={t('common.cancel')}
                  okButtonProps={{ danger: true, 'data-testid': 'grant-revoke-confirm' } as ButtonProps}
                  onConfirm={() => revoke(grant)}
                >
                  <Button danger loading={revoking === grant.id} data-testid="grant-revoke">
                    {t('holder.grants.revoke')}
                  </Button>
                </Popconfirm>
              )}
            </Flex>
          </Card>
        ))
      )}
    </Flex>
  );
}
