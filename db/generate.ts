import type postgres from 'postgres';

/**
 * Fills `payments` with N synthetic rows in one INSERT … SELECT over generate_series, spread
 * over the given platforms, a year back from `until`, five products, every source and state,
 * with amounts from 10 000 to 50 000 000 Rials. For benchmarks and large-export tests only.
 */
export async function generatePayments(
  client: postgres.Sql,
  opts: { platformIds: string[]; n: number; until?: Date; days?: number; livemode?: boolean },
): Promise<void> {
  const until = (opts.until ?? new Date()).toISOString();
  const days = opts.days ?? 365;
  await client`
    insert into payments (platform_id, source, method, livemode, amount, fee, order_id, tracking_code, state,
                          gateway, gateway_ref, card_masked, payer_name, payer_mobile, product, created_at, updated_at, completed_at)
    select p.ids[1 + (g % array_length(p.ids, 1))],
           (array['link','api','invoice','topup']::payment_source[])[1 + g % 4],
           'online',
           ${opts.livemode ?? true},
           (10000 + (g * 7919) % 49990000)::bigint,
           ((10000 + (g * 7919) % 49990000) / 100)::bigint,
           'gen-' || g || '-' || ${Date.now().toString(36)},
           -- 11 digits, unique per row; not a valid Damm code (synthetic data only).
           lpad(((g::bigint * 1000003 + ${Math.floor(Math.random() * 1e6)}) % 99999999999)::text, 11, '9'),
           (array['succeeded','succeeded','succeeded','failed','canceled']::payment_state[])[1 + g % 5],
           'sandbox',
           (100000000000 + g)::text,
           '603799******' || lpad((g % 10000)::text, 4, '0'),
           'Payer ' || (g % 5000),
           '0912' || lpad((g % 10000000)::text, 7, '0'),
           (array['charge-irancell-10k','charge-mci-20k','internet-1gb','internet-10gb', null])[1 + g % 5],
           ${until}::timestamptz - ((g % (${days} * 1440)) || ' minutes')::interval,
           ${until}::timestamptz - ((g % (${days} * 1440)) || ' minutes')::interval,
           ${until}::timestamptz - ((g % (${days} * 1440)) || ' minutes')::interval
    from generate_series(1::bigint, ${opts.n}::bigint) g, (select ${opts.platformIds}::uuid[] as ids) p
  `;
}
