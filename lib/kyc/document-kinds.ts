import type { PersonKind } from '@/lib/validation/kyc';

/**
 * The documents each kind of customer must give before submitting (the form and the server read
 * the same list). A Turkish company gives the six N Kolay's application asks for: vergi levhası,
 * imza sirküsü, faaliyet belgesi, sicil kayıt belgesi, kimlik fotokopisi, ticaret sicil gazetesi.
 */
export const DOCUMENTS_FOR = {
  natural: ['national_card'],
  legal: ['gazette', 'ceo_national_card'],
  turkish_company: ['tax_plate', 'signature_circular', 'activity_certificate', 'registry_record', 'id_copy', 'trade_registry_gazette'],
} as const satisfies Record<PersonKind, readonly string[]>;
