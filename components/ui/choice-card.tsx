import type { ReactNode } from 'react';

/** One radio choice drawn as a card; the chosen one is outlined. */
export function ChoiceCard({
  name,
  value,
  checked,
  onChoose,
  children,
}: {
  name: string;
  value: string;
  checked: boolean;
  onChoose: () => void;
  children: ReactNode;
}) {
  return (
    <label
      className={`flex min-h-11 cursor-pointer items-center gap-2 rounded-lg border px-3 ${checked ? 'border-brand-600 bg-brand-50' : 'border-slate-300 bg-white'}`}
    >
      <input type="radio" name={name} value={value} checked={checked} onChange={onChoose} />
      {children}
    </label>
  );
}
