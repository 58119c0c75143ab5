/**
 * The search box in the shell header: "/" focuses it from anywhere, typing
 * (names in any order, no diacritics needed, a phone number, a reference, a
 * place) lists the cases the user may read, best match first; Enter or a click
 * opens the case. The box is cleared once a case is opened, so a name typed
 * here does not linger on screen.
 */
import { useEffect, useRef, useState } from 'react';
import { AutoComplete, Input, Space, Tag, Typography, type InputRef } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { TCaseSearchResult } from '@hotline/core';
import { MIN_SEARCH_LENGTH, useCaseSearch } from '../api/search';
import { RiskTag, StatusTag } from './labels';

/** The value after it stopped changing for `ms`. */
function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

const typingInField = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

function ResultLine({ r }: { r: TCaseSearchResult }) {
  const { t } = useTranslation();
  return (
    <div className="case-search-result" data-testid="case-search-result" data-case-id={r.id}>
      <Space size={4} wrap>
        <Typography.Text strong>{r.reference}</Typography.Text>
        <StatusTag status={r.status} />
        <RiskTag level={r.riskLevel} />
        <Typography.Text type="secondary">{t(`category.${r.category}`, r.category)}</Typography.Text>
      </Space>
      <div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {r.communeName ?? '—'}
          {' · '}
          {t('app.searchFoundIn')}: {r.matched.map((f) => t(`app.searchIn.${f}`, f)).join(', ')}
          {r.subjectName ? ` (${r.subjectName})` : ''}
        </Typography.Text>
      </div>
    </div>
  );
}

export function CaseSearch() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const input = useRef<InputRef>(null);
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const query = useDebounced(text, 250);
  const { data, isFetching, isError } = useCaseSearch(query);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || typingInField(e.target)) return;
      e.preventDefault();
      input.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const ready = query.trim().length >= MIN_SEARCH_LENGTH && query === text;
  const items = ready ? (data?.items ?? []) : [];
  const options = items.map((r) => ({ value: r.id, label: <ResultLine r={r} /> }));
  const notice = !ready || isFetching ? null : isError ? t('app.searchFailed') : items.length === 0 ? t('app.searchEmpty') : data?.truncated ? t('app.searchMore') : null;
  if (notice) options.push({ value: '', label: <Typography.Text type="secondary" data-testid="case-search-notice">{notice}</Typography.Text> });

  const openCase = (id: string) => {
    if (!id) return;
    setText('');
    setOpen(false);
    input.current?.blur();
    void navigate(`/cases/${id}`);
  };

  return (
    <AutoComplete
      className="case-search"
      value={text}
      options={options}
      open={open && text.trim().length >= MIN_SEARCH_LENGTH}
      onOpenChange={setOpen}
      onSearch={(v) => {
        setText(v);
        setOpen(true);
      }}
      onSelect={(id: string) => openCase(id)}
      popupMatchSelectWidth={420}
      style={{ width: 260 }}
      data-testid="case-search"
    >
      <Input
        ref={input}
        size="small"
        allowClear
        prefix={<SearchOutlined aria-hidden="true" />}
        placeholder={t('app.searchPlaceholder')}
        aria-label={t('app.search')}
        aria-keyshortcuts="/"
        data-testid="case-search-input"
        suffix={isFetching ? <Tag bordered={false}>…</Tag> : null}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            setText('');
            setOpen(false);
          }
        }}
      />
    </AutoComplete>
  );
}
