import { and, desc, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db';
import { merchantServices, platforms, vposDefinitions, vposPlatformDefaults, type VposDefinition } from '@/db/schema';
import { ownedBy, type MerchantActor, type StaffActor } from '@/lib/actor';
import { audit } from '@/lib/audit';
import { open, seal } from '@/lib/crypto/secretbox';
import { env } from '@/lib/env';
import { nkolayClient, type NkolayClient } from '@/lib/gateways/nkolay';
import { err, ok, type Result } from '@/lib/result';
import { isUuid } from '@/lib/validation/ids';
import type { VposDefinitionInput, VposDefinitionUpdate } from './schemas';

/**
 * Virtual POS definitions: a company's N Kolay credentials. Sealed at rest, never read back to a
 * page (only their last four characters), never logged or audited in clear; read per payment, so
 * a change or a switch-off holds for the next payment with no restart.
 */

type Secrets = { sx: string; sxList: string; sxCancel: string; secretKey: string };

/** What a page may show of a definition. */
export type VposDefinitionView = Omit<VposDefinition, 'secrets'>;

const hint = (s: string) => s.slice(-4);
const hintsOf = (s: Secrets) => ({ sx: hint(s.sx), sxList: hint(s.sxList), sxCancel: hint(s.sxCancel), secretKey: hint(s.secretKey) });
/** A definition without its sealed credentials: what every page-facing read returns. */
function viewOf(d: VposDefinition): VposDefinitionView {
  const view: Partial<VposDefinition> = { ...d };
  delete view.secrets;
  return view as VposDefinitionView;
}
/** What the audit trail keeps of a definition: never a credential, not even its hint. */
const auditedOf = (d: VposDefinition | VposDefinitionView) => ({
  company: d.company,
  name: d.name,
  environment: d.environment,
  use3d: d.use3d,
  maxInstallments: d.maxInstallments,
  enabled: d.enabled,
});

export async function listVposDefinitions(db: DbOrTx, actor: MerchantActor | StaffActor): Promise<VposDefinitionView[]> {
  const rows = await db.select().from(vposDefinitions).where(ownedBy(actor, vposDefinitions.userId)).orderBy(desc(vposDefinitions.createdAt));
  return rows.map(viewOf);
}

async function ownDefinition(db: DbOrTx, actor: MerchantActor | StaffActor, id: string): Promise<VposDefinition | null> {
  if (!isUuid(id)) return null;
  const [row] = await db
    .select()
    .from(vposDefinitions)
    .where(and(eq(vposDefinitions.id, id), ownedBy(actor, vposDefinitions.userId)));
  return row ?? null;
}

export async function getVposDefinition(db: DbOrTx, actor: MerchantActor | StaffActor, id: string): Promise<VposDefinitionView | null> {
  const row = await ownDefinition(db, actor, id);
  return row && viewOf(row);
}

/** The merchant has asked for the virtual POS service (accepted its terms) and staff have not suspended it. */
export async function hasVposService(db: DbOrTx, merchantId: string): Promise<boolean> {
  const [row] = await db
    .select({ status: merchantServices.status })
    .from(merchantServices)
    .where(and(eq(merchantServices.userId, merchantId), eq(merchantServices.serviceId, 'vpos')));
  return row !== undefined && row.status !== 'suspended';
}

export async function createVposDefinition(db: Db, actor: MerchantActor, input: VposDefinitionInput): Promise<Result<{ id: string }>> {
  if (!(await hasVposService(db, actor.merchantId))) return err('vposServiceRequired');
  const secrets: Secrets = { sx: input.sx, sxList: input.sxList, sxCancel: input.sxCancel, secretKey: input.secretKey };
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(vposDefinitions)
      .values({
        userId: actor.merchantId,
        company: input.company,
        name: input.name,
        environment: input.environment,
        secrets: seal(JSON.stringify(secrets)),
        hints: hintsOf(secrets),
        use3d: input.use3d,
        maxInstallments: input.maxInstallments,
      })
      .returning();
    await audit(tx, actor, { action: 'vpos.definition.created', objectType: 'vpos_definition', objectId: row.id, after: auditedOf(row) });
    return ok({ id: row.id });
  });
}

export async function updateVposDefinition(db: Db, actor: MerchantActor, input: VposDefinitionUpdate): Promise<Result> {
  const before = await ownDefinition(db, actor, input.id);
  if (!before) return err('notFound');
  const old = JSON.parse(open(before.secrets)) as Secrets;
  const next: Secrets = {
    sx: input.sx ?? old.sx,
    sxList: input.sxList ?? old.sxList,
    sxCancel: input.sxCancel ?? old.sxCancel,
    secretKey: input.secretKey ?? old.secretKey,
  };
  const rolled = (['sx', 'sxList', 'sxCancel', 'secretKey'] as const).filter((k) => input[k] !== undefined);
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(vposDefinitions)
      .set({
        company: input.company,
        name: input.name,
        environment: input.environment,
        use3d: input.use3d,
        maxInstallments: input.maxInstallments,
        ...(rolled.length ? { secrets: seal(JSON.stringify(next)), hints: hintsOf(next), lastTestedAt: null, lastTestOk: null, lastTestMessage: null } : {}),
        updatedAt: new Date(),
      })
      .where(eq(vposDefinitions.id, before.id))
      .returning();
    await audit(tx, actor, {
      action: 'vpos.definition.updated',
      objectType: 'vpos_definition',
      objectId: before.id,
      before: auditedOf(before),
      // Which credentials were replaced, by name only.
      after: { ...auditedOf(row), replaced: rolled },
    });
  });
  return ok();
}

