DROP INDEX "split_invoices_marketplace_idx";--> statement-breakpoint
DROP INDEX "split_invoices_settle_idx";--> statement-breakpoint
DROP INDEX "split_parts_beneficiary_idx";--> statement-breakpoint
ALTER TABLE "split_invoices" ADD COLUMN "settled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "split_parts" ADD COLUMN "created_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
CREATE INDEX "split_invoices_marketplace_state_idx" ON "split_invoices" USING btree ("marketplace_id","state","seq");--> statement-breakpoint
CREATE INDEX "split_invoices_seq_idx" ON "split_invoices" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "split_parts_unsettled_idx" ON "split_parts" USING btree ("platform_id") WHERE "split_parts"."settled_at" is null;--> statement-breakpoint
CREATE INDEX "split_invoices_marketplace_idx" ON "split_invoices" USING btree ("marketplace_id","seq");--> statement-breakpoint
CREATE INDEX "split_invoices_settle_idx" ON "split_invoices" USING btree ("closed_at") WHERE "split_invoices"."state" = 'closed' and "split_invoices"."settled_at" is null;--> statement-breakpoint
CREATE INDEX "split_parts_beneficiary_idx" ON "split_parts" USING btree ("beneficiary_id","created_at");