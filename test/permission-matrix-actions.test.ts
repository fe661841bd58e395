/**
 * The permission matrix of the server actions and route handlers (issue 20), the pages' matrix
 * (test/permission-matrix.test.ts) continued. Every action the app exports (every `actions.ts`
 * under app/, read from the file system and the module's exports) and every route handler (every
 * `route.ts`, each exported HTTP method) has a row here, written from the issue's words and not
 * from the enforcement code: who may use it among a business's members (owner, admin, developer,
 * accountant, support), staff by role (KYC, operations, finance, support, auditor, super admin),
 * and anonymous. A new action or route without a row fails the first test.
 *
 * Each action is then called for real, as each of them, through the real wrapper with the shared
 * session mock (test/actions.ts): with an input no schema accepts, so an allowed caller gets the
 * schema's refusal (it passed the door; nothing ran) and a refused one the door's. Actions that
 * check the session in their body (`who: 'public'` ones acting for a signed-in person) are called
 * with a valid input instead. "Another merchant" is a business's owner acting on business M's
 * objects: called for real where the input names one (refused, nothing changed), or the row says
 * why the question does not arise. Routes are called as each person with a plain request; where a
 * route answers a refusal exactly as a missing object (404) or needs what a plain request cannot
 * carry, its row gives the reason instead of a probe.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '@/db';
import type { StaffRole } from '@/lib/actor';

const h = vi.hoisted(() => ({
  db: undefined as Db | undefined,
  user: null as null | { id: string; role: string },
  chosenMerchant: null as string | null,
}));
vi.mock('next/server', async (orig) => ({ ...(await orig<typeof import('next/server')>()), connection: async () => {} }));
vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {} }));
vi.mock('next/headers', () => ({
  cookies: async () => ({ get: () => undefined, set: () => {}, delete: () => {}, getAll: () => [] }),
  headers: async () => new Headers(),
}));
vi.mock('next-intl/server', async (orig) => ({ ...(await orig<typeof import('next-intl/server')>()), getLocale: async () => 'fa' }));
vi.mock('@/db', async (orig) => ({ ...(await orig<typeof import('@/db')>()), getDb: () => h.db! }));
vi.mock('@/lib/auth/session', async () => (await import('@/test/actions')).sessionMock(h));
// The login action's Auth.js: never signs anyone in here (the door is what is tested).
vi.mock('@/auth', () => ({ signIn: async () => {}, signOut: async () => {}, auth: async () => null }));
// next-auth itself imports `next/server` by a path vitest cannot resolve; the actions only need its error classes.
vi.mock('next-auth', () => {
  class AuthError extends Error {}
  class CredentialsSignin extends AuthError {
    code = '';
  }
  return { AuthError, CredentialsSignin, default: () => ({}) };
});

const { testDb } = await import('@/test/db');
const { makeAdmin, makeEvent, makeMerchant, makePlatform, merchantActorOf } = await import('@/test/fixtures');
const schema = await import('@/db/schema');
const { listPlatformKeys } = await import('@/lib/platforms');

const db = testDb();
h.db = db;

// ---------------------------------------------------------------------------------------------
// Who is who

/** O owner, A admin, D developer, C accountant, S support — members of one business M (KYC approved). */
const MEMBERS = { O: 'owner', A: 'admin', D: 'developer', C: 'accountant', S: 'support' } as const;
/** k KYC, o operations, f finance, s support, a auditor, x super admin — one role each. */
const STAFF: Record<string, StaffRole> = { k: 'kyc', o: 'operations', f: 'finance', s: 'support', a: 'auditor', x: 'super_admin' };
/** Anonymous: no session. */
const ANON = '-';

const ALL_M = 'OADCS';
const ALL_S = 'kofsax';
const SIGNED = ALL_M + ALL_S;
const EVERYONE = SIGNED + ANON;
const WHO = [...Object.keys(MEMBERS), ...Object.keys(STAFF), ANON];

// What the issue gives each member role, as the pages' matrix reads it.
const TEAM = 'OA'; // team, customer information, the business's trail
const OWNER = 'O'; // bank accounts, passing ownership
const BUILD = 'OAD'; // services, platforms and their settings
const KEYS = 'OAD'; // keys, webhooks, signing secrets
const SELL = 'OAC'; // taking money in: links, slips, refunds, phone sales, top-ups, split, virtual POS, disputes
const MONEY = 'OAC'; // payouts, reports

// ---------------------------------------------------------------------------------------------
// The actions' table

/**
 * `other`: how another merchant (owner of business N) fares against business M's objects —
 * `probe` (called below with M's object; refused, nothing changed), or why it does not arise.
 */
type ActionRow = { allowed: string; other?: string; deep?: unknown; why?: string };
const OWN = 'its input names no object: it acts on the caller’s own business (or person) only';
const PAYER = 'a payer’s step: no session, nothing of a business but what the link or code names';
const STAFF_ONLY = 'staff only: a merchant is refused at the door';

