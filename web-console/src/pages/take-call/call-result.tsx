/** After a call is logged: the case reference (large, to read out), its state, and the next call. */
import { useEffect, useRef } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Card, Result, Space } from 'antd';
import { PhoneOutlined } from '@ant-design/icons';
import type { TCallCreated } from '@hotline/core';
import { RiskTag, StatusTag } from '../../components/labels';

export function CallResult({ result, onNext }: { result: TCallCreated; onNext: () => void }) {
  const { t } = useTranslation();
  const nextRef = useRef<HTMLButtonElement>(null);
  useEffect(() => nextRef.current?.focus(), []);
  const kase = result.case;
  const title = !kase ? t('call.loggedOnly') : result.call.outcome === 'attached_to_case' ? t('call.attachedCase') : t('call.createdCase');
  return (
    <Card>
      <Result
        status="success"
        title={<span data-testid="call-result-title">{title}</span>}
        subTitle={
          kase ? (
            <div>
              <div className="muted">{t('call.reference')}</div>
              <div className="case-reference" data-testid="case-reference" aria-live="polite">
                {kase.reference}
              </div>
              <Space wrap>
                <StatusTag status={kase.status} />
                <RiskTag level={kase.riskLevel} />
                <span>{t(`category.${kase.category}`)}</span>
              </Space>
            </div>
          ) : (
            t(`outcome.${result.call.outcome}`)
          )
        }
        extra={[
          kase ? (
            <Link key="open" to={`/cases/${kase.id}`}>
              <Button size="large">{t('call.openCase')}</Button>
            </Link>
          ) : null,
          <Button key="next" type="primary" size="large" ref={nextRef} onClick={onNext} icon={<PhoneOutlined />}>
            {t('call.nextCall')}
          </Button>,
        ]}
      />
      {result.callerHistory.previousCalls.length > 0 ? (
        <Alert type="info" showIcon title={t('call.repeatCaller', { count: result.callerHistory.previousCalls.length })} />
      ) : null}
    </Card>
  );
}
