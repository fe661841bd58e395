/** A sheba as banks print it, in groups of four: IR82 0540 1026 8002 0817 9090 02. */
export function groupSheba(iban: string): string {
  return iban.replace(/\s/g, '').replace(/(.{4})(?=.)/g, '$1 ');
}