const ACTIONS: Record<string, ActionRow> = {
  // Signing up, in, out and resetting: anyone.
  'app/(auth)/actions.ts#requestSignupCodeAction': { allowed: EVERYONE, other: OWN },
  'app/(auth)/actions.ts#requestEmailSignupCodeAction': { allowed: EVERYONE, other: OWN },
  'app/(auth)/actions.ts#resendEmailSignupCodeAction': { allowed: EVERYONE, other: OWN },
  'app/(auth)/actions.ts#requestResetCodeAction': { allowed: EVERYONE, other: OWN },
  'app/(auth)/actions.ts#verifySignupCodeAction': { allowed: EVERYONE, other: OWN },
  'app/(auth)/actions.ts#verifyResetCodeAction': { allowed: EVERYONE, other: OWN },
  'app/(auth)/actions.ts#completeSignupAction': { allowed: EVERYONE, other: OWN },
  'app/(auth)/actions.ts#completeEmailSignupAction': { allowed: EVERYONE, other: OWN },
  'app/(auth)/actions.ts#completeResetAction': { allowed: EVERYONE, other: OWN },
  'app/(auth)/actions.ts#loginAction': { allowed: EVERYONE, other: OWN },
  // The code step after the password: open at the door, the body needs the half-signed-in session.
  'app/(auth)/login/two-factor/actions.ts#verifyLoginCodeAction': {
    allowed: EVERYONE,
    other: OWN,
    why: 'the body needs the half-signed-in session (a signed cookie after the password); lib/auth/two-factor-guard.test.ts drives it with a real one',
  },
  'app/(auth)/login/two-factor/actions.ts#confirmEnrolmentAction': {
    allowed: EVERYONE,
    other: OWN,
    why: 'as verifyLoginCodeAction: the half-signed-in session, driven in lib/auth/two-factor-guard.test.ts',
  },
  'app/(auth)/login/two-factor/actions.ts#stepUpAction': { allowed: SIGNED, other: OWN },
  'app/(auth)/login/two-factor/actions.ts#regenerateRecoveryCodesAction': { allowed: SIGNED, other: OWN },
  'app/(auth)/login/two-factor/actions.ts#disableTwoFactorAction': { allowed: SIGNED, other: OWN },
  'app/(portal)/actions.ts#changePasswordAction': { allowed: SIGNED, other: OWN },
  'app/(portal)/actions.ts#signOutOthersAction': { allowed: SIGNED, other: OWN },
  'app/(portal)/actions.ts#signOutAction': { allowed: EVERYONE, other: OWN },

  'app/(portal)/customer-info/actions.ts#saveKycDraftAction': { allowed: TEAM, other: OWN },
  'app/(portal)/customer-info/actions.ts#submitKycAction': { allowed: TEAM, other: OWN },
  'app/(portal)/disputes/actions.ts#answerDisputeAction': { allowed: SELL, other: 'ownership of disputes: lib/disputes (disputes.test.ts)' },
  // The calendar and the inbox: every member.
  'app/(portal)/events/actions.ts#saveEventAction': { allowed: ALL_M, other: 'B’s events: test/idor.test.ts “neither reads, edits nor deletes B’s events”' },
  'app/(portal)/events/actions.ts#deleteEventAction': { allowed: ALL_M, other: 'probe' },
  'app/(portal)/messages/actions.ts#inboxAction': { allowed: ALL_M, other: 'B’s messages: test/idor.test.ts “neither opens, archives nor marks read”' },

  'app/(portal)/ivr/actions.ts#createPhoneSaleAction': { allowed: SELL, other: 'probe' },
  'app/(portal)/ivr/actions.ts#smsIvrInvoiceAction': { allowed: SELL, other: 'ownership of IVR invoices: lib/ivr tests (ivr-hostile)' },
  'app/(portal)/ivr/actions.ts#cancelIvrInvoiceAction': { allowed: SELL, other: 'ownership of IVR invoices: test/ivr-hostile.test.ts' },
  'app/(portal)/ivr/actions.ts#updateIvrSettingsAction': { allowed: BUILD, other: 'probe' },
  'app/(portal)/ivr/actions.ts#rollIvrSecretAction': { allowed: KEYS, other: 'probe' },

  'app/(portal)/payments/actions.ts#saveLinkSettingsAction': {
    allowed: BUILD,
    other: 'B’s link settings: test/idor.test.ts “neither reads nor writes B’s link settings”',
  },
  'app/(portal)/payments/actions.ts#buildLinkAction': { allowed: SELL, other: 'probe' },
  'app/(portal)/payments/actions.ts#decideSlipAction': { allowed: SELL, other: 'B’s slip: test/idor.test.ts “cannot decide B’s slip”' },
  'app/(portal)/payments/actions.ts#resendWebhookAction': { allowed: KEYS, other: 'B’s events: test/idor.test.ts “merchant actions give A nothing of B’s”' },
  'app/(portal)/payments/actions.ts#createRefundAction': { allowed: SELL, other: 'B’s payments: test/refunds-hostile.test.ts' },
  'app/(portal)/payments/actions.ts#cancelRefundAction': { allowed: SELL, other: 'test/refunds-hostile.test.ts' },
  'app/(portal)/payments/actions.ts#resendRefundLinkAction': { allowed: SELL, other: 'test/refunds-hostile.test.ts' },

  'app/(portal)/payouts/actions.ts#addBankAccountAction': { allowed: OWNER, other: 'probe' },
  'app/(portal)/payouts/actions.ts#removeBankAccountAction': { allowed: OWNER, other: 'probe' },
  'app/(portal)/payouts/actions.ts#setDefaultBankAccountAction': { allowed: OWNER, other: 'probe' },
  'app/(portal)/payouts/actions.ts#setAutoSettlementAction': { allowed: MONEY, other: 'probe' },
  'app/(portal)/payouts/actions.ts#requestPayoutAction': { allowed: MONEY, other: 'probe' },
  'app/(portal)/payouts/actions.ts#cancelPayoutAction': { allowed: MONEY, other: 'probe' },

  'app/(portal)/platforms/actions.ts#sendTestEventAction': { allowed: KEYS, other: 'probe' },
  'app/(portal)/platforms/actions.ts#createShortLinkAction': { allowed: SELL, other: 'probe' },

  'app/(portal)/services/actions.ts#requestServiceAction': { allowed: BUILD, other: OWN },
  'app/(portal)/services/actions.ts#addPlatformAction': { allowed: BUILD, other: 'probe' },
  'app/(portal)/services/actions.ts#issueLiveKeyAction': { allowed: KEYS, other: 'probe' },
  'app/(portal)/services/actions.ts#rollKeyAction': { allowed: KEYS, other: 'probe' },
  'app/(portal)/services/actions.ts#revokeKeyAction': { allowed: KEYS, other: 'probe' },
  'app/(portal)/services/actions.ts#setIpAllowListAction': { allowed: KEYS, other: 'probe' },
  'app/(portal)/services/actions.ts#setPausedAction': { allowed: BUILD, other: 'probe' },
  'app/(portal)/services/actions.ts#setWebhookAction': { allowed: KEYS, other: 'probe' },

  'app/(portal)/settings/team/actions.ts#inviteMemberAction': { allowed: TEAM, other: OWN },
  'app/(portal)/settings/team/actions.ts#revokeInvitationAction': { allowed: TEAM, other: 'probe' },
  'app/(portal)/settings/team/actions.ts#changeMemberRoleAction': { allowed: TEAM, other: 'probe' },
  'app/(portal)/settings/team/actions.ts#removeMemberAction': { allowed: TEAM, other: 'probe' },
  'app/(portal)/settings/team/actions.ts#transferOwnershipAction': { allowed: OWNER, other: 'probe' },
  'app/(portal)/settings/team/actions.ts#leaveTeamAction': { allowed: ALL_M, other: OWN },
  // For a signed-in person (merchant side) in the body: called with a valid input.
  'app/(portal)/settings/team/actions.ts#acceptInvitationAction': { allowed: ALL_M, other: 'probe', deep: () => ({ invitationId: randomUUID() }) },
  'app/(portal)/settings/team/actions.ts#declineInvitationAction': { allowed: ALL_M, other: 'probe', deep: () => ({ invitationId: randomUUID() }) },
  'app/(portal)/settings/team/actions.ts#startOwnBusinessAction': { allowed: ALL_M, other: OWN, deep: () => ({}) },
  'app/(portal)/settings/team/actions.ts#switchMerchantAction': { allowed: SIGNED, other: 'probe' },

  'app/(portal)/split/actions.ts#saveMarketplaceSettingsAction': { allowed: SELL, other: 'probe' },
  'app/(portal)/split/actions.ts#addBeneficiaryAction': { allowed: SELL, other: 'probe' },
  'app/(portal)/split/actions.ts#removeBeneficiaryAction': { allowed: SELL, other: 'ownership of beneficiaries: test/split-hostile.test.ts' },
  'app/(portal)/split/actions.ts#closeSplitInvoiceAction': { allowed: SELL, other: 'test/split-hostile.test.ts' },
  'app/(portal)/split/actions.ts#verifySplitInvoiceAction': { allowed: SELL, other: 'test/split-hostile.test.ts' },
  'app/(portal)/split/actions.ts#cancelSplitInvoiceAction': { allowed: SELL, other: 'test/split-hostile.test.ts' },
  'app/(portal)/split/actions.ts#closeManySplitInvoicesAction': { allowed: SELL, other: 'test/split-hostile.test.ts' },
  'app/(portal)/split/actions.ts#acceptInvitationAction': {
    allowed: SELL,
    other: 'a marketplace’s invitation is to the invited business itself: test/split-hostile.test.ts',
  },
  'app/(portal)/split/actions.ts#declineInvitationAction': { allowed: SELL, other: 'as acceptInvitationAction' },
  'app/(portal)/split/actions.ts#setPermissionAction': { allowed: SELL, other: 'test/split-hostile.test.ts' },
  'app/(portal)/split/actions.ts#withdrawForSubBusinessAction': { allowed: MONEY, other: 'test/split-hostile.test.ts' },

  'app/(portal)/topup/actions.ts#saveStoreSettingsAction': { allowed: BUILD, other: 'probe' },

  'app/(portal)/vpos/actions.ts#createVposDefinitionAction': { allowed: BUILD, other: OWN },
  'app/(portal)/vpos/actions.ts#updateVposDefinitionAction': { allowed: BUILD, other: 'ownership of definitions: test/vpos-hostile.test.ts' },
  'app/(portal)/vpos/actions.ts#setVposDefinitionEnabledAction': { allowed: BUILD, other: 'test/vpos-hostile.test.ts' },
  'app/(portal)/vpos/actions.ts#testVposDefinitionAction': { allowed: BUILD, other: 'test/vpos-hostile.test.ts' },
  'app/(portal)/vpos/actions.ts#setVposPlatformDefinitionAction': { allowed: BUILD, other: 'test/vpos-hostile.test.ts' },
  'app/(portal)/vpos/actions.ts#collectByCardAction': { allowed: SELL, other: 'test/vpos-hostile.test.ts' },
  'app/(portal)/vpos/actions.ts#createVposPayLinkAction': { allowed: SELL, other: 'test/vpos-hostile.test.ts' },
  'app/(portal)/vpos/actions.ts#reverseVposPaymentAction': { allowed: SELL, other: 'test/vpos-hostile.test.ts' },
  'app/(portal)/vpos/reconciliation/actions.ts#runReconciliationAction': { allowed: MONEY, other: 'test/vpos-hostile.test.ts' },
  'app/(portal)/vpos/reconciliation/actions.ts#resolveReconItemAction': { allowed: MONEY, other: 'test/vpos-hostile.test.ts' },

  // Staff: each area's writers (the auditor reads everything and changes nothing).
  'app/admin/connectors/actions.ts#saveConnectorAction': { allowed: 'o', other: STAFF_ONLY },
  'app/admin/connectors/actions.ts#testConnectorAction': { allowed: 'o', other: STAFF_ONLY },
  'app/admin/disputes/actions.ts#openDisputeAction': { allowed: 'f', other: STAFF_ONLY },
  'app/admin/disputes/actions.ts#decideDisputeAction': { allowed: 'f', other: STAFF_ONLY },
  'app/admin/disputes/actions.ts#staffRefundLinkAction': { allowed: 'f', other: STAFF_ONLY },
  'app/admin/ivr/actions.ts#setIvrRailAction': { allowed: 'o', other: STAFF_ONLY },
  'app/admin/kyc/actions.ts#decideKycAction': { allowed: 'k', other: STAFF_ONLY },
  // Opening the next profile in the queue only reads.
  'app/admin/kyc/actions.ts#nextKycAction': { allowed: 'ka', other: STAFF_ONLY },
  'app/admin/kyc/actions.ts#suspendKycAction': { allowed: 'k', other: STAFF_ONLY },
  // A broadcast's preview only reads.
  'app/admin/messages/actions.ts#previewBroadcastAction': { allowed: 'oa', other: STAFF_ONLY },
  'app/admin/messages/actions.ts#sendBroadcastAction': { allowed: 'o', other: STAFF_ONLY },
  'app/admin/payments/actions.ts#staffDecideSlipAction': { allowed: 'f', other: STAFF_ONLY },
  'app/admin/payments/actions.ts#resolveAlertAction': { allowed: 'f', other: STAFF_ONLY },
  'app/admin/payouts/actions.ts#decidePayoutAction': { allowed: 'f', other: STAFF_ONLY },
  'app/admin/payouts/actions.ts#decideBankAccountAction': { allowed: 'f', other: STAFF_ONLY },
  'app/admin/payouts/actions.ts#setPayoutRulesAction': { allowed: 'f', other: STAFF_ONLY },
  'app/admin/payouts/actions.ts#buildBatchAction': { allowed: 'f', other: STAFF_ONLY },
  'app/admin/payouts/actions.ts#markBatchSentAction': { allowed: 'f', other: STAFF_ONLY },
  'app/admin/payouts/actions.ts#settleBatchPayoutAction': { allowed: 'f', other: STAFF_ONLY },
  'app/admin/payouts/actions.ts#setMoneyBackRulesAction': { allowed: 'f', other: STAFF_ONLY },
  'app/admin/payouts/actions.ts#approveBatchAction': { allowed: 'f', other: STAFF_ONLY },
  'app/admin/platforms/actions.ts#decidePlatformAction': { allowed: 'o', other: STAFF_ONLY },
  'app/admin/services/actions.ts#updateServiceAction': { allowed: 'o', other: STAFF_ONLY },
  'app/admin/services/actions.ts#publishTermsAction': { allowed: 'o', other: STAFF_ONLY },
  'app/admin/services/actions.ts#setFeeAction': { allowed: 'o', other: STAFF_ONLY },
  'app/admin/services/actions.ts#decideFeeChangeAction': { allowed: 'o', other: STAFF_ONLY },
  'app/admin/staff/actions.ts#inviteStaffAction': { allowed: 'x', other: STAFF_ONLY },
  'app/admin/staff/actions.ts#setStaffRolesAction': { allowed: 'x', other: STAFF_ONLY },
  'app/admin/staff/actions.ts#removeStaffAction': { allowed: 'x', other: STAFF_ONLY },
  'app/admin/topup/actions.ts#setCommissionAction': { allowed: 'o', other: STAFF_ONLY },
  'app/admin/topup/actions.ts#setProductHiddenAction': { allowed: 'o', other: STAFF_ONLY },
  'app/admin/topup/actions.ts#syncCatalogueAction': { allowed: 'o', other: STAFF_ONLY },

  // Payers and the sandboxes: no session at all.
  'app/(portal)/support/actions.ts#openTicketAction': { allowed: ALL_M, other: 'ownership of tickets: lib/support (support.test.ts)' },
  'app/(portal)/support/actions.ts#replyTicketAction': { allowed: ALL_M, other: 'ownership of tickets: lib/support (support.test.ts)' },
  'app/(portal)/support/actions.ts#resolveTicketAction': { allowed: ALL_M, other: 'ownership of tickets: lib/support (support.test.ts)' },
  'app/(portal)/support/actions.ts#rateTicketAction': { allowed: ALL_M, other: 'ownership of tickets: lib/support (support.test.ts)' },
  'app/admin/support/actions.ts#staffReplyAction': { allowed: 's', other: STAFF_ONLY },
  'app/admin/support/actions.ts#takeTicketAction': { allowed: 's', other: STAFF_ONLY },
  'app/admin/support/actions.ts#assignTicketAction': { allowed: 's', other: STAFF_ONLY },
  'app/admin/support/actions.ts#staffResolveAction': { allowed: 's', other: STAFF_ONLY },
  'app/admin/support/actions.ts#saveCannedAction': { allowed: 's', other: STAFF_ONLY },
  'app/admin/support/actions.ts#removeCannedAction': { allowed: 's', other: STAFF_ONLY },
  'app/(portal)/support/inquiries/actions.ts#answerInquiryAction': { allowed: ALL_M, other: 'ownership of payer inquiries: lib/support/inquiries.test.ts' },
  'app/(portal)/support/inquiries/actions.ts#closeInquiryAction': { allowed: ALL_M, other: 'ownership of payer inquiries: lib/support/inquiries.test.ts' },
  'app/admin/support/inquiries/actions.ts#staffAnswerInquiryAction': { allowed: 's', other: STAFF_ONLY },
  'app/admin/support/inquiries/actions.ts#staffCloseInquiryAction': { allowed: 's', other: STAFF_ONLY },
  'app/pay/help/actions.ts#askAboutPaymentAction': { allowed: EVERYONE, other: PAYER },
  'app/pay/actions.ts#payByLinkAction': { allowed: EVERYONE, other: PAYER },
  'app/pay/actions.ts#payByOneOffAction': { allowed: EVERYONE, other: PAYER },
  'app/pay/actions.ts#submitRefundAccountAction': { allowed: EVERYONE, other: PAYER },
  'app/sandbox/actions.ts#sandboxPayAction': { allowed: EVERYONE, other: PAYER },
  'app/sandbox/phone/actions.ts#dialPhoneAction': { allowed: EVERYONE, other: PAYER },
  'app/sandbox/phone/actions.ts#lookupInvoiceAction': { allowed: EVERYONE, other: PAYER },
  'app/sandbox/phone/actions.ts#orderProductAction': { allowed: EVERYONE, other: PAYER },
  'app/sandbox/phone/actions.ts#payOnBankIvrAction': { allowed: EVERYONE, other: PAYER },
  'app/topup/actions.ts#orderTopupAction': { allowed: EVERYONE, other: PAYER },
  'app/topup/actions.ts#topupOrderStateAction': { allowed: EVERYONE, other: PAYER },
};

