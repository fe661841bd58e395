import provinces from '@/data/iran-provinces.json';

/** Iran's 31 provinces and their main cities (county seats), from data/iran-provinces.json. */
export type Province = { id: string; fa: string; en: string; cities: { fa: string; en: string }[] };

export const PROVINCES: readonly Province[] = provinces;

/** Values are stored in Persian (the province and city names on official documents). */
export function findProvince(name: string): Province | undefined {
  return PROVINCES.find((p) => p.fa === name);
}

export function isCityOf(province: string, city: string): boolean {
  return !!findProvince(province)?.cities.some((c) => c.fa === city);
}
