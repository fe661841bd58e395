DROP INDEX "payments_platform_created_id_idx";--> statement-breakpoint
DROP INDEX "payments_created_id_idx";--> statement-breakpoint
DROP INDEX "payments_platform_amount_id_idx";--> statement-breakpoint
DROP INDEX "payments_payer_mobile_idx";--> statement-breakpoint
CREATE INDEX "payments_platform_created_at_id_idx" ON "payments" USING btree ("platform_id","created_at","id");--> statement-breakpoint
CREATE INDEX "payments_created_at_id_idx" ON "payments" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "payments_platform_amount_idx" ON "payments" USING btree ("platform_id","amount","id");--> statement-breakpoint
CREATE INDEX "payments_payer_mobile_created_idx" ON "payments" USING btree ("payer_mobile","created_at");