import { PlusOutlined } from '@ant-design/icons';
import type { Language } from '@hutong/core';
import {
  Alert,
  Button,
  Checkbox,
  Empty,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchAllLicenceTypes } from '../api/catalogue-api.js';
import {
  type ApiClient,
  CLIENT_KINDS,
  CLIENT_SCOPES,
  disableClient,
  fetchClients,
  fetchOrganisations,
  registerClient,
  replaceClientSecret,
} from '../api/clients-api.js';
import { formatInstant, labelIn } from '../layout/format.js';
import { LoadError, Loading } from '../layout/load-state.js';
import { useLoad } from '../layout/use-load.js';
import { useAction, useStaff } from './use-staff.js';

/** Registered API clients (platform administrators): register, replace a secret, disable. */
export function ClientsPanel({ language }: { readonly language: Language }) {
  const { t } = useTranslation();
  const { staff } = useStaff();
  const [clients, retry] = useLoad((signal) => fetchClients(language, signal), [language]);
  const [registering, setRegistering] = useState(false);
  const [secret, setSecret] = useState<{ readonly clientId: string; readonly secret: string } | null>(null);
  const { busy, run } = useAction();

  if (staff === null) return null;

  const newSecret = async (client: ApiClient) => {
    const replaced = await run(
      () => replaceClientSecret(language, staff.csrfToken, client.clientId),
      t('admin.clients.secretReplaced'),
    );
    if (replaced !== undefined) setSecret({ clientId: client.clientId, secret: replaced.clientSecret });
    retry();
  };

  const disable = async (client: ApiClient) => {
    await run(() => disableClient(language, staff.csrfToken, client.clientId), t('admin.clients.disabled'));
    retry();
  };

  return (
    <Flex vertical gap="middle" data-testid="admin-clients">
      <Typography.Paragraph type="secondary">{t('admin.clients.intro')}</Typography.Paragraph>
      <Button
        type="primary"
        icon={<PlusOutlined />}
        style={{ alignSelf: 'start' }}
        onClick={() => setRegistering(true)}
        data-testid="admin-client-register"
      >
        {t('admin.clients.register')}
      </Button>
      {secret !== null && (
        <Alert
          type="warning"
          showIcon
          closable={{ onClose: () => setSecret(null), 'aria-label': t('admin.close') }}
          title={t('admin.clients.secretOnce', { clientId: secret.clientId })}
          description={
            <Typography.Text code copyable data-testid="admin-client-secret">
              {secret.secret}
            </Typography.Text>
          }
        />
      )}
      {clients.kind === 'loading' && <Loading text={t('admin.clients.loading')} />}
      {clients.kind === 'error' && (
        <LoadError title={t('admin.clients.failed')} error={clients.error} onRetry={retry} />
      )}
      {clients.kind === 'ok' && clients.value.length === 0 && (
        <Empty description={t('admin.clients.empty')} data-testid="admin-clients-empty" />
      )}
      {clients.kind === 'ok' && clients.value.length > 0 && (
        <Table<ApiClient>
          rowKey="clientId"
          dataSource={clients.value}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          data-testid="admin-clients-table"
          columns={[
            { key: 'name', title: t('admin.clients.name'), dataIndex: 'name' },
            {
              key: 'id',
              title: t('admin.clients.clientId'),
              render: (_, c) => <Typography.Text code>{c.clientId}</Typography.Text>,
            },
            {
              key: 'kind',
              title: t('admin.clients.kind'),
              render: (_, c) => t(`admin.clientKinds.${c.kind}`, { defaultValue: c.kind }),
            },
            {
              key: 'scopes',
              title: t('admin.clients.scopes'),
              render: (_, c) => (
                <Flex wrap gap={4}>
                  {c.scopes.map((scope) => (
                    <Tag key={scope}>{scope}</Tag>
                  ))}
                </Flex>
              ),
            },
            {
              key: 'auth',
              title: t('admin.clients.authentication'),
              render: (_, c) =>
                [
                  c.hasSecret ? t('admin.clients.withSecret') : undefined,
                  c.publicKeys.length > 0 ? t('admin.clients.withKeys', { count: c.publicKeys.length }) : undefined,
                ]
                  .filter((part) => part !== undefined)
                  .join(' + ') || t('common.none'),
            },
            {
              key: 'status',
              title: t('admin.types.status'),
              render: (_, c) => (
                <Tag color={c.status === 'active' ? 'green' : 'default'}>{t(`admin.clientStatus.${c.status}`)}</Tag>
              ),
            },
            { key: 'created', title: t('admin.createdAt'), render: (_, c) => formatInstant(c.createdAt, language) },
            {
              key: 'actions',
              title: t('admin.actions'),
              render: (_, c) =>
                c.status === 'active' && (
                  <Flex gap="small">
                    <Popconfirm
                      title={t('admin.clients.secretConfirm')}
                      okText={t('admin.confirm')}
                      cancelText={t('admin.cancel')}
                      onConfirm={() => void newSecret(c)}
                    >
                      <Button size="small" disabled={busy} data-testid={`admin-client-secret-${c.clientId}`}>
                        {t('admin.clients.newSecret')}
                      </Button>
                    </Popconfirm>
                    <Popconfirm
                      title={t('admin.clients.disableConfirm')}
                      okText={t('admin.confirm')}
                      cancelText={t('admin.cancel')}
                      onConfirm={() => void disable(c)}
                    >
                      <Button size="small" danger disabled={busy} data-testid={`admin-client-disable-${c.clientId}`}>
                        {t('admin.clients.disable')}
                      </Button>
                    </Popconfirm>
                  </Flex>
                ),
            },
          ]}
        />
      )}
      {registering && (
        <RegisterClientForm
          language={language}
          csrfToken={staff.csrfToken}
          onClose={(registered) => {
            setRegistering(false);
            if (registered !== undefined) {
              if (registered.secret !== undefined)
                setSecret({ clientId: registered.clientId, secret: registered.secret });
              retry();
            }
          }}
        />
      )}
    </Flex>
  );
}

