/**
 * Admin: accounts, partners and SLA policies (each in src/pages/admin/), and
 * the list of API features the server publishes in its OpenAPI document.
 */
import { useTranslation } from 'react-i18next';
import { Button, Card, Col, Row, Space, Table, Tag, Typography } from 'antd';
import { AuditOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useOpenApi } from '../api/openapi';
import { QueryError } from '../components/query-state';
import { PartnersSection } from './admin/partners-section';
import { SlaSection } from './admin/sla-section';
import { UsersSection } from './admin/users-section';

function ApiFeatures() {
  const { t } = useTranslation();
  const doc = useOpenApi();
  const rows = Object.entries(doc.data?.paths ?? {}).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ key: `${method} ${path}`, method: method.toUpperCase(), path, summary: op.summary ?? '', tag: op.tags?.[0] ?? '' })),
  );
  return (
    <Card title={t('admin.endpoints')} size="small" loading={doc.isPending} data-testid="admin-endpoints">
      {doc.isError ? (
        <QueryError error={doc.error} />
      ) : (
        <Table
          size="small"
          dataSource={rows}
          pagination={{ pageSize: 12, hideOnSinglePage: true }}
          scroll={{ x: 600 }}
          columns={[
            { title: 'Tag', dataIndex: 'tag', render: (v: string) => <Tag>{v}</Tag> },
            { title: 'Method', dataIndex: 'method', render: (v: string) => <code>{v}</code> },
            { title: 'Path', dataIndex: 'path', render: (v: string) => <code>{v}</code> },
            { title: 'Summary', dataIndex: 'summary' },
          ]}
        />
      )}
    </Card>
  );
}

export default function AdminPage() {
  const { t } = useTranslation();
  return (
    <div data-testid="admin">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} align="baseline">
        <Typography.Title level={2} style={{ fontSize: 20 }}>
          {t('admin.title')}
        </Typography.Title>
        {/* An admin's header has no room for a fifth menu entry at 1366 px: the audit log opens from here. */}
        <Link to="/audit">
          <Button icon={<AuditOutlined />} data-testid="admin-audit-link">
            {t('audit.title')}
          </Button>
        </Link>
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={24}>
          <UsersSection />
        </Col>
        <Col xs={24}>
          <PartnersSection />
        </Col>
        <Col xs={24}>
          <SlaSection />
        </Col>
        <Col xs={24}>
          <ApiFeatures />
        </Col>
      </Row>
    </div>
  );
}