// ---------------------------------------------------------------------------------------------
// The routes' table

/**
 * `probe: 'session'`: a plain request as each person; refused is 401/403 (or a redirect to the
 * login), allowed anything else. `probe: 'api'`: the public API answers a bearer key only — no
 * session of anyone opens it (each person's request without a key is 401). Otherwise `why`.
 */
type RouteRow = { allowed: string; probe?: 'session' | 'api'; why?: string; query?: string };
const API = { allowed: '', probe: 'api' as const };
const REFUSES_AS_MISSING = 'refuses a stranger exactly as a missing object (404), so a plain request cannot tell allowed from refused';

const ROUTES: Record<string, RouteRow> = {
  'app/(portal)/reports/transactions/export/route.ts#GET': { allowed: MONEY, probe: 'session' },
  'app/(portal)/settings/audit/export/route.ts#GET': { allowed: TEAM, probe: 'session' },
  'app/(portal)/split/[marketplaceId]/totals/export/route.ts#GET': { allowed: MONEY, why: `a marketplace’s own sheet; ${REFUSES_AS_MISSING}` },
  'app/(portal)/vpos/collect/bank/route.ts#POST': { allowed: SELL, why: 'needs the virtual POS service and the portal’s origin; test/vpos-hostile.test.ts' },
  'app/(portal)/vpos/export/route.ts#GET': { allowed: SELL, why: 'needs the virtual POS service; test/vpos-hostile.test.ts' },
  'app/admin/audit/export/route.ts#GET': { allowed: 'ax', probe: 'session' },
  'app/admin/reports/transactions/export/route.ts#GET': { allowed: 'ofsa', probe: 'session' },
  'app/api/admin/payouts/batches/[id]/file/route.ts#GET': { allowed: 'fa', why: REFUSES_AS_MISSING },
  'app/api/admin/payouts/batches/[id]/results/route.ts#POST': { allowed: 'f', why: `a multipart upload from the portal; ${REFUSES_AS_MISSING}` },
  'app/api/admin/payouts/export/route.ts#GET': { allowed: 'fa', probe: 'session', query: '?from=1404/01/01&to=1404/01/02' },
  'app/api/dev/sms/route.ts#GET': { allowed: EVERYONE, why: 'the development SMS inbox: answers only outside production (lib/env), no session' },
  'app/api/disputes/[id]/evidence/[n]/route.ts#GET': { allowed: 'OAC' + 'fa', why: REFUSES_AS_MISSING },
  'app/(portal)/support/files/[id]/route.ts#GET': {
    allowed: ALL_M,
    why: `a ticket's file of the member's own business, never an internal note's; ${REFUSES_AS_MISSING} (lib/support/support.test.ts)`,
  },
  'app/(portal)/support/files/route.ts#POST': {
    allowed: ALL_M,
    why: 'a multipart upload from the portal’s origin, claimed only by a ticket of the same business',
  },
  'app/admin/support/files/[id]/route.ts#GET': { allowed: 'sa', why: `support's file of any ticket; ${REFUSES_AS_MISSING}` },
  'app/admin/support/files/route.ts#POST': { allowed: 's', why: 'a multipart upload from the staff pages’ origin' },
  'app/(portal)/support/[id]/live/route.ts#GET': {
    allowed: ALL_M,
    why: `the live stream of a ticket of the member's own business, never a staff note; ${REFUSES_AS_MISSING} (lib/support/live.test.ts)`,
  },
  'app/(portal)/support/[id]/live/route.ts#POST': {
    allowed: ALL_M,
    why: `the typing ping on the member's own ticket, from the portal’s origin; ${REFUSES_AS_MISSING}`,
  },
  'app/(portal)/support/[id]/messages/route.ts#GET': {
    allowed: ALL_M,
    why: `the live conversation's polling fallback, the stream's reads; ${REFUSES_AS_MISSING} (lib/support/live.test.ts)`,
  },
  'app/admin/support/[id]/live/route.ts#GET': { allowed: 'sa', why: `the live stream of any ticket with its notes; ${REFUSES_AS_MISSING}` },
  'app/admin/support/[id]/live/route.ts#POST': { allowed: 's', why: `the typing ping, from the staff pages’ origin; ${REFUSES_AS_MISSING}` },
  'app/admin/support/[id]/messages/route.ts#GET': { allowed: 'sa', why: `the polling fallback of any ticket; ${REFUSES_AS_MISSING}` },
  'app/metrics/route.ts#GET': {
    allowed: '',
    why: 'Prometheus metrics behind METRICS_TOKEN of their own (none set → 404): no session opens it (lib/metrics tests)',
  },
  'app/api/disputes/[id]/evidence/route.ts#POST': { allowed: SELL, why: 'a multipart upload from the portal’s origin (lib/http/receive-upload)' },
  'app/api/health/route.ts#GET': { allowed: EVERYONE, why: 'the health check: no data' },
  'app/api/ready/route.ts#GET': { allowed: EVERYONE, why: 'the readiness check: no data (database, migrations, shutting down)' },
  'app/api/ivr/get-transaction-result/route.ts#GET': { allowed: '', why: 'the IVR provider’s call, signed with its own key (lib/ivr)' },
  'app/api/ivr/transactions/route.ts#POST': { allowed: '', why: 'the IVR provider’s call, signed with its own key (lib/ivr)' },
  'app/api/kyc/documents/[id]/route.ts#GET': { allowed: TEAM + 'ka', why: `${REFUSES_AS_MISSING}; test/idor.test.ts “route handlers”` },
  'app/api/kyc/documents/route.ts#POST': { allowed: TEAM, why: 'a multipart upload from the portal’s origin' },
  'app/api/pay/[handle]/slip-image/route.ts#POST': { allowed: EVERYONE, why: 'a payer’s slip photo on a link: no session' },
  'app/api/payment-links/[platformId]/logo/route.ts#POST': {
    allowed: BUILD,
    why: 'a multipart upload from the portal’s origin; test/idor.test.ts “the logo upload 404”',
  },
  'app/api/payments/[id]/slip-image/route.ts#GET': { allowed: ALL_M + 'fsa', why: `${REFUSES_AS_MISSING}; test/idor.test.ts “route handlers”` },
  'app/api/reports/exports/[id]/file/route.ts#GET': { allowed: MONEY + ALL_S, why: `a person’s own export; ${REFUSES_AS_MISSING}` },
  'app/api/reports/exports/[id]/route.ts#GET': { allowed: MONEY + ALL_S, why: `a person’s own export; ${REFUSES_AS_MISSING}` },
  'app/api/sandbox/bank-ivr/route.ts#POST': { allowed: EVERYONE, why: 'the sandbox bank’s phone menu: a session token of its own' },
  'app/api/topup/bulk/[id]/results/route.ts#GET': { allowed: SELL, why: REFUSES_AS_MISSING },
  'app/api/topup/bulk/pay/route.ts#POST': { allowed: SELL, why: 'a multipart upload from the portal’s origin' },
  'app/api/topup/bulk/preview/route.ts#POST': { allowed: SELL, why: 'a multipart upload from the portal’s origin' },
  'app/api/topup/bulk/template/route.ts#GET': { allowed: SELL, probe: 'session' },
  'app/api/v1/balance/route.ts#GET': API,
  'app/api/v1/bank-accounts/route.ts#GET': API,
  'app/api/v1/ivr/invoices/[code]/route.ts#GET': API,
  'app/api/v1/ivr/invoices/route.ts#POST': API,
  'app/api/v1/openapi.json/route.ts#GET': { allowed: EVERYONE, why: 'the published API description' },
  'app/api/v1/payment-links/route.ts#POST': API,
  'app/api/v1/payments/[id]/refunds/route.ts#GET': API,
  'app/api/v1/payments/[id]/refunds/route.ts#POST': API,
  'app/api/v1/payments/[id]/route.ts#GET': API,
  'app/api/v1/payments/route.ts#GET': API,
  'app/api/v1/payments/route.ts#POST': API,
  'app/api/v1/payouts/[id]/route.ts#GET': API,
  'app/api/v1/payouts/route.ts#GET': API,
  'app/api/v1/payouts/route.ts#POST': API,
  'app/api/v1/platform/route.ts#GET': API,
  'app/api/v1/refunds/[id]/route.ts#GET': API,
  'app/api/v1/services/route.ts#GET': API,
  'app/api/v1/split-beneficiaries/route.ts#GET': API,
  'app/api/v1/split-invoices/[id]/cancel/route.ts#POST': API,
  'app/api/v1/split-invoices/[id]/close/route.ts#POST': API,
  'app/api/v1/split-invoices/[id]/route.ts#GET': API,
  'app/api/v1/split-invoices/[id]/verify/route.ts#POST': API,
  'app/api/v1/split-invoices/route.ts#GET': API,
  'app/api/v1/split-invoices/route.ts#POST': API,
  // Exchanges an API key for a token: the key is the credential.
  'app/api/v1/token/route.ts#POST': API,
  'app/api/v1/topup/products/route.ts#GET': API,
  'app/api/v1/topups/[id]/route.ts#GET': API,
  'app/api/v1/topups/route.ts#POST': API,
  'app/pay/callback/[gateway]/route.ts#GET': { allowed: EVERYONE, why: 'a bank’s return to the payer: verified with the bank, no session' },
  'app/pay/callback/[gateway]/route.ts#POST': { allowed: EVERYONE, why: 'a bank’s return to the payer: verified with the bank, no session' },
  'app/pay/go/[id]/route.ts#GET': { allowed: EVERYONE, why: PAYER },
  'app/pay/invoice/[id]/pay/route.ts#POST': { allowed: EVERYONE, why: PAYER },
  'app/pay/logo/[handle]/route.ts#GET': { allowed: EVERYONE, why: 'a payment link’s public logo' },
  'app/s/[code]/route.ts#GET': { allowed: EVERYONE, why: 'a short link’s public redirect' },
};

