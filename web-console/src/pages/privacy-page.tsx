/**
 * The register of processing (Law 91/2025): for each purpose, the personal
 * data it uses with the legal basis for each category, how long it keeps them
 * and who sees them. Managers and admins; opened from the audit log.
 */
import { Card, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TProcessingPurpose } from '@hotline/core';
import { useProcessingRegister } from '../api/privacy';
import { Loading, QueryError } from '../components/query-state';

export default function PrivacyPage() {
  const { t } = useTranslation();
  const register = useProcessingRegister();
  if (register.isPending) return <Loading />;
  if (register.isError) return <QueryError error={register.error} retry={() => void register.refetch()} />;
  const retention = (r: TProcessingPurpose['retention']) =>
    `${r.years === null ? t('privacy.noLimit') : t('privacy.years', { n: r.years })} · ${t(`privacy.then.${r.then}`)}${r.setting ? ` (${r.setting})` : ''}`;
  return (
    <Card title={<Typography.Title level={2} style={{ margin: 0, fontSize: 20 }}>{t('privacy.title')}</Typography.Title>} data-testid="privacy-register">
      <Typography.Paragraph type="secondary">{t('privacy.help')}</Typography.Paragraph>
      <Table<TProcessingPurpose>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={register.data.purposes}
        scroll={{ x: 900 }}
        columns={[
          { title: t('privacy.purpose'), dataIndex: 'id', render: (id: string) => <strong>{t(`privacy.purposes.${id}`, id)}</strong> },
          {
            title: t('privacy.categories'),
            dataIndex: 'categories',
            render: (cs: TProcessingPurpose['categories']) => (
              <ul className="plain-list">
                {cs.map((c) => (
                  <li key={c.category}>
                    {t(`privacy.category.${c.category}`)}: <Tag color={c.basis === 'consent' ? 'gold' : 'blue'}>{t(`privacy.basis.${c.basis}`)}</Tag>
                    {c.sensitive ? <Tag color="red">{t('privacy.sensitive')}</Tag> : null}
                  </li>
                ))}
              </ul>
            ),
          },
          { title: t('privacy.retention'), dataIndex: 'retention', render: retention },
          { title: t('privacy.roles'), dataIndex: 'roles', render: (roles: string[]) => roles.map((r) => t(`roles.${r}`)).join(', ') },
        ]}
      />
    </Card>
  );
}
