import type { Language } from '@hutong/core';
import { Alert, Button, Card, Descriptions, Flex, Form, Input, Modal, Result, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type RecordedEvent, recordLicenceEvent } from '../api/console-api.js';
import { describeApiError } from '../api/describe-api-error.js';
import { fetchLicence, type LicenceView } from '../api/library-api.js';
import type { StaffSession } from '../api/session-api.js';
import { formatCompactDate } from '../layout/format.js';
import { LoadError, Loading } from '../layout/load-state.js';
import { StatusTag } from '../library/status-tag.js';

/** The events an operator records here, and the members each needs besides its reason. */
const EVENTS: Readonly<Record<string, readonly string[]>> = {
  suspension: [],
  'suspension-release': [],
  revocation: [],
  cancellation: [],
  abolition: [],
  extension: ['expiringDate'],
  'annual-inspection': ['outcome'],
  mortgage: ['id', 'creditor'],
  'mortgage-release': ['id'],
  pledge: ['id', 'creditor'],
  'pledge-release': ['id'],
};
const OPTIONAL_MEMBERS = new Set(['creditor']);

/** A form item's error state, when `bad`. */
const invalid = (bad: boolean, help: string) => (bad ? { validateStatus: 'error' as const, help } : {});

type Lookup =
  | { readonly kind: 'none' }
  | { readonly kind: 'loading' }
  | { readonly kind: 'ok'; readonly view: LicenceView }
  | { readonly kind: 'error'; readonly error: unknown };

