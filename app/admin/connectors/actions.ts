'use server';

import { action } from '@/lib/actions/action';
import { saveConnector, saveConnectorSchema, testConnector } from '@/lib/connectors';
import { withoutData } from '@/lib/result';

export const saveConnectorAction = action(
  { who: 'staff', area: 'connectors', schema: saveConnectorSchema, revalidate: '/admin/connectors' },
  async (actor, input, { db }) => withoutData(await saveConnector(db, actor, input)),
);

export const testConnectorAction = action({ who: 'staff', area: 'connectors', schema: saveConnectorSchema }, (actor, input, { db }) =>
  testConnector(db, actor, input),
);
