import { toJalaali } from 'jalaali-js';
import { tehranIso } from '@/lib/date/tehran';

/** Today in Tehran as a Jalali `YYYY/MM/DD`: where a deposit slip's date starts, and its latest day. */
export function jalaliToday(now = new Date()): string {
  const [gy, gm, gd] = tehranIso(now).split('-').map(Number);
  const { jy, jm, jd } = toJalaali(gy, gm, gd);
  return `${jy}/${String(jm).padStart(2, '0')}/${String(jd).padStart(2, '0')}`;
}
