import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

/** GB/T 43697 data grades, coloured from public (1) to most sensitive (4). */
const COLOURS = ['', 'green', 'blue', 'orange', 'red'] as const;

export function SensitivityTag({ grade }: { readonly grade: number }) {
  const { t } = useTranslation();
  const colour = COLOURS[grade] ?? 'default';
  return (
    <Tag color={colour === '' ? 'default' : colour}>{t(`sensitivity.${grade}`, { defaultValue: String(grade) })}</Tag>
  );
}