// ---------------------------------------------------------------------------------------------
// The app's actions and routes, from the file system

function files(dir: string, name: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) return files(full, name);
    return entry === name ? [full] : [];
  });
}
const ACTION_FILES = files('app', 'actions.ts').sort();
const ROUTE_FILES = files('app', 'route.ts').sort();
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

type Fn = (input: unknown) => Promise<{ ok: boolean; error?: string; fieldErrors?: Record<string, string> }>;
const actionModules = new Map<string, Record<string, unknown>>();
const routeModules = new Map<string, Record<string, unknown>>();

// The door's refusals are logged by the wrapper; they are the point here.
beforeAll(async () => {
  vi.spyOn(console, 'error').mockImplementation(() => {});
  for (const f of ACTION_FILES) actionModules.set(f, await import(/* @vite-ignore */ `@/${f.replace(/\.ts$/, '')}`));
  for (const f of ROUTE_FILES) routeModules.set(f, await import(/* @vite-ignore */ `@/${f.replace(/\.ts$/, '')}`));
}, 120_000);
afterAll(() => vi.mocked(console.error).mockRestore());

// ---------------------------------------------------------------------------------------------
// The people

type Person = { user: { id: string; role: string; mobile: string } | null; chosen: string | null };
const people = new Map<string, Person>();
let M = '';
let other: Person;