/** 状态变更: find one of the department's licences, choose an event, give the reason, confirm. */
export function StatusEventForm({
  language,
  session,
}: {
  readonly language: Language;
  readonly session: StaffSession;
}) {
  const { t } = useTranslation();
  const [identifier, setIdentifier] = useState('');
  const [lookup, setLookup] = useState<Lookup>({ kind: 'none' });
  const [type, setType] = useState<string | undefined>(undefined);
  const [reason, setReason] = useState('');
  const [members, setMembers] = useState<Record<string, string>>({});
  const [confirming, setConfirming] = useState(false);
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  const [recorded, setRecorded] = useState<RecordedEvent | undefined>(undefined);
  const [tried, setTried] = useState(false);

  const find = async () => {
    const id = identifier.trim();
    if (id === '') return;
    setLookup({ kind: 'loading' });
    setRecorded(undefined);
    setFailure(undefined);
    try {
      setLookup({ kind: 'ok', view: await fetchLicence(language, id, t('console.events.useCause')) });
    } catch (error) {
      setLookup({ kind: 'error', error });
    }
  };

  const needed = type === undefined ? [] : (EVENTS[type] ?? []);
  const missing = [
    ...(reason.trim() === '' ? ['reason'] : []),
    ...needed.filter((name) => !OPTIONAL_MEMBERS.has(name) && (members[name] ?? '').trim() === ''),
    ...(type === undefined ? ['type'] : []),
  ];

  const send = async () => {
    if (lookup.kind !== 'ok' || type === undefined) return;
    setSending(true);
    setFailure(undefined);
    const event: Record<string, string> = { type, reason: reason.trim() };
    for (const name of needed) {
      const value = (members[name] ?? '').trim();
      if (value !== '') event[name] = value;
    }
    try {
      const done = await recordLicenceEvent(
        language,
        session.csrfToken,
        lookup.view.licence.metadata.certificateIdentifier ?? identifier.trim(),
        event,
      );
      setRecorded(done);
      setConfirming(false);
      setType(undefined);
      setReason('');
      setMembers({});
      setTried(false);
      setLookup({ kind: 'ok', view: await fetchLicence(language, done.identifier, t('console.events.useCause')) });
    } catch (error) {
      setFailure(error);
      setConfirming(false);
    } finally {
      setSending(false);
    }
  };

  const memberInput = (name: string) => {
    const error = tried && !OPTIONAL_MEMBERS.has(name) && (members[name] ?? '').trim() === '';
    const control =
      name === 'outcome' ? (
        <Select
          value={members.outcome ?? null}
          onChange={(value: string) => setMembers((m) => ({ ...m, outcome: value }))}
          data-testid="console-event-outcome"
          options={['pass', 'fail'].map((value) => ({ value, label: t(`console.events.outcomes.${value}`) }))}
        />
      ) : (
        <Input
          type={name === 'expiringDate' ? 'date' : 'text'}
          value={members[name] ?? ''}
          onChange={(event) => setMembers((m) => ({ ...m, [name]: event.target.value }))}
          data-testid={`console-event-${name}`}
        />
      );
    return (
      <Form.Item
        key={name}
        label={t(`console.events.members.${name}`)}
        required={!OPTIONAL_MEMBERS.has(name)}
        {...invalid(error, t('console.issue.required'))}
      >
        {control}
      </Form.Item>
    );
  };

  return (
    <Flex vertical gap="middle">
      <Form layout="vertical" onFinish={() => void find()}>
        <Form.Item label={t('console.events.identifier')} required>
          <Flex gap="small">
            <Input
              value={identifier}
              onChange={(e) => setIdentifier(e.target.value)}
              placeholder={t('console.events.identifierHint')}
              data-testid="console-event-identifier"
            />
            <Button htmlType="submit" data-testid="console-event-find">
              {t('console.events.find')}
            </Button>
          </Flex>
        </Form.Item>
      </Form>
      {lookup.kind === 'none' && <Alert type="info" showIcon title={t('console.events.intro')} />}
      {lookup.kind === 'loading' && <Loading text={t('console.events.loading')} />}
      {lookup.kind === 'error' && (
        <LoadError title={t('console.events.notFound')} error={lookup.error} testId="console-event-lookup-error" />
      )}
      {recorded !== undefined && (
        <Result
          status="success"
          title={t('console.events.recorded', {
            from: t(`statuses.${recorded.previousStatus}`, { defaultValue: recorded.previousStatus }),
            to: t(`statuses.${recorded.status}`, { defaultValue: recorded.status }),
          })}
          data-testid="console-event-recorded"
        />
      )}
      {lookup.kind === 'ok' && (
        <Card size="small" title={lookup.view.licence.metadata.certificateName} data-testid="console-event-licence">
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('console.fields.certificateNumber')}>
              {lookup.view.licence.metadata.certificateNumber}
            </Descriptions.Item>
            <Descriptions.Item label={t('console.fields.certificateHolderName')}>
              {lookup.view.licence.metadata.certificateHolderName}
            </Descriptions.Item>
            <Descriptions.Item label={t('console.events.expiring')}>
              {lookup.view.status.expiringDate === undefined
                ? t('common.none')
                : formatCompactDate(lookup.view.status.expiringDate, language)}
            </Descriptions.Item>
            <Descriptions.Item label={t('console.events.status')}>
              <StatusTag status={lookup.view.status.status} testId="console-event-status" />
            </Descriptions.Item>
          </Descriptions>
          <Form
            layout="vertical"
            onFinish={() => {
              setTried(true);
              if (missing.length === 0) setConfirming(true);
            }}
          >
            <Form.Item
              label={t('console.events.type')}
              required
              {...invalid(tried && type === undefined, t('console.issue.required'))}
            >
              <Select
                value={type ?? null}
                onChange={(value: string) => {
                  setType(value);
                  setMembers({});
                }}
                placeholder={t('console.issue.choose')}
                data-testid="console-event-type"
                options={Object.keys(EVENTS).map((value) => ({
                  value,
                  label: t(`events.${value}`, { defaultValue: value }),
                }))}
              />
            </Form.Item>
            {needed.map(memberInput)}
            <Form.Item
              label={t('console.events.reason')}
              required
              {...invalid(tried && reason.trim() === '', t('console.issue.required'))}
            >
              <Input.TextArea
                rows={2}
                maxLength={500}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                data-testid="console-event-reason"
              />
            </Form.Item>
            {failure !== undefined && (
              <Alert
                type="error"
                showIcon
                role="alert"
                title={t('console.events.failed')}
                description={describeApiError(failure, t)}
                data-testid="console-event-error"
              />
            )}
            <Button
              type="primary"
              danger={type === 'revocation' || type === 'cancellation' || type === 'abolition'}
              htmlType="submit"
              data-testid="console-event-submit"
            >
              {t('console.events.submit')}
            </Button>
          </Form>
        </Card>
      )}
      <Modal
        open={confirming}
        title={t('console.events.confirmTitle')}
        okText={t('console.events.confirm')}
        cancelText={t('console.events.cancel')}
        confirmLoading={sending}
        onOk={() => void send()}
        onCancel={() => setConfirming(false)}
        okButtonProps={{ danger: true, 'data-testid': 'console-event-confirm' } as never}
      >
        <p data-testid="console-event-confirm-text">
          {t('console.events.confirmText', {
            event: type === undefined ? '' : t(`events.${type}`, { defaultValue: type }),
            number: lookup.kind === 'ok' ? lookup.view.licence.metadata.certificateNumber : '',
            reason: reason.trim(),
          })}
        </p>
      </Modal>
    </Flex>
  );
}
