CREATE INDEX "deposit_slips_slip_number_idx" ON "deposit_slips" USING btree ("slip_number");--> statement-breakpoint
CREATE INDEX "payments_order_id_idx" ON "payments" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "payments_gateway_ref_idx" ON "payments" USING btree ("gateway_ref") WHERE "payments"."gateway_ref" is not null;--> statement-breakpoint
CREATE INDEX "payments_card_last4_created_idx" ON "payments" USING btree (right("card_masked", 4),"created_at") WHERE "payments"."card_masked" is not null;