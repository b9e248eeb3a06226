import { CloseOutlined, ReloadOutlined } from '@ant-design/icons';
import { type Language, SHOW_PURPOSE_CODES, SHOW_PURPOSE_LABELS } from '@hutong/core';
import { Alert, Button, Checkbox, Flex, Select, Spin, Switch, Typography } from 'antd';
import QRCode from 'qrcode';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeApiError } from '../api/describe-api-error.js';
import { createShowCode, type Disclosure, type MyLicenceDetail, type ShowCode } from '../api/holder-api.js';
import { labelIn } from '../layout/format.js';
import { StatusTag } from '../library/status-tag.js';
import { refreshDue, type ShowCodeClock, secondsUntilRefresh, showCodeClock } from './show-code-countdown.js';

/** One field the holder may show: a metadata element or a face field. */
interface Choice {
  readonly key: string;
  readonly label: string;
  /** Sensitive fields (grade 3 and above, the holder code) may be shown masked, and are by default. */
  readonly maskable: boolean;
}

function choicesOf(detail: MyLicenceDetail, language: Language, t: (key: string) => string): Choice[] {
  const metadata: Choice[] = [
    { key: 'certificateHolderName', label: t('holder.show.metadata.certificateHolderName'), maskable: false },
    { key: 'certificateName', label: t('holder.show.metadata.certificateName'), maskable: false },
    { key: 'certificateNumber', label: t('holder.show.metadata.certificateNumber'), maskable: false },
    { key: 'certificateHolderCode', label: t('holder.show.metadata.certificateHolderCode'), maskable: true },
  ];
  const face = detail.faceFields
    .filter((field) => field.type !== 'image' && field.value !== null)
    .map((field) => ({ key: field.key, label: labelIn(field.label, language), maskable: field.sensitivity >= 3 }));
  return [...metadata, ...face];
}

/** What is shown by default: the holder's name, the licence's name, and the first public face fields. */
function initialChoice(detail: MyLicenceDetail): Record<string, { on: boolean; masked: boolean }> {
  const chosen: Record<string, { on: boolean; masked: boolean }> = {
    certificateHolderName: { on: true, masked: false },
    certificateName: { on: true, masked: false },
  };
  for (const field of detail.faceFields.filter((f) => f.sensitivity <= 1 && f.type !== 'image').slice(0, 2)) {
    chosen[field.key] = { on: true, masked: false };
  }
  return chosen;
}

/**
 * 亮证: the QR code full screen, made by the node for the chosen fields and purpose, replaced
 * by a fresh one before it expires (a countdown says when).
 */
