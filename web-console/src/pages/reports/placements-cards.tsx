/** Placements on the Reports page: residents per group, then admissions, discharges by reason and reunifications per facility. */
import { useTranslation } from 'react-i18next';
import { DISCHARGE_REASONS, type TReportSummary } from '@hotline/core';
import { FigureCard, type FigureColumn } from './figure-card';

type Placements = TReportSummary['placements'];
type GroupRow = Placements['byGroup'][number];
type Reason = (typeof DISCHARGE_REASONS)[number];
type FacilityRow = Omit<Placements['rows'][number], 'discharged'> & Record<Reason, number> & { dischargedTotal: number };

const flatten = (r: Placements['rows'][number]): FacilityRow => {
  const { discharged, ...rest } = r;
  return { ...rest, ...discharged, dischargedTotal: DISCHARGE_REASONS.reduce((a, k) => a + discharged[k], 0) };
};

export function PlacementsCards({ placements }: { placements: Placements }) {
  const { t } = useTranslation();
  const rows = placements.rows.map(flatten);
  const facilityColumns: FigureColumn<FacilityRow>[] = [
    { key: 'facilityName', title: t('reports.placements.facility') },
    { key: 'group', title: t('reports.col.group'), render: (r) => t(`group.${r.group}`) },
    { key: 'admitted', title: t('reports.placements.admitted') },
    ...DISCHARGE_REASONS.map((reason): FigureColumn<FacilityRow> => ({ key: reason, title: t(`reports.discharge.${reason}`) })),
    { key: 'reunified', title: t('reports.placements.reunified') },
    { key: 'caredFor', title: t('reports.placements.caredFor') },
    { key: 'current', title: t('reports.placements.current') },
  ];
  return (
    <>
      <FigureCard<GroupRow>
        title={t('reports.placements.byGroup')} testId="report-placements-groups" rows={placements.byGroup}
        label={(r) => t(`group.${r.group}`)}
        series={[
          { key: 'admitted', name: t('reports.placements.admitted') }, { key: 'discharged', name: t('reports.placements.discharged') },
          { key: 'reunified', name: t('reports.placements.reunified') }, { key: 'current', name: t('reports.placements.current') },
        ]}
        columns={[
          { key: 'group', title: t('reports.col.group'), render: (r) => t(`group.${r.group}`) },
          { key: 'admitted', title: t('reports.placements.admitted') },
          { key: 'discharged', title: t('reports.placements.discharged') },
          { key: 'reunified', title: t('reports.placements.reunified') },
          { key: 'caredFor', title: t('reports.placements.caredFor') },
          { key: 'current', title: t('reports.placements.current') },
        ]}
      />
      <FigureCard<FacilityRow>
        title={t('reports.placements.byFacility')} testId="report-placements" rows={rows}
        label={(r) => `${r.facilityName} · ${t(`group.${r.group}`)}`}
        series={[
          { key: 'admitted', name: t('reports.placements.admitted') }, { key: 'dischargedTotal', name: t('reports.placements.discharged') },
          { key: 'reunified', name: t('reports.placements.reunified') },
        ]}
        columns={facilityColumns}
      />
    </>
  );
}
