import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { setLanguage, type Lang } from '../i18n';

const LABELS = {
  /** The header's: two letters beside the menu. */
  short: [{ value: 'vi', label: 'VI' }, { value: 'en', label: 'EN' }],
  /** The sign-in page's: each language by its own name. */
  long: [{ value: 'vi', label: 'Tiếng Việt' }, { value: 'en', label: 'English' }],
} satisfies Record<string, Array<{ value: Lang; label: string }>>;

/** Vietnamese or English for the whole console (kept on this device). */
export function LanguageSwitch({ labels }: { labels: keyof typeof LABELS }) {
  const { t, i18n } = useTranslation();
  return (
    <Segmented
      size="small"
      aria-label={t('app.language')}
      value={i18n.language === 'en' ? 'en' : 'vi'}
      onChange={(v) => setLanguage(v as Lang)}
      options={LABELS[labels]}
    />
  );
}
