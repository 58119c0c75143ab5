/**
 * "Take a call": the counsellor's one screen during a conversation. The form
 * (src/pages/take-call/call-form.tsx) keeps its draft in localStorage, so
 * nothing typed is ever lost; once logged, the result stays on screen (also
 * across a reload) until the next call is started.
 */
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Col, Row } from 'antd';
import type { TCallCreated, TSessionUser } from '@hotline/core';
import { useUser } from '../auth/session';
import { LiveFeed } from '../components/live-feed';
import { clearDraft, hasContent, loadDraft, newDraft, saveDraft, type CallDraft } from '../lib/call-draft';
import { CallForm } from './take-call/call-form';
import { CallResult } from './take-call/call-result';

const RESULT_KEY = (userId: string) => `hotline.lastCall.${userId}`;

const defaultProvince = (user: TSessionUser) => (user.provinces.length === 1 ? (user.provinces[0] ?? '') : '');

export default function TakeCallPage() {
  const user = useUser();
  const [draft, setDraft] = useState<CallDraft>(() => loadDraft(user.id) ?? newDraft(defaultProvince(user)));
  const [restored] = useState(() => {
    const d = loadDraft(user.id);
    return d !== null && hasContent(d.values);
  });
  const [result, setResult] = useState<TCallCreated | null>(() => {
    try {
      const raw = sessionStorage.getItem(RESULT_KEY(user.id));
      return raw ? (JSON.parse(raw) as TCallCreated) : null;
    } catch {
      return null;
    }
  });

  // An answered inbound call (?voice=<id>) saved a pre-filled draft: show it.
  const voiceCallId = useSearchParams()[0].get('voice');
  useEffect(() => {
    const d = voiceCallId ? loadDraft(user.id) : null;
    if (d) {
      setDraft(d);
      setResult(null);
    }
  }, [voiceCallId, user.id]);

  const startNext = () => {
    const d = newDraft(defaultProvince(user));
    saveDraft(user.id, d);
    sessionStorage.removeItem(RESULT_KEY(user.id));
    setDraft(d);
    setResult(null);
  };

  const onSubmitted = (r: TCallCreated) => {
    clearDraft(user.id);
    try {
      sessionStorage.setItem(RESULT_KEY(user.id), JSON.stringify(r));
    } catch {
      /* ignore */
    }
    setResult(r);
  };

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={16}>
        {result ? (
          <CallResult result={result} onNext={startNext} />
        ) : (
          <CallForm key={draft.clientRequestId} user={user} draft={draft} restored={restored} onSubmitted={onSubmitted} onDiscard={startNext} />
        )}
      </Col>
      <Col xs={24} xl={8}>
        <LiveFeed />
      </Col>
    </Row>
  );
}
