/** The inbound line: the callback list of one's province (every staff member), and for supervisors its live queue. */
import { useState } from 'react';
import { Col, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { PROVINCES } from '@hotline/core';
import { useUser } from '../auth/session';
import { CallbacksCard } from './voice-queue/callbacks-card';
import { VoiceQueueCard } from './voice-queue/queue-card';

export default function VoiceQueuePage() {
  const { t } = useTranslation();
  const user = useUser();
  const provinces = user.allProvinces ? PROVINCES.map((p) => p.code) : user.provinces;
  const [province, setProvince] = useState(provinces[0] ?? '01');
  const supervises = user.role !== 'counsellor';
  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <Select aria-label={t('voice.province')} value={province} onChange={setProvince} style={{ minWidth: 220 }} options={provinces.map((code) => ({ value: code, label: PROVINCES.find((p) => p.code === code)?.name ?? code }))} />
      </Col>
      {supervises && (
        <Col xs={24} xl={14}>
          <VoiceQueueCard province={province} />
        </Col>
      )}
      <Col xs={24} xl={10}>
        <CallbacksCard province={province} />
      </Col>
    </Row>
  );
}
