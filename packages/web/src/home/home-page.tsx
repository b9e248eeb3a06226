import type { Language } from '@hutong/core';
import { Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { NodeStatus } from './node-status.js';

/** The start page: what Hutong is, and whether this node is up. */
export function HomePage({ language }: { readonly language: Language }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap="large">
      <Typography.Paragraph className="hutong-tagline">{t('app.tagline')}</Typography.Paragraph>
      <NodeStatus language={language} />
    </Flex>
  );
}
