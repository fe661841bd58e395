import { getTranslations } from 'next-intl/server';
import { DefinitionsManager } from '@/components/vpos/definitions-manager';
import { requireVpos, VposFrame } from '@/components/vpos/gate';
import { getDb } from '@/db';
import { titled } from '@/lib/i18n/metadata';
import { listVposDefinitions, listVposPlatforms } from '@/lib/vpos/definitions';
import {
  createVposDefinitionAction,
  setVposDefinitionEnabledAction,
  setVposPlatformDefinitionAction,
  testVposDefinitionAction,
  updateVposDefinitionAction,
} from '../actions';

export const generateMetadata = titled('vpos', 'definitions.title');

/** The merchant's virtual POS definitions (Sanal Pos Tanımları): a change holds for the next payment, no restart. */
export default async function DefinitionsPage() {
  const gate = await requireVpos();
  if (!gate.actor) return gate.blocked;
  const t = await getTranslations('vpos');
  const db = getDb();
  const [definitions, platforms] = await Promise.all([listVposDefinitions(db, gate.actor), listVposPlatforms(db, gate.actor)]);
  return (
    <VposFrame title={t('definitions.title')} intro={t('definitions.intro')}>
      <DefinitionsManager
        definitions={definitions.map((d) => ({
          id: d.id,
          company: d.company,
          name: d.name,
          environment: d.environment,
          use3d: d.use3d,
          maxInstallments: d.maxInstallments,
          hints: d.hints,
          enabled: d.enabled,
          lastTestedAt: d.lastTestedAt?.toISOString() ?? null,
          lastTestOk: d.lastTestOk,
          lastTestMessage: d.lastTestMessage,
        }))}
        platforms={platforms.map((p) => ({ id: p.id, name: p.name, status: p.status, definitionId: p.definitionId }))}
        actions={{
          create: createVposDefinitionAction,
          update: updateVposDefinitionAction,
          setEnabled: setVposDefinitionEnabledAction,
          test: testVposDefinitionAction,
          setPlatform: setVposPlatformDefinitionAction,
        }}
      />
    </VposFrame>
  );
}