beforeAll(async () => {
  const owner = await makeMerchant(db, { kycApproved: true });
  M = owner.id;
  people.set('O', { user: owner, chosen: M });
  for (const [letter, role] of Object.entries(MEMBERS)) {
    if (role === 'owner') continue;
    const u = await makeMerchant(db);
    await db.insert(schema.merchantMembers).values({ merchantId: M, userId: u.id, role, invitedBy: M });
    people.set(letter, { user: u, chosen: M });
  }
  for (const [letter, role] of Object.entries(STAFF)) {
    const s = await makeAdmin(db, [role]);
    people.set(letter, { user: s, chosen: null });
  }
  people.set(ANON, { user: null, chosen: null });
  const n = await makeMerchant(db, { kycApproved: true });
  other = { user: n, chosen: n.id };
}, 60_000);

function actAs(p: Person) {
  h.user = p.user;
  h.chosenMerchant = p.chosen;
}

/** Not an input any schema takes: an allowed caller meets the schema, a refused one the door. */
const NO_INPUT = '\u0000 not an input';
const DOOR = ['roleForbidden', 'staffRoleRequired', 'kycRequired', 'unknown'];

async function door(fn: Fn, input: unknown): Promise<'allowed' | 'refused' | string> {
  let r: Awaited<ReturnType<Fn>>;
  try {
    r = await fn(input);
  } catch {
    // The guards' redirect to the login, a forbidden role.
    return 'refused';
  }
  if (!r.ok && r.error && DOOR.includes(r.error)) return 'refused';
  // Past the door: the schema's refusal (or, for a `deep` call, the body's answer).
  if (r.fieldErrors || input !== NO_INPUT) return 'allowed';
  return `odd: ${JSON.stringify(r)}`;
}

