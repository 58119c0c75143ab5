/** Role, provinces (or all provinces, for an admin) and partner (for a collaborator): the same block in both account forms. */
import { Controller, type Control } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Checkbox, Col, Row, Select } from 'antd';
import { ROLES, type TPartnerView, type TRole } from '@hotline/core';
import { ariaFor, Field } from '../../components/field';
import { provinceName } from '../../components/labels';
import { ProvinceMultiSelect } from '../../components/province-multi-select';
import { fieldsOf } from '../../lib/form-errors';

/** The fields of an account form; an issue about one province shows on the list. */
export const ACCOUNT_FIELD_OF = fieldsOf(['email', 'name', 'role', 'provinces', 'allProvinces', 'partnerId', 'password'], [[/^provinces\.\d+$/, 'provinces']]);

function partnerOptions(partners: TPartnerView[], t: (k: string) => string) {
  return [...partners]
    .sort((a, b) => Number(b.kind === 'collaborator') - Number(a.kind === 'collaborator') || a.name.localeCompare(b.name, 'vi'))
    .map((p) => ({ value: p.id, label: `${p.name} · ${provinceName(p.area.provinceCode)}`, kind: t(`partnerKind.${p.kind}`) }));
}

/** Role, provinces (or all provinces, for an admin) and partner (for a collaborator): the same block in both forms. */
export function AccountScopeFields({
  control, role, allProvinces, partners, err, onRole,
}: {
  control: Control<{ role: TRole; provinces?: string[]; allProvinces?: boolean; partnerId?: string | null }>;
  role: TRole | undefined;
  allProvinces: boolean;
  partners: TPartnerView[];
  err: (k: string) => string | undefined;
  onRole: (r: TRole) => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Row gutter={12}>
        <Col xs={24} md={12}>
          <Field label={t('admin.u.role')} htmlFor="user-role" error={err('role')} required>
            <Controller
              control={control}
              name="role"
              render={({ field }) => (
                <Select<TRole>
                  ref={field.ref}
                  id="user-role"
                  value={field.value}
                  onChange={(v) => {
                    field.onChange(v);
                    onRole(v);
                  }}
                  onBlur={field.onBlur}
                  options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
                  style={{ width: '100%' }}
                  aria-describedby={err('role') ? 'user-role-error' : undefined}
                  data-testid="user-role-select"
                />
              )}
            />
          </Field>
        </Col>
        <Col xs={24} md={12}>
          {role === 'collaborator' ? (
            <Field label={t('admin.u.partner')} htmlFor="user-partner" error={err('partnerId')} required help={t('admin.u.partnerHelp')}>
              <Controller
                control={control}
                name="partnerId"
                render={({ field }) => (
                  <Select
                    ref={field.ref}
                    id="user-partner"
                    value={field.value ?? undefined}
                    onChange={(v: string | undefined) => field.onChange(v ?? null)}
                    onBlur={field.onBlur}
                    allowClear
                    status={err('partnerId') ? 'error' : undefined}
                    options={partnerOptions(partners, t)}
                    optionRender={(o) => (
                      <span>
                        {o.data.label} <span className="muted">({o.data.kind})</span>
                      </span>
                    )}
                    showSearch={{ optionFilterProp: 'label' }}
                    placeholder={t('admin.u.partnerPlaceholder')}
                    style={{ width: '100%' }}
                    aria-describedby={err('partnerId') ? 'user-partner-error' : 'user-partner-help'}
                  />
                )}
              />
            </Field>
          ) : role === 'admin' ? (
            <Field label={t('admin.u.scope')} htmlFor="user-all-provinces" error={err('allProvinces')}>
              <Controller
                control={control}
                name="allProvinces"
                render={({ field }) => (
                  <Checkbox id="user-all-provinces" ref={field.ref} checked={Boolean(field.value)} onChange={(ev) => field.onChange(ev.target.checked)}>
                    {t('admin.u.allProvincesLong')}
                  </Checkbox>
                )}
              />
            </Field>
          ) : null}
        </Col>
      </Row>
      <Field
        label={t('admin.u.provinces')}
        htmlFor="user-provinces"
        error={err('provinces')}
        required={role !== 'collaborator' && !allProvinces}
        help={role === 'collaborator' ? t('admin.u.provincesCollaborator') : allProvinces ? t('admin.u.provincesAll') : undefined}
      >
        <Controller
          control={control}
          name="provinces"
          render={({ field }) => (
            <ProvinceMultiSelect
              ref={field.ref}
              value={field.value ?? []}
              onChange={field.onChange}
              onBlur={field.onBlur}
              disabled={allProvinces}
              status={err('provinces') ? 'error' : ''}
              {...ariaFor('user-provinces', err('provinces'), role === 'collaborator' || allProvinces)}
            />
          )}
        />
      </Field>
    </>
  );
}
