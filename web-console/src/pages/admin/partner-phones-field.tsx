/** The partner's phone numbers (up to 5), each shown in E.164 as the API will store it once it reads as a valid number. */
import { Controller } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Button, Input, Space } from 'antd';
import { CloseOutlined, PlusOutlined } from '@ant-design/icons';
import { toE164 } from '@hotline/core/phone-format';
import { usePartnerFormSection } from './partner-create-form';

const MAX_PHONES = 5;

export function PartnerPhonesField() {
  const { t } = useTranslation();
  const { control, watch, setValue, err, revalidate } = usePartnerFormSection();
  const phones = watch('phones');
  const phoneRow = (i: number) => {
    const id = `partner-new-phone-${i}`;
    const e = err(`phones.${i}`);
    const e164 = toE164(phones[i] ?? '');
    const shows = e164 !== null && e164 !== (phones[i] ?? '').trim();
    return (
      <div key={i} style={{ marginBottom: 6 }}>
        <Space.Compact style={{ width: '100%' }}>
          <Controller
            control={control}
            name={`phones.${i}`}
            render={({ field }) => (
              <Input
                {...field}
                id={id}
                aria-label={i === 0 ? undefined : t('admin.p.phoneN', { n: i + 1 })}
                aria-invalid={e ? true : undefined}
                aria-describedby={e ? `${id}-error` : 'partner-new-phones-help'}
                status={e ? 'error' : undefined}
                inputMode="tel"
                autoComplete="off"
                placeholder="0912 345 678"
                suffix={shows ? <span className="muted" data-testid={`${id}-e164`}>{e164}</span> : <span />}
              />
            )}
          />
          {phones.length > 1 ? (
            <Button
              icon={<CloseOutlined />}
              onClick={() => setValue('phones', phones.filter((_, j) => j !== i), revalidate)}
              aria-label={t('admin.p.removePhone', { n: i + 1 })}
            />
          ) : null}
        </Space.Compact>
        {e ? (
          <div className="field-error" id={`${id}-error`} role="alert">
            {e}
          </div>
        ) : null}
      </div>
    );
  };

  return (
    <div className={`field ${err('phones') || phones.some((_, i) => err(`phones.${i}`)) ? 'field-has-error' : ''}`}>
      <label htmlFor="partner-new-phone-0" className="field-label">
        {t('admin.p.phones')}
        <span className="field-required" aria-hidden="true"> *</span>
      </label>
      {phones.map((_, i) => phoneRow(i))}
      {err('phones') ? (
        <div className="field-error" id="partner-new-phones-error" role="alert">
          {err('phones')}
        </div>
      ) : null}
      <div style={{ display: 'flex', gap: 8, alignItems: 'baseline' }}>
        {phones.length < MAX_PHONES ? (
          <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => setValue('phones', [...phones, ''], revalidate)} data-testid="partner-new-add-phone">
            {t('admin.p.addPhone')}
          </Button>
        ) : null}
        <span className="field-help" id="partner-new-phones-help" style={{ marginTop: 0 }}>
          {t('admin.p.phonesHelp')}
        </span>
      </div>
    </div>
  );
}
