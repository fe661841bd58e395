DROP INDEX "ivr_invoices_poll_idx";--> statement-breakpoint
CREATE INDEX "ivr_invoices_created_idx" ON "ivr_invoices" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "ivr_invoices_poll_idx" ON "ivr_invoices" USING btree ("next_poll_at") WHERE "ivr_invoices"."rail" = 'paystar' and "ivr_invoices"."state" = 'open' and "ivr_invoices"."next_poll_at" is not null;