export function ShowCodeScreen({
  detail,
  language,
  csrfToken,
  onClose,
}: {
  readonly detail: MyLicenceDetail;
  readonly language: Language;
  readonly csrfToken: string;
  readonly onClose: () => void;
}) {
  const { t } = useTranslation();
  const identifier = detail.licence.metadata.certificateIdentifier ?? '';
  const choices = choicesOf(detail, language, t);
  const [chosen, setChosen] = useState(() => initialChoice(detail));
  const [purpose, setPurpose] = useState<string>('identity');
  const [code, setCode] = useState<ShowCode | undefined>(undefined);
  const [image, setImage] = useState<string | undefined>(undefined);
  const [clock, setClock] = useState<ShowCodeClock | undefined>(undefined);
  const [failure, setFailure] = useState<unknown>(undefined);
  // The monotonic clock: a change of the device's time neither stretches nor cuts the countdown.
  const [now, setNow] = useState(() => performance.now());
  const [making, setMaking] = useState(false);
  const generation = useRef(0);

  const disclose: Disclosure[] = choices
    .filter((choice) => chosen[choice.key]?.on === true)
    .map((choice) =>
      choice.maskable && chosen[choice.key]?.masked === true ? { key: choice.key, masked: true } : choice.key,
    );
  const discloseKey = JSON.stringify(disclose);

  const make = useCallback(async () => {
    generation.current += 1;
    const mine = generation.current;
    setMaking(true);
    setFailure(undefined);
    const requestedAt = performance.now();
    try {
      const made = await createShowCode(language, csrfToken, {
        identifier,
        purpose,
        disclose: JSON.parse(discloseKey) as Disclosure[],
      });
      const picture = await QRCode.toDataURL(made.code, { errorCorrectionLevel: 'M', margin: 4, scale: 8 });
      if (mine !== generation.current) return;
      setCode(made);
      setClock(showCodeClock(made, requestedAt));
      setImage(picture);
      setNow(performance.now());
    } catch (error) {
      if (mine === generation.current) {
        setFailure(error);
        setCode(undefined);
        setClock(undefined);
        setImage(undefined);
      }
    } finally {
      if (mine === generation.current) setMaking(false);
    }
  }, [language, csrfToken, identifier, purpose, discloseKey]);

  // A new code for every change of fields or purpose.
  useEffect(() => {
    void make();
  }, [make]);

  // The countdown, and a fresh code shortly before this one expires.
  useEffect(() => {
    const timer = window.setInterval(() => setNow(performance.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  const remaining = clock === undefined ? undefined : secondsUntilRefresh(clock, now);
  useEffect(() => {
    if (clock !== undefined && !making && failure === undefined && refreshDue(clock, now)) void make();
  }, [clock, now, making, failure, make]);

  // Escape closes, as a dialog does.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  return (
    <div
      className="holder-show"
      role="dialog"
      aria-modal="true"
      aria-label={t('holder.show.title')}
      data-testid="holder-show"
    >
      <Flex justify="space-between" align="center">
        <Typography.Title level={3} className="holder-show-title">
          {detail.licence.metadata.certificateName}
        </Typography.Title>
        <Button
          icon={<CloseOutlined />}
          onClick={onClose}
          aria-label={t('holder.show.close')}
          data-testid="holder-show-close"
        />
      </Flex>
      {code !== undefined && code.status !== 'valid' && (
        <Alert
          type="error"
          showIcon
          title={t('holder.show.notValid')}
          description={<StatusTag status={code.status} />}
          data-testid="holder-show-not-valid"
        />
      )}
      <div className="holder-qr-box">
        {image === undefined ? (
          failure === undefined ? (
            <Spin size="large" />
          ) : null
        ) : (
          <img
            src={image}
            alt={t('holder.show.qrAlt')}
            className="holder-qr"
            data-testid="holder-qr"
            data-code={code?.code}
          />
        )}
      </div>
      {failure !== undefined && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={t('holder.show.failed')}
          description={describeApiError(failure, t)}
          action={<Button onClick={() => void make()}>{t('common.retry')}</Button>}
          data-testid="holder-show-error"
        />
      )}
      {remaining !== undefined && (
        <Flex justify="center" align="center" gap="small">
          <Typography.Text strong className="holder-countdown" data-testid="holder-countdown">
            {t('holder.show.countdown', { seconds: remaining })}
          </Typography.Text>
          <Button
            icon={<ReloadOutlined />}
            onClick={() => void make()}
            loading={making}
            data-testid="holder-show-refresh"
          >
            {t('holder.show.refresh')}
          </Button>
        </Flex>
      )}
      <Flex vertical gap="small" className="holder-show-options">
        <label htmlFor="holder-show-purpose" className="holder-show-label">
          {t('holder.show.purpose')}
        </label>
        <Select
          id="holder-show-purpose"
          value={purpose}
          onChange={(value: string) => setPurpose(value)}
          data-testid="holder-show-purpose"
          options={SHOW_PURPOSE_CODES.map((value) => ({ value, label: labelIn(SHOW_PURPOSE_LABELS[value], language) }))}
        />
        <Typography.Text strong>{t('holder.show.fields')}</Typography.Text>
        {choices.map((choice) => (
          <Flex key={choice.key} justify="space-between" align="center" gap="small">
            <Checkbox
              checked={chosen[choice.key]?.on === true}
              onChange={(event) =>
                setChosen((previous) => ({
                  ...previous,
                  [choice.key]: { on: event.target.checked, masked: previous[choice.key]?.masked ?? choice.maskable },
                }))
              }
              data-testid={`holder-show-field-${choice.key}`}
            >
              {choice.label}
            </Checkbox>
            {choice.maskable && chosen[choice.key]?.on === true && (
              <Flex align="center" gap={4}>
                <Typography.Text type="secondary">{t('holder.show.masked')}</Typography.Text>
                <Switch
                  size="small"
                  checked={chosen[choice.key]?.masked !== false}
                  onChange={(masked) => setChosen((previous) => ({ ...previous, [choice.key]: { on: true, masked } }))}
                  aria-label={`${choice.label} · ${t('holder.show.masked')}`}
                  data-testid={`holder-show-mask-${choice.key}`}
                />
              </Flex>
            )}
          </Flex>
        ))}
      </Flex>
    </div>
  );
}
