/**
 * What each area of the app hands its client components. A `NextIntlClientProvider` serialises its
 * messages into every page's HTML, so the root layout providing the whole catalogue put about
 * 53 KB of words (both sides of the product) into the 70 KB of the payer's page. Each area's layout
 * now provides only the namespaces its client components call `useTranslations` with (a dotted path
 * picks a sub-tree), through `components/i18n/client-messages.tsx`.
 *
 * `client-namespaces.test.ts` walks the imports of every area's files, finds the client components
 * among them and the namespaces they use, and fails when one is missing here: a new component
 * cannot show raw keys in silence. Providers do not merge: an area's list is all its pages get.
 */
export const CLIENT_NAMESPACES = {
  /** Pages outside any area's layout: the root not-found and forbidden pages (server only). */
  root: [],
  pay: ['pay', 'errors', 'fields', 'forms', 'kyc.day', 'kyc.month', 'kyc.year', 'shell.language', 'refundAccount'],
  /** /pay/help (its own layout inside the payer's): its words are not carried by every pay page. */
  payHelp: ['payHelp', 'errors'],
  auth: [
    'shell.language',
    'errors',
    'login',
    'signup',
    'reset',
    'otp',
    'fields.newPassword',
    'fields.mobile',
    'fields.mobileHint',
    'fields.password',
    'fields.passwordHint',
    'fields.firstName',
    'fields.lastName',
    'twoFactor',
    'teamConfirm.back',
  ],
  topup: ['shell.language', 'errors', 'topupStore'],
  sandbox: ['shell.language', 'errors', 'sandbox', 'sandboxPhone'],
  dev: [],
  docs: ['shell.language'],
  portal: [
    'shell',
    'errors',
    'fields',
    'forms',
    'kyc',
    'services',
    'ivr',
    'vpos',
    'vposRecon',
    'payouts',
    'refunds',
    'paymentLink',
    'disputes',
    'split',
    'topup',
    'topupBulk',
    'profile',
    'webhookEvents',
    'events',
    'sales',
    'reports',
    'linkReport',
    'pay',
    'platformTabs',
    'shortLinks',
    'slipDecision',
    'team',
    'teamConfirm.back',
    'twoFactor',
    'inquiries',
    'support',
  ],
  admin: [
    'shell',
    'errors',
    'fields',
    'forms',
    'adminServices',
    'adminPayouts',
    'adminTopup',
    'adminPlatforms',
    'adminMessages',
    'adminKyc',
    'adminIvr',
    'connectors',
    'refunds',
    'disputes',
    'reports',
    'ivr',
    'linkReport',
    'topup',
    'slipDecision',
    'staff',
    'twoFactor',
    'inquiries',
    'support',
    'adminSupport',
  ],
} as const satisfies Record<string, readonly string[]>;

export type ClientArea = keyof typeof CLIENT_NAMESPACES;

type Tree = { [key: string]: unknown };
const isTree = (v: unknown): v is Tree => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether a picked path (`kyc` or `kyc.day`) includes everything under a used namespace. */
export function covers(picked: readonly string[], used: string): boolean {
  return picked.some((p) => used === p || used.startsWith(`${p}.`));
}

/**
 * The sub-trees of a catalogue at the given dotted paths, in the catalogue's shape (so `kyc.day`
 * gives `{ kyc: { day } }`). A path the catalogue lacks is skipped: the messages test checks keys.
 */
export function pickMessages(messages: Tree, paths: readonly string[]): Tree {
  const out: Tree = {};
  for (const path of paths) {
    const parts = path.split('.');
    let from: unknown = messages;
    for (const p of parts) from = isTree(from) ? from[p] : undefined;
    if (from === undefined) continue;
    let into = out;
    parts.slice(0, -1).forEach((p) => {
      if (!isTree(into[p])) into[p] = {};
      into = into[p] as Tree;
    });
    into[parts[parts.length - 1]] = from;
  }
  return out;
}
