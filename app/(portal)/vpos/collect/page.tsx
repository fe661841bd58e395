import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { Card } from '@/components/ui/card';
import { CollectForm } from '@/components/vpos/collect-form';
import { requireVpos, VposFrame } from '@/components/vpos/gate';
import { getDb } from '@/db';
import { titled } from '@/lib/i18n/metadata';
import { listVposDefinitions } from '@/lib/vpos/definitions';
import { collectByCardAction, createVposPayLinkAction } from '../actions';
import { PayLinkForm } from '@/components/vpos/pay-link-form';

export const generateMetadata = titled('vpos', 'collect.title');

/** Online collection: an agent takes a customer's card payment over the phone through an enabled POS definition. */
export default async function CollectPage() {
  const gate = await requireVpos();
  if (!gate.actor) return gate.blocked;
  const t = await getTranslations('vpos');
  const enabled = (await listVposDefinitions(getDb(), gate.actor)).filter((d) => d.enabled);
  // What the two forms need of each definition (never its credentials' hints).
  const definitions = enabled.map((d) => ({
    id: d.id,
    name: d.name,
    company: d.company,
    use3d: d.use3d,
    maxInstallments: d.maxInstallments,
    environment: d.environment,
  }));
  return (
    <VposFrame title={t('collect.title')} intro={t('collect.intro')}>
      <Card>
        {enabled.length === 0 ? (
          <div data-testid="collect-no-definition">
            <p className="text-sm text-muted">{t('collect.noDefinition')}</p>
            <Link
              href="/vpos/definitions"
              className="mt-3 inline-flex min-h-11 items-center rounded-lg bg-brand-600 px-4 text-sm font-semibold text-white hover:bg-brand-700"
            >
              {t('collect.toDefinitions')}
            </Link>
          </div>
        ) : (
          <CollectForm definitions={definitions} collect={collectByCardAction} />
        )}
      </Card>
      {enabled.length > 0 && (
        <Card title={t('payLink.title')}>
          <p className="mb-4 text-sm text-muted">{t('payLink.intro')}</p>
          <PayLinkForm definitions={definitions} create={createVposPayLinkAction} />
        </Card>
      )}
    </VposFrame>
  );
}
