import { ReloadOutlined } from '@ant-design/icons';
import type { Language } from '@hutong/core';
import { Alert, Button, Card, Descriptions, Spin, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchHealth, type Health, HealthError } from '../api/fetch-health.js';

type State =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ok'; readonly health: Health }
  | { readonly kind: 'error'; readonly error: unknown };

/** The node's status from `GET /api/health`: loading, then the facts, or what went wrong. */
export function NodeStatus({ language }: { readonly language: Language }) {
  const { t } = useTranslation();
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the retry trigger.
  useEffect(() => {
    const controller = new AbortController();
    setState({ kind: 'loading' });
    fetchHealth(language, controller.signal).then(
      (health) => setState({ kind: 'ok', health }),
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ kind: 'error', error });
      },
    );
    return () => controller.abort();
  }, [language, attempt]);

  function describe(error: unknown): string {
    if (error instanceof HealthError) {
      const { failure } = error;
      if (failure.kind === 'problem') return failure.detail;
      if (failure.kind === 'unexpected') return t('health.errors.unexpected', { status: failure.status });
    }
    return t('health.errors.network');
  }

  const refresh = (
    <Button icon={<ReloadOutlined />} onClick={retry} disabled={state.kind === 'loading'}>
      {t('health.refresh')}
    </Button>
  );

  return (
    <Card title={t('health.title')} extra={refresh} data-testid="node-status">
      {state.kind === 'loading' && (
        <div className="hutong-loading" role="status">
          <Spin />
          <Typography.Text>{t('health.loading')}</Typography.Text>
        </div>
      )}
      {state.kind === 'error' && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={t('health.failed')}
          description={describe(state.error)}
          action={<Button onClick={retry}>{t('health.retry')}</Button>}
          data-testid="health-error"
        />
      )}
      {state.kind === 'ok' && (
        <Descriptions
          column={1}
          bordered
          data-testid="health-details"
          items={[
            {
              key: 'status',
              label: t('health.status'),
              children: (
                <Tag color="success" data-testid="health-status">
                  {t('health.ok')}
                </Tag>
              ),
            },
            { key: 'store', label: t('health.store'), children: t(`health.stores.${state.health.store}`) },
            { key: 'version', label: t('health.version'), children: state.health.version },
            {
              key: 'nodeId',
              label: t('health.nodeId'),
              children: <Typography.Text code>{state.health.nodeId}</Typography.Text>,
            },
            {
              key: 'time',
              label: t('health.time'),
              children: new Intl.DateTimeFormat(language, { dateStyle: 'long', timeStyle: 'medium' }).format(
                new Date(state.health.time),
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}
