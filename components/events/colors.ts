import type { eventColors } from '@/lib/validation/messages';

/** Chip styles per event colour: dark text on a light tint, so every one passes AA contrast. */
export const EVENT_COLOR: Record<(typeof eventColors)[number], { chip: string; dot: string }> = {
  blue: { chip: 'bg-blue-100 text-blue-900 border-blue-300', dot: 'bg-blue-500' },
  green: { chip: 'bg-emerald-100 text-emerald-900 border-emerald-300', dot: 'bg-emerald-500' },
  amber: { chip: 'bg-amber-100 text-amber-900 border-amber-300', dot: 'bg-amber-500' },
  red: { chip: 'bg-red-100 text-red-900 border-red-300', dot: 'bg-red-500' },
  violet: { chip: 'bg-violet-100 text-violet-900 border-violet-300', dot: 'bg-violet-500' },
  slate: { chip: 'bg-slate-100 text-slate-900 border-slate-300', dot: 'bg-slate-500' },
};
