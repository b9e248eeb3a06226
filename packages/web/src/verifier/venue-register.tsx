import { DownloadOutlined } from '@ant-design/icons';
import type { Language } from '@hutong/core';
import { Alert, Button, Card, List, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { saveFile } from '../api/api-request.js';
import { describeApiError } from '../api/describe-api-error.js';
import {
  type ClientSession,
  downloadVenueRegisterCsv,
  type VenueEntry,
  type VenueRegister,
} from '../api/verify-api.js';
import { formatInstant } from '../layout/format.js';
import { Loading } from '../layout/load-state.js';
import { registerEntryText } from './register-entry-text.js';
import type { TypeLabelIndex } from './type-labels.js';

/** What became of the entry of the code just checked. */
export type EntryState =
  | { readonly kind: 'registering' }
  | { readonly kind: 'registered'; readonly entry: VenueEntry }
  | { readonly kind: 'refused'; readonly error: unknown }
  | { readonly kind: 'not-valid' };

export function EntryResult({ state, language }: { readonly state: EntryState; readonly language: Language }) {
  const { t } = useTranslation();
  switch (state.kind) {
    case 'registering':
      return <Loading text={t('verifier.venue.registering')} testId="verifier-entry-registering" />;
    case 'registered':
      return (
        <Alert
          type="success"
          showIcon
          data-testid="verifier-entry"
          data-state="registered"
          title={t('verifier.venue.registered', { at: formatInstant(state.entry.enteredAt, language) })}
        />
      );
    case 'refused':
      return (
        <Alert
          type="error"
          showIcon
          role="alert"
          data-testid="verifier-entry"
          data-state="refused"
          title={t('verifier.venue.refused')}
          description={describeApiError(state.error, t)}
        />
      );
    case 'not-valid':
      return (
        <Alert
          type="error"
          showIcon
          role="alert"
          data-testid="verifier-entry"
          data-state="not-valid"
          title={t('verifier.venue.notValid')}
        />
      );
  }
}

/**
 * Today's register of the venue: each entry's time and the fields its code disclosed (ID numbers
 * masked by the node), and the same register as a CSV file (the node's `entries.csv`, fetched
 * with the device's token: a plain link could not carry it).
 */
export function VenueRegisterView({
  register,
  session,
  labels,
  language,
}: {
  readonly register: { kind: 'loading' } | { kind: 'ok'; register: VenueRegister } | { kind: 'error'; error: unknown };
  readonly session: ClientSession;
  /** The catalogue's labels (the verdict's): each field named in the page's language. */
  readonly labels: TypeLabelIndex;
  readonly language: Language;
}) {
  const { t } = useTranslation();
  const [download, setDownload] = useState<{ kind: 'idle' | 'busy' } | { kind: 'failed'; error: unknown }>({
    kind: 'idle',
  });
  const downloadCsv = () => {
    setDownload({ kind: 'busy' });
    downloadVenueRegisterCsv(session, language).then(
      (file) => {
        saveFile(file);
        setDownload({ kind: 'idle' });
      },
      (error: unknown) => setDownload({ kind: 'failed', error }),
    );
  };
  if (register.kind === 'loading') return <Loading text={t('verifier.venue.registerLoading')} />;
  if (register.kind === 'error') {
    return (
      <Alert
        type="error"
        showIcon
        title={t('verifier.venue.registerFailed')}
        description={describeApiError(register.error, t)}
      />
    );
  }
  const { entries } = register.register;
  return (
    <Card
      size="small"
      title={t('verifier.venue.registerTitle', { count: entries.length })}
      extra={
        <Button
          size="small"
          icon={<DownloadOutlined />}
          loading={download.kind === 'busy'}
          disabled={entries.length === 0}
          onClick={downloadCsv}
          data-testid="verifier-register-csv"
        >
          {t('verifier.venue.downloadCsv')}
        </Button>
      }
      data-testid="verifier-register"
    >
      {download.kind === 'failed' && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={t('verifier.venue.downloadFailed')}
          description={describeApiError(download.error, t)}
          data-testid="verifier-register-csv-error"
        />
      )}
      {entries.length === 0 ? (
        <Typography.Text type="secondary">{t('verifier.venue.registerEmpty')}</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={[...entries].reverse()}
          renderItem={(entry) => (
            <List.Item data-testid="verifier-register-entry">
              <Typography.Text>
                {formatInstant(entry.enteredAt, language)} · {registerEntryText(entry, labels, language, t)}
              </Typography.Text>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