export async function setVposDefinitionEnabled(db: Db, actor: MerchantActor, id: string, enabled: boolean): Promise<Result> {
  const before = await ownDefinition(db, actor, id);
  if (!before) return err('notFound');
  await db.transaction(async (tx) => {
    await tx.update(vposDefinitions).set({ enabled, updatedAt: new Date() }).where(eq(vposDefinitions.id, before.id));
    await audit(tx, actor, {
      action: enabled ? 'vpos.definition.enabled' : 'vpos.definition.disabled',
      objectType: 'vpos_definition',
      objectId: before.id,
      before: { enabled: before.enabled },
      after: { enabled },
    });
  });
  return ok();
}

const testBaseOverride: { url: string | null } = { url: null };

/** Tests point test-environment definitions at their own fake N Kolay. */
export function setNkolayTestBaseUrlForTests(url: string | null) {
  testBaseOverride.url = url;
}

/** The N Kolay client of a definition, built now from what it holds (no cache: a change holds at once). */
export function clientOfDefinition(d: VposDefinition): NkolayClient {
  const s = JSON.parse(open(d.secrets)) as Secrets;
  const baseUrl = d.environment === 'test' ? (testBaseOverride.url ?? env().NKOLAY_TEST_BASE_URL) : undefined;
  return nkolayClient({ environment: d.environment, baseUrl, sx: s.sx, sxList: s.sxList, sxCancel: s.sxCancel, merchantSecretKey: s.secretKey });
}

/** A definition by id with no owner check: for the gateway, the janitor and reconciliation (system paths). */
export async function definitionById(db: DbOrTx, id: string): Promise<VposDefinition | null> {
  const [row] = await db.select().from(vposDefinitions).where(eq(vposDefinitions.id, id));
  return row ?? null;
}

/**
 * Tries a definition with a harmless call: today's payment list (the reporting token and the
 * secret key; nothing is charged or changed). Kept on the definition for the page.
 */
export async function testVposDefinition(db: Db, actor: MerchantActor, id: string): Promise<Result<{ ok: boolean; message: string }>> {
  const d = await ownDefinition(db, actor, id);
  if (!d) return err('notFound');
  const now = new Date();
  const r = await clientOfDefinition(d).listPayments({ from: now, to: now, pageSize: 1 });
  const good = r.kind === 'ok';
  const message = r.kind === 'ok' ? 'OK' : r.kind === 'unreachable' ? r.reason : r.message;
  await db
    .update(vposDefinitions)
    .set({ lastTestedAt: now, lastTestOk: good, lastTestMessage: message.slice(0, 300) })
    .where(eq(vposDefinitions.id, d.id));
  return ok({ ok: good, message });
}

/** The merchant's virtual POS platforms (service `vpos`). */
export async function listVposPlatforms(db: DbOrTx, actor: MerchantActor | StaffActor) {
  return db
    .select({ id: platforms.id, name: platforms.name, status: platforms.status, definitionId: vposPlatformDefaults.definitionId })
    .from(platforms)
    .innerJoin(merchantServices, eq(merchantServices.id, platforms.merchantServiceId))
    .leftJoin(vposPlatformDefaults, eq(vposPlatformDefaults.platformId, platforms.id))
    .where(and(eq(merchantServices.serviceId, 'vpos'), ownedBy(actor, platforms.userId)))
    .orderBy(platforms.createdAt);
}

/** Chooses the definition a platform's payments use unless the API names another. */
export async function setPlatformVposDefinition(db: Db, actor: MerchantActor, platformId: string, definitionId: string): Promise<Result> {
  const d = await ownDefinition(db, actor, definitionId);
  const mine = (await listVposPlatforms(db, actor)).find((p) => p.id === platformId);
  if (!d || !mine) return err('notFound');
  await db.transaction(async (tx) => {
    await tx
      .insert(vposPlatformDefaults)
      .values({ platformId, definitionId: d.id })
      .onConflictDoUpdate({ target: vposPlatformDefaults.platformId, set: { definitionId: d.id } });
    await audit(tx, actor, {
      action: 'vpos.platform.definition',
      objectType: 'platform',
      objectId: platformId,
      before: { definitionId: mine.definitionId },
      after: { definitionId: d.id },
    });
  });
  return ok();
}