interface ClientValues {
  name: string;
  organisationCode: string;
  kind: string;
  scopes: string[];
  allTypes: boolean;
  licenceTypes?: string[];
  publicKey?: string;
  withSecret: boolean;
}

function RegisterClientForm({
  language,
  csrfToken,
  onClose,
}: {
  readonly language: Language;
  readonly csrfToken: string;
  readonly onClose: (registered?: { clientId: string; secret?: string | undefined }) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ClientValues>();
  const { busy, run } = useAction();
  const [choices] = useLoad(
    async (signal) => {
      const [organisations, types] = await Promise.all([
        fetchOrganisations(language, signal),
        fetchAllLicenceTypes(language, signal),
      ]);
      return { organisations, types };
    },
    [language],
  );
  const allTypes = Form.useWatch('allTypes', form);

  const submit = async () => {
    const values = await form.validateFields().catch(() => undefined);
    if (values === undefined) return;
    const publicKey = values.publicKey?.trim() ?? '';
    const registered = await run(
      () =>
        registerClient(language, csrfToken, {
          name: values.name.trim(),
          organisationCode: values.organisationCode.trim(),
          kind: values.kind,
          scopes: values.scopes,
          licenceTypes: values.allTypes ? '*' : (values.licenceTypes ?? []),
          ...(publicKey === '' ? {} : { publicKeys: [publicKey] }),
          withSecret: values.withSecret,
        }),
      t('admin.clients.registered'),
    );
    if (registered !== undefined) onClose({ clientId: registered.client.clientId, secret: registered.clientSecret });
  };

  return (
    <Modal
      open
      width={640}
      title={t('admin.clients.register')}
      okText={t('admin.save')}
      cancelText={t('admin.cancel')}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={() => onClose()}
    >
      {choices.kind === 'loading' && <Loading text={t('admin.loadingChoices')} />}
      {choices.kind === 'error' && <LoadError title={t('admin.choicesFailed')} error={choices.error} />}
      {choices.kind === 'ok' && (
        <Form<ClientValues>
          form={form}
          layout="vertical"
          initialValues={{ kind: 'relying-party', scopes: ['licence:read'], allTypes: false, withSecret: true }}
          data-testid="admin-client-form"
        >
          <Form.Item
            name="name"
            label={t('admin.clients.name')}
            rules={[{ required: true, message: t('admin.required') }]}
          >
            <Input data-testid="admin-client-name" />
          </Form.Item>
          <Form.Item
            name="organisationCode"
            label={t('admin.clients.organisation')}
            extra={t('admin.clients.organisationHint')}
            rules={[{ required: true, message: t('admin.required') }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              data-testid="admin-client-organisation"
              options={choices.value.organisations.map((o) => ({
                value: o.code,
                label: `${labelIn(o.name, language)} ${o.code}`,
              }))}
            />
          </Form.Item>
          <Form.Item name="kind" label={t('admin.clients.kind')}>
            <Select options={CLIENT_KINDS.map((kind) => ({ value: kind, label: t(`admin.clientKinds.${kind}`) }))} />
          </Form.Item>
          <Form.Item
            name="scopes"
            label={t('admin.clients.scopes')}
            rules={[{ required: true, message: t('admin.required') }]}
          >
            <Checkbox.Group
              options={CLIENT_SCOPES.map((scope) => ({
                value: scope,
                label: `${scope}（${t(`admin.scopes.${scope}`)}）`,
              }))}
            />
          </Form.Item>
          <Form.Item name="allTypes" valuePropName="checked">
            <Checkbox data-testid="admin-client-all-types">{t('admin.clients.allTypes')}</Checkbox>
          </Form.Item>
          {allTypes !== true && (
            <Form.Item name="licenceTypes" label={t('admin.clients.licenceTypes')}>
              <Select
                mode="multiple"
                showSearch={{ optionFilterProp: 'label' }}
                data-testid="admin-client-types"
                options={choices.value.types.map((type) => ({
                  value: type.certificateTypeCode,
                  label: labelIn(type.name, language),
                }))}
              />
            </Form.Item>
          )}
          <Form.Item name="publicKey" label={t('admin.clients.publicKey')} extra={t('admin.clients.publicKeyHint')}>
            <Input.TextArea rows={3} placeholder="-----BEGIN PUBLIC KEY-----" />
          </Form.Item>
          <Form.Item name="withSecret" valuePropName="checked">
            <Checkbox>{t('admin.clients.issueSecret')}</Checkbox>
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
