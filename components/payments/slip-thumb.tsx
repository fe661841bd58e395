/**
 * A deposit slip's photo as a thumbnail that opens the full image (merchant's list, staff's queue).
 * The photo is private, behind the session, served by /api/payments/[id]/slip-image.
 */
export function SlipThumb({ paymentId, alt, openLabel, size = 'h-28 w-28' }: { paymentId: string; alt: string; openLabel: string; size?: string }) {
  const src = `/api/payments/${paymentId}/slip-image`;
  return (
    <a href={src} target="_blank" rel="noreferrer" className="block w-fit rounded-lg border border-slate-200 hover:border-brand-600" data-testid="slip-thumb">
      {/* eslint-disable-next-line @next/next/no-img-element -- a private photo behind the session; the image optimiser must not cache it */}
      <img src={src} alt={alt} loading="lazy" className={`${size} rounded-lg object-cover`} />
      <span className="block px-2 py-1 text-center text-xs font-medium text-brand-700">{openLabel}</span>
    </a>
  );
}
