import type { Language } from '@hutong/core';
import { Button, Card, Empty, Flex, Result, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchAllLicenceTypes } from '../api/catalogue-api.js';
import { findLicences, type LicenceHit, type LicencePage } from '../api/library-api.js';
import { fetchDepartments } from '../api/organisations-api.js';
import { formatCompactDate } from '../layout/format.js';
import { LoadError, Loading } from '../layout/load-state.js';
import { useLoad } from '../layout/use-load.js';
import { useSession } from '../session/session-context.js';
import { LicenceDetail } from './licence-detail.js';
import { LicenceSearchForm, type SearchRequest } from './licence-search-form.js';
import { StatusTag } from './status-tag.js';

/** Staff roles the server lets read the library (server `library.permissions.ts`). */
export const LIBRARY_READER_ROLES = ['auditor', 'platform-admin', 'department-operator'] as const;

type Results =
  | { readonly kind: 'idle' }
  | { readonly kind: 'loading' }
  | { readonly kind: 'ok'; readonly page: LicencePage }
  | { readonly kind: 'error'; readonly error: unknown };

/** The library (电子证照库) for signed-in staff: search, then a licence in full. */
export default function LibraryPage({
  language,
  onSignIn,
}: {
  readonly language: Language;
  readonly onSignIn: () => void;
}) {
  const { t } = useTranslation();
  const { state } = useSession();
  if (state.kind === 'checking') return <Loading text={t('session.checking')} />;
  if (state.kind === 'signed-out') {
    return (
      <Result
        status="403"
        title={t('library.signInTitle')}
        subTitle={t('library.signInHint')}
        extra={
          <Button type="primary" onClick={onSignIn} data-testid="library-sign-in">
            {t('nav.signIn')}
          </Button>
        }
        data-testid="library-signed-out"
      />
    );
  }
  if (!state.session.roles.some((role) => (LIBRARY_READER_ROLES as readonly string[]).includes(role))) {
    return (
      <Result
        status="403"
        title={t('library.noRoleTitle')}
        subTitle={t('library.noRoleHint')}
        data-testid="library-no-role"
      />
    );
  }
  return <LibraryBrowser language={language} />;
}

function LibraryBrowser({ language }: { readonly language: Language }) {
  const { t } = useTranslation();
  const [references, retryReferences] = useLoad(
    (signal) => Promise.all([fetchAllLicenceTypes(language, signal), fetchDepartments(language, signal)]),
    [language],
    { keepWhileReloading: true },
  );
  const [request, setRequest] = useState<SearchRequest | undefined>(undefined);
  // Keyset paging: the cursors of the pages before this one, so "previous" can go back.
  const [cursors, setCursors] = useState<ReadonlyArray<string | undefined>>([]);
  const [results, setResults] = useState<Results>({ kind: 'idle' });
  const [open, setOpen] = useState<string | undefined>(undefined);

  const load = async (next: SearchRequest, cursor: string | undefined, trail: ReadonlyArray<string | undefined>) => {
    setResults({ kind: 'loading' });
    setRequest(next);
    try {
      const page = await findLicences(language, next.search, next.useCause, { cursor });
      setCursors([...trail, cursor]);
      setResults({ kind: 'ok', page });
    } catch (error) {
      setResults({ kind: 'error', error });
    }
  };

  if (references.kind === 'loading') return <Loading text={t('library.preparing')} />;
  if (references.kind === 'error') {
    return <LoadError title={t('library.preparingFailed')} error={references.error} onRetry={retryReferences} />;
  }
  const [types, departments] = references.value;

  const pageNumber = cursors.length;
  const previous = () => {
    if (request === undefined || cursors.length < 2) return;
    void load(request, cursors[cursors.length - 2], cursors.slice(0, -2));
  };
  const next = () => {
    if (request === undefined || results.kind !== 'ok' || results.page.nextCursor === undefined) return;
    void load(request, results.page.nextCursor, cursors);
  };

  const detail =
    open !== undefined && request !== undefined ? (
      <LicenceDetail
        language={language}
        identifier={open}
        useCause={request.useCause}
        types={types}
        onBack={() => setOpen(undefined)}
      />
    ) : null;

  // The search stays mounted (hidden) under an open licence: back from it, the use cause,
  // the criteria and the page are as they were.
  return (
    <>
      {detail}
      <Flex vertical gap="large" hidden={detail !== null}>
        <Card title={t('library.title')} data-testid="library">
          <Typography.Paragraph type="secondary">{t('library.intro')}</Typography.Paragraph>
          <LicenceSearchForm
            language={language}
            types={types}
            departments={departments}
            busy={results.kind === 'loading'}
            onSearch={(search) => void load(search, undefined, [])}
          />
        </Card>
        {results.kind !== 'idle' && (
          <Card title={t('library.results')} data-testid="library-results">
            {results.kind === 'loading' && <Loading text={t('library.searching')} testId="library-loading" />}
            {results.kind === 'error' && (
              <LoadError
                title={t('library.searchFailed')}
                error={results.error}
                {...(request === undefined
                  ? {}
                  : { onRetry: () => void load(request, cursors.at(-1), cursors.slice(0, -1)) })}
                testId="library-error"
              />
            )}
            {results.kind === 'ok' && results.page.items.length === 0 && (
              <Empty description={t('library.noResults')} data-testid="library-empty" />
            )}
            {results.kind === 'ok' && results.page.items.length > 0 && (
              <Flex vertical gap="middle">
                <Table<LicenceHit>
                  rowKey={(hit) => hit.licence.metadata.certificateIdentifier ?? ''}
                  dataSource={[...results.page.items]}
                  pagination={false}
                  scroll={{ x: 'max-content' }}
                  data-testid="library-table"
                  columns={[
                    {
                      key: 'name',
                      title: t('metadata.certificateName'),
                      render: (_, hit) => (
                        <Button
                          type="link"
                          className="hutong-link-button"
                          onClick={() => setOpen(hit.licence.metadata.certificateIdentifier)}
                          data-testid="library-open"
                        >
                          {hit.licence.metadata.certificateName}
                        </Button>
                      ),
                    },
                    {
                      key: 'holder',
                      title: t('metadata.certificateHolderName'),
                      render: (_, hit) => hit.licence.metadata.certificateHolderName,
                    },
                    {
                      key: 'number',
                      title: t('metadata.certificateNumber'),
                      render: (_, hit) => hit.licence.metadata.certificateNumber,
                    },
                    {
                      key: 'issuer',
                      title: t('metadata.certificateIssuingAuthorityName'),
                      render: (_, hit) => hit.licence.metadata.certificateIssuingAuthorityName,
                    },
                    {
                      key: 'issued',
                      title: t('metadata.certificateIssuedDate'),
                      render: (_, hit) => formatCompactDate(hit.licence.metadata.certificateIssuedDate ?? '', language),
                    },
                    {
                      key: 'status',
                      title: t('library.status'),
                      render: (_, hit) => <StatusTag status={hit.status} />,
                    },
                  ]}
                />
                <Space wrap>
                  <Button onClick={previous} disabled={pageNumber < 2} data-testid="library-previous">
                    {t('library.previous')}
                  </Button>
                  <Typography.Text data-testid="library-page-number">
                    {t('library.page', { page: pageNumber })}
                  </Typography.Text>
                  <Button onClick={next} disabled={results.page.nextCursor === undefined} data-testid="library-next">
                    {t('library.next')}
                  </Button>
                </Space>
              </Flex>
            )}
          </Card>
        )}
      </Flex>
    </>
  );
}
