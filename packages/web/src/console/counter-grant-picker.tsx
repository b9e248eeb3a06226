import { type CounterGrant, type Language, validateHolderCode } from '@hutong/core';
import { Button, Select, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchCounterGrantPage } from '../api/grants-api.js';

interface Holder {
  readonly holderCodeType: string;
  readonly holderCode: string;
}

/**
 * The holder a search in the picker names: a full citizen ID number, else a full USCC, check
 * characters right (what the applicant hands over); undefined for anything else, which then
 * only filters the options already loaded. The server cannot match a fragment: it keeps no
 * holder code in clear, only a keyed index (docs/design/counter-prefill.md).
 *
 * @example holderOfSearch(' 11010519491231002x ') // { holderCodeType: '111', holderCode: '11010519491231002X' }
 */
export function holderOfSearch(text: string): Holder | undefined {
  const code = text.trim().toUpperCase();
  if (code.length !== 18) return undefined;
  for (const type of ['111', '001'] as const) {
    try {
      const checked = validateHolderCode(type, code);
      return { holderCodeType: checked.holderCodeType, holderCode: checked.holderCode };
    } catch {
      // not a code of this type: try the next
    }
  }
  return undefined;
}

interface Loaded {
  readonly kind: 'idle' | 'loading' | 'ok' | 'error';
  readonly items: readonly CounterGrant[];
  readonly nextCursor?: string;
}

/**
 * The clerk's pick list of the live grants their organisation received for a matter
 * (`GET /api/v1/counter/grants`), holder codes masked: 100 a page, the next page under the
 * options ("load more"), and the applicant's own grants at once when the clerk types their
 * full ID number or USCC into the search (asked of the server, matched by its keyed index).
 */
export function CounterGrantPicker({
  language,
  matterCode,
  onPick,
}: {
  readonly language: Language;
  readonly matterCode: string | undefined;
  readonly onPick: (grantId: string) => void;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const holder = holderOfSearch(search);
  // A string, so that the effect below reloads only when the holder searched for changes.
  const holderKey = holder === undefined ? '' : `${holder.holderCodeType}:${holder.holderCode}`;
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'idle', items: [] });
  const [more, setMore] = useState<'idle' | 'loading' | 'error'>('idle');
  const [picked, setPicked] = useState<CounterGrant | undefined>(undefined);
  // Answers of an earlier matter or search arriving late are dropped.
  const generation = useRef(0);

  useEffect(() => {
    const mine = ++generation.current;
    setMore('idle');
    if (matterCode === undefined) {
      setLoaded({ kind: 'idle', items: [] });
      return;
    }
    const [holderCodeType, holderCode] = holderKey.split(':');
    const controller = new AbortController();
    setLoaded({ kind: 'loading', items: [] });
    fetchCounterGrantPage(
      language,
      {
        matterCode,
        ...(holderCodeType === undefined || holderCode === undefined ? {} : { holder: { holderCodeType, holderCode } }),
      },
      controller.signal,
    ).then(
      (page) => {
        if (generation.current !== mine) return;
        setLoaded({
          kind: 'ok',
          items: page.items,
          ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
        });
      },
      () => {
        if (generation.current === mine && !controller.signal.aborted) setLoaded({ kind: 'error', items: [] });
      },
    );
    return () => controller.abort();
  }, [language, matterCode, holderKey]);

  const loadMore = async () => {
    const cursor = loaded.nextCursor;
    if (cursor === undefined || matterCode === undefined) return;
    const mine = generation.current;
    setMore('loading');
    try {
      const page = await fetchCounterGrantPage(language, {
        matterCode,
        ...(holder === undefined ? {} : { holder }),
        cursor,
      });
      if (generation.current !== mine) return;
      setLoaded((before) => ({
        kind: 'ok',
        items: [...before.items, ...page.items],
        ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
      }));
      setMore('idle');
    } catch {
      if (generation.current === mine) setMore('error');
    }
  };

  const label = (g: CounterGrant) =>
    t('console.prefill.pickOption', {
      holder: g.holder.maskedCode,
      purpose: g.purpose,
      party: g.relyingParty.name,
      until: new Date(g.validUntil).toLocaleDateString(language),
    });
  // The picked grant stays labelled when a new search or page replaces the list.
  const shown =
    picked === undefined || loaded.items.some((g) => g.id === picked.id) ? loaded.items : [picked, ...loaded.items];

  return (
    <Select
      id="prefill-grant-pick"
      disabled={matterCode === undefined}
      loading={loaded.kind === 'loading'}
      placeholder={
        loaded.kind === 'error'
          ? t('console.prefill.pickFailed')
          : loaded.kind === 'ok' && loaded.items.length === 0 && holder === undefined
            ? t('console.prefill.pickEmpty')
            : t('console.prefill.pickPlaceholder')
      }
      showSearch={{
        onSearch: setSearch,
        // A full holder code was asked of the server: its answer is the list. Anything shorter
        // filters the loaded options by what they show (masked code, purpose, relying party).
        filterOption:
          holder !== undefined
            ? false
            : (input, option) =>
                String(option?.label ?? '')
                  .toUpperCase()
                  .includes(input.trim().toUpperCase()),
      }}
      notFoundContent={
        loaded.kind === 'loading' ? undefined : holder !== undefined ? t('console.prefill.pickNoHolder') : undefined
      }
      options={shown.map((g) => ({ value: g.id, label: label(g) }))}
      onChange={(id: string) => {
        setPicked(shown.find((g) => g.id === id));
        onPick(id);
      }}
      popupRender={(menu) => (
        <>
          {menu}
          {loaded.nextCursor !== undefined && (
            <Button
              type="link"
              block
              loading={more === 'loading'}
              // Keep the dropdown open: the click must not blur the select.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => void loadMore()}
              data-testid="prefill-grant-more"
            >
              {t('console.prefill.pickMore', { count: loaded.items.length })}
            </Button>
          )}
          {more === 'error' && (
            <Typography.Text type="danger" data-testid="prefill-grant-more-failed">
              {t('console.prefill.pickMoreFailed')}
            </Typography.Text>
          )}
        </>
      )}
      data-testid="prefill-grant-pick"
    />
  );
}
