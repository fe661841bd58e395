'use client';

import { useLocale, useTranslations } from 'next-intl';
import type { ReactElement, ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, Line, LineChart, Pie, PieChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Locale } from '@/lib/i18n/config';
import { formatInteger, formatPercent } from '@/lib/i18n/numbers';

export type ChartDay = { label: string; sum: number; rate: number | null };
export type ChartShare = { label: string; sum: number };

const COLORS = ['#1d4ed8', '#0f766e', '#b45309', '#7c3aed', '#be123c', '#475569'];

/**
 * The sales charts: daily volume bars, the success-rate line and each product's share. Right to
 * left (the time axis runs from the right in Persian), Persian digits, Jalali day labels; the
 * tables under them carry the same numbers for screen readers, so the charts are hidden from
 * them and take no keyboard focus (recharts' own accessibility layer is off).
 */
export function SalesCharts({ days, shares }: { days: ChartDay[]; shares: ChartShare[] }) {
  const t = useTranslations('sales');
  const locale = useLocale();
  const rtl = locale === 'fa';
  const num = (n: number) => formatInteger(n, locale as Locale);
  const pct = (n: number | null) => (n === null ? '—' : formatPercent(Math.round(n * 100), locale as Locale));
  const axis = { fontSize: 11, fontFamily: 'inherit' };
  // The two time charts share their grid and day axis.
  const grid = <CartesianGrid strokeDasharray="3 3" vertical={false} />;
  const total = shares.reduce((a, s) => a + s.sum, 0);
  const dayAxis = <XAxis dataKey="label" reversed={rtl} tick={axis} interval="preserveStartEnd" />;
  return (
    <div className="grid gap-6 lg:grid-cols-2" aria-hidden>
      <ChartFigure caption={t('dailyVolume')}>
        <BarChart data={days} margin={{ left: 8, right: 8 }} accessibilityLayer={false}>
          {grid}
          {dayAxis}
          <YAxis orientation={rtl ? 'right' : 'left'} tickFormatter={(v: number) => num(v)} tick={axis} width={72} />
          <Tooltip formatter={(v) => num(Number(v))} />
          <Bar dataKey="sum" fill="#1d4ed8" isAnimationActive={false} />
        </BarChart>
      </ChartFigure>
      <ChartFigure caption={t('successRate')}>
        <LineChart data={days} margin={{ left: 8, right: 8 }} accessibilityLayer={false}>
          {grid}
          {dayAxis}
          <YAxis orientation={rtl ? 'right' : 'left'} domain={[0, 1]} tickFormatter={(v: number) => pct(v)} tick={axis} width={48} />
          <Tooltip formatter={(v) => pct(Number(v))} />
          <Line dataKey="rate" stroke="#0f766e" strokeWidth={2} dot={{ r: 2 }} connectNulls isAnimationActive={false} />
        </LineChart>
      </ChartFigure>
      <ChartFigure
        caption={t('productShare')}
        wide
        legend={
          // The names under the pie, wrapping, rather than labels around it that a phone cuts off.
          <ul className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-xs" data-testid="sales-share-legend">
            {shares.map((s, i) => (
              <li key={s.label} className="flex min-w-0 items-center gap-1.5">
                <span className="inline-block size-3 shrink-0 rounded-sm" style={{ background: COLORS[i % COLORS.length] }} />
                <span className="min-w-0 break-words">
                  <bdi>{s.label}</bdi> · <bdi>{pct(total ? s.sum / total : null)}</bdi>
                </span>
              </li>
            ))}
          </ul>
        }
      >
        <PieChart accessibilityLayer={false}>
          <Pie data={shares} dataKey="sum" nameKey="label" outerRadius="80%" rootTabIndex={-1} isAnimationActive={false}>
            {shares.map((s, i) => (
              <Cell key={s.label} fill={COLORS[i % COLORS.length]} />
            ))}
          </Pie>
          <Tooltip formatter={(v) => num(Number(v))} />
        </PieChart>
      </ChartFigure>
    </div>
  );
}

/** One chart in its frame and caption, filling a fixed-height box laid out left to right (the axes handle RTL). */
function ChartFigure({ caption, wide = false, legend, children }: { caption: string; wide?: boolean; legend?: ReactNode; children: ReactElement }) {
  return (
    <figure className={`rounded-xl border border-slate-200 bg-white p-4${wide ? ' lg:col-span-2' : ''}`}>
      <figcaption className="mb-2 text-sm font-semibold">{caption}</figcaption>
      <div className="h-56" dir="ltr">
        <ResponsiveContainer width="100%" height="100%">
          {children}
        </ResponsiveContainer>
      </div>
      {legend}
    </figure>
  );
}
