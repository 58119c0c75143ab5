/** How a partner is told of an offer: its channels in order, and the collaborator account that answers on the console. */
import { useState } from 'react';
import { Controller } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Col, Row, Select, Typography } from 'antd';
import { useCachedPartnerNames } from '../../api/partners';
import { useCollaboratorSearch } from '../../api/users';
import { Field } from '../../components/field';
import { useDebounced } from '../../lib/use-debounced';
import { FIELDSET, LEGEND } from './admin-common';
import { ChannelOrder } from './channel-order';
import { usePartnerFormSection } from './partner-create-form';

export function PartnerNoticeFields() {
  const { t } = useTranslation();
  const { control, watch, setValue, getValues, formState, err, revalidate } = usePartnerFormSection();
  const channels = watch('channels');
  // Collaborator accounts, searched by the API, for the console channel.
  const [userSearch, setUserSearch] = useState('');
  const collaborators = useCollaboratorSearch(useDebounced(userSearch.trim(), 300));
  const partnerName = useCachedPartnerNames();
  return (
    <fieldset style={FIELDSET}>
      <legend style={LEGEND}>{t('admin.channels')}</legend>
      <Row gutter={12}>
        <Col xs={24} md={11}>
          <Typography.Paragraph type="secondary" style={{ marginTop: 0, marginBottom: 4 }}>
            {t('admin.p.channelsHelp')}
          </Typography.Paragraph>
          <ChannelOrder id="partner-new-channels" channels={channels} onChange={(next) => setValue('channels', next, revalidate)} error={err('channels')} />
        </Col>
        <Col xs={24} md={13}>
          <Field label={t('admin.p.user')} htmlFor="partner-new-user" error={err('userId')} help={t('admin.p.userHelp')}>
            <Controller
              control={control}
              name="userId"
              render={({ field }) => (
                <Select<string>
                  ref={field.ref}
                  id="partner-new-user"
                  value={field.value ?? undefined}
                  onChange={(v) => {
                    field.onChange(v ?? null);
                    if (formState.isSubmitted) setValue('channels', getValues('channels'), revalidate);
                  }}
                  onBlur={field.onBlur}
                  allowClear
                  status={err('userId') ? 'error' : undefined}
                  loading={collaborators.isFetching}
                  options={(collaborators.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.name} · ${u.email}`, partnerId: u.partnerId }))}
                  optionRender={(o) => (
                    <span>
                      {o.data.label}
                      {o.data.partnerId ? (
                        <span className="muted"> ({t('admin.p.userLinked', { name: partnerName.get(o.data.partnerId) ?? o.data.partnerId })})</span>
                      ) : null}
                    </span>
                  )}
                  showSearch={{ filterOption: false, onSearch: setUserSearch, searchValue: userSearch }}
                  onOpenChange={(open) => (!open ? setUserSearch('') : undefined)}
                  notFoundContent={collaborators.isFetching ? t('app.loading') : t('app.none')}
                  placeholder={t('admin.p.userPlaceholder')}
                  style={{ width: '100%' }}
                  aria-describedby={err('userId') ? 'partner-new-user-error' : 'partner-new-user-help'}
                />
              )}
            />
          </Field>
        </Col>
      </Row>
    </fieldset>
  );
}
