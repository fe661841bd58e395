/** Text of either direction inside an option (which cannot hold a <bdi>): first-strong isolated. */
export const isolated = (s: string) => `\u2068${s}\u2069`;
