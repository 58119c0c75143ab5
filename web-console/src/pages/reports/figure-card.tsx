/** One report figure: a bar chart and the table behind it. */
import type { ReactNode } from 'react';
import { Card, Table } from 'antd';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

const COLORS = ['#1d5f7a', '#d4380d', '#7cb305', '#531dab', '#d48806'];

export interface FigureColumn<T> {
  key: keyof T & string;
  title: string;
  render?: (row: T) => ReactNode;
}

interface Props<T> {
  title: string;
  testId: string;
  rows: T[];
  columns: FigureColumn<T>[];
  /** The chart's bars: label of each row and the series shown. */
  label: (row: T) => string;
  series: { key: keyof T & string; name: string }[];
  extra?: ReactNode;
}

export function FigureCard<T extends object>({ title, testId, rows, columns, label, series, extra }: Props<T>) {
  const data = rows.slice(0, 20).map((r) => ({ label: label(r), ...Object.fromEntries(series.map((s) => [s.name, Number(r[s.key]) || 0])) }));
  return (
    <Card title={title} extra={extra} data-testid={testId} className="report-figure">
      {rows.length > 0 && (
        <div className="report-chart" style={{ height: 240 }}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data} margin={{ top: 8, right: 8, left: 0, bottom: 8 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="label" fontSize={11} interval={0} />
              <YAxis allowDecimals={false} fontSize={11} />
              <Tooltip />
              {series.length > 1 && <Legend />}
              {series.map((s, i) => (
                <Bar key={s.key} dataKey={s.name} fill={COLORS[i % COLORS.length]} isAnimationActive={false} />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
      <Table<T>
        size="small"
        pagination={rows.length > 10 ? { pageSize: 10 } : false}
        rowKey={(r) => columns.map((c) => String(r[c.key])).join('|')}
        dataSource={rows}
        columns={columns.map((c) => ({ key: c.key, dataIndex: c.key, title: c.title, render: c.render ? (_: unknown, r: T) => c.render!(r) : undefined }))}
      />
    </Card>
  );
}