describe('the permission matrix of actions and routes', () => {
  it('lists every action and route the app exports, and nothing that is not there', () => {
    const actions: string[] = [];
    for (const [f, mod] of actionModules) for (const [name, v] of Object.entries(mod)) if (typeof v === 'function') actions.push(`${f}#${name}`);
    expect(actions.sort()).toEqual(Object.keys(ACTIONS).sort());
    const routes: string[] = [];
    for (const [f, mod] of routeModules) for (const m of METHODS) if (typeof mod[m] === 'function') routes.push(`${f}#${m}`);
    expect(routes.sort()).toEqual(Object.keys(ROUTES).sort());
  });

  it('every row names its answer for another merchant, and every route without a probe says why', () => {
    for (const [key, row] of Object.entries(ACTIONS)) expect({ key, other: Boolean(row.other) }).toEqual({ key, other: true });
    for (const [key, row] of Object.entries(ROUTES)) expect({ key, explained: Boolean(row.probe || row.why) }).toEqual({ key, explained: true });
  });

  it('each action lets in exactly the people its row names', async () => {
    const wrong: string[] = [];
    for (const [key, row] of Object.entries(ACTIONS)) {
      const [file, name] = key.split('#');
      const fn = actionModules.get(file)![name] as Fn;
      for (const who of WHO) {
        actAs(people.get(who)!);
        const input = typeof row.deep === 'function' ? (row.deep as () => unknown)() : NO_INPUT;
        const got = await door(fn, input);
        const want = row.allowed.includes(who) ? 'allowed' : 'refused';
        if (got !== want) wrong.push(`${key} as ${who}: ${got}, the table says ${want}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 300_000);

  it('each route with a probe answers exactly the people its row names; no session opens the API', async () => {
    const wrong: string[] = [];
    for (const [key, row] of Object.entries(ROUTES)) {
      if (!row.probe) continue;
      const [file, method] = key.split('#');
      const handler = routeModules.get(file)![method] as (req: Request, ctx: unknown) => Promise<Response>;
      const params = Promise.resolve(new Proxy({}, { get: () => randomUUID() }));
      for (const who of WHO) {
        actAs(people.get(who)!);
        const req = new Request(`http://dargah.test/x${row.query ?? ''}`, {
          method,
          headers: { origin: 'http://dargah.test', 'content-type': 'application/json' },
          ...(method === 'GET' ? {} : { body: '{}' }),
        });
        let status: number;
        try {
          status = (await handler(req, { params })).status;
        } catch {
          status = 401; // the login redirect
        }
        // The API refuses anything without a key (the token exchange, a key-less body, with 400).
        const got = (row.probe === 'api' ? status >= 400 : status === 401 || status === 403) ? 'refused' : 'allowed';
        const want = row.allowed.includes(who) ? 'allowed' : 'refused';
        if (got !== want) wrong.push(`${key} as ${who}: ${status}, the table says ${want}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 300_000);
});

// ---------------------------------------------------------------------------------------------
// Another merchant on business M's objects

describe('another merchant, on business M’s objects', () => {
  let platformId = '';
  let keyId = '';
  let merchantServiceId = '';
  let bankAccountId = '';
  let eventId = '';
  let invitationId = '';
  let memberId = '';

  beforeAll(async () => {
    const made = await makePlatform(db);
    // M is this business: make its platform M's by moving it to the business under test.
    platformId = made.platform.id;
    merchantServiceId = made.platform.merchantServiceId;
    const owner = merchantActorOf(made.merchant);
    keyId = (await listPlatformKeys(db, owner, platformId))![0].id;
    const [acc] = await db
      .insert(schema.bankAccounts)
      .values({ merchantId: made.merchant.id, sheba: 'IR062960000000100324200001', holderName: 'M', source: 'merchant', status: 'approved' })
      .returning();
    bankAccountId = acc.id;
    eventId = await makeEvent(db, owner, 'M only');
    const [inv] = await db.insert(schema.merchantInvitations).values({ merchantId: made.merchant.id, mobile: '09350000000', role: 'developer' }).returning();
    invitationId = inv.id;
    const member = await makeMerchant(db);
    await db.insert(schema.merchantMembers).values({ merchantId: made.merchant.id, userId: member.id, role: 'developer', invitedBy: made.merchant.id });
    memberId = member.id;
    M = made.merchant.id;
  }, 60_000);

  it('is refused on each of them and changes nothing', async () => {
    const probes: Record<string, () => unknown> = {
      'app/(portal)/events/actions.ts#deleteEventAction': () => ({ id: eventId }),
      'app/(portal)/ivr/actions.ts#createPhoneSaleAction': () => ({ platformId, amount: '100000', payerMobile: '09121234567', description: '' }),
      'app/(portal)/ivr/actions.ts#updateIvrSettingsAction': () => ({
        platformId,
        invoiceTtlMinutes: 60,
        callerWrongCap: 3,
        callerWindowMinutes: 10,
        invoiceFailCap: 3,
      }),
      'app/(portal)/ivr/actions.ts#rollIvrSecretAction': () => ({ platformId, kind: 'credential' }),
      'app/(portal)/payments/actions.ts#buildLinkAction': () => ({ platformId, amount: '1000', sign: true }),
      'app/(portal)/payouts/actions.ts#addBankAccountAction': () => ({ sheba: 'IR062960000000100324200001', holderName: 'Nima N', platformId }),
      'app/(portal)/payouts/actions.ts#removeBankAccountAction': () => ({ id: bankAccountId }),
      'app/(portal)/payouts/actions.ts#setDefaultBankAccountAction': () => ({ platformId, bankAccountId }),
      'app/(portal)/payouts/actions.ts#setAutoSettlementAction': () => ({ platformId, enabled: true, unit: 'rial', keep: '' }),
      'app/(portal)/payouts/actions.ts#requestPayoutAction': () => ({ platformId, bankAccountId, unit: 'rial', amount: '1000000', description: '' }),
      'app/(portal)/payouts/actions.ts#cancelPayoutAction': () => ({ payoutId: randomUUID() }),
      'app/(portal)/platforms/actions.ts#sendTestEventAction': () => ({ platformId }),
      'app/(portal)/platforms/actions.ts#createShortLinkAction': () => ({ platformId, amount: '1000', sign: true }),
      'app/(portal)/services/actions.ts#addPlatformAction': () => ({
        merchantServiceId,
        type: 'website',
        name: 'stolen',
        address: 'https://n.example',
        expectedMonthlyVolume: '1000000',
        callbackUrls: '',
      }),
      'app/(portal)/services/actions.ts#issueLiveKeyAction': () => ({ platformId }),
      'app/(portal)/services/actions.ts#rollKeyAction': () => ({ keyId, graceSeconds: 0 }),
      'app/(portal)/services/actions.ts#revokeKeyAction': () => ({ keyId }),
      'app/(portal)/services/actions.ts#setIpAllowListAction': () => ({ keyId, ips: '203.0.113.9' }),
      'app/(portal)/services/actions.ts#setPausedAction': () => ({ platformId, paused: true }),
      'app/(portal)/services/actions.ts#setWebhookAction': () => ({ platformId, url: 'https://evil.example/h' }),
      'app/(portal)/settings/team/actions.ts#revokeInvitationAction': () => ({ invitationId }),
      'app/(portal)/settings/team/actions.ts#changeMemberRoleAction': () => ({ userId: memberId, role: 'admin' }),
      'app/(portal)/settings/team/actions.ts#removeMemberAction': () => ({ userId: memberId }),
      'app/(portal)/settings/team/actions.ts#transferOwnershipAction': () => ({ userId: memberId, password: 'merchant pass phrase' }),
      'app/(portal)/settings/team/actions.ts#acceptInvitationAction': () => ({ invitationId }),
      'app/(portal)/settings/team/actions.ts#declineInvitationAction': () => ({ invitationId }),
      'app/(portal)/settings/team/actions.ts#switchMerchantAction': () => ({ merchantId: M }),
      'app/(portal)/split/actions.ts#saveMarketplaceSettingsAction': () => ({ platformId, feePayer: 'marketplace', rail: 'dargah' }),
      'app/(portal)/split/actions.ts#addBeneficiaryAction': () => ({
        marketplaceId: platformId,
        kind: 'merchant',
        mobile: '09121234567',
        displayName: 'Stolen seller',
      }),
      'app/(portal)/topup/actions.ts#saveStoreSettingsAction': () => ({ platformId, handle: `m-${platformId.slice(0, 8)}`, title: 'Stolen store' }),
    };
    // Every row that says `probe` has one here, and no probe is for a row that does not.
    expect(Object.keys(probes).sort()).toEqual(
      Object.entries(ACTIONS)
        .filter(([, r]) => r.other === 'probe')
        .map(([k]) => k)
        .sort(),
    );
    const before = await snapshot();
    actAs(other);
    const wrong: string[] = [];
    for (const [key, input] of Object.entries(probes)) {
      const [file, name] = key.split('#');
      const fn = actionModules.get(file)![name] as Fn;
      let r: Awaited<ReturnType<Fn>> | 'threw';
      try {
        r = await fn(input());
      } catch {
        r = 'threw';
      }
      // Refused by what it names (not found, not allowed), never by a malformed probe: a schema's refusal would prove nothing.
      const byObject = r !== 'threw' && !r.ok && (r.error !== undefined || Object.values(r.fieldErrors ?? {}).every((m) => m === 'notFound'));
      if (r === 'threw' || !byObject) wrong.push(`${key}: ${JSON.stringify(r)}`);
    }
    expect(wrong).toEqual([]);
    expect(await snapshot()).toEqual(before);
  }, 120_000);

  /** What business M has: its platform, keys, accounts, events, team and invitations. */
  async function snapshot() {
    const [p] = await db.select().from(schema.platforms).where(eq(schema.platforms.id, platformId));
    const keys = await db.select().from(schema.apiKeys).where(eq(schema.apiKeys.platformId, platformId));
    const accounts = await db.select().from(schema.bankAccounts).where(eq(schema.bankAccounts.merchantId, M));
    const events = await db.select().from(schema.events).where(eq(schema.events.id, eventId));
    const team = await db.select().from(schema.merchantMembers).where(eq(schema.merchantMembers.merchantId, M));
    const invitations = await db.select().from(schema.merchantInvitations).where(eq(schema.merchantInvitations.merchantId, M));
    const platforms = await db.select({ id: schema.platforms.id }).from(schema.platforms).where(eq(schema.platforms.merchantServiceId, merchantServiceId));
    return { p, keys, accounts, events, team: team.map((t) => [t.userId, t.role]).sort(), invitations, platforms: platforms.length };
  }
});
