ALTER TABLE "ledger_accounts" DROP CONSTRAINT "ledger_accounts_kind_platform_key";--> statement-breakpoint
ALTER TABLE "platforms" ADD COLUMN "currency" varchar(3) DEFAULT 'IRR' NOT NULL;--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD COLUMN "currency" varchar(3) DEFAULT 'IRR' NOT NULL;--> statement-breakpoint
ALTER TABLE "ledger_lines" ADD COLUMN "currency" varchar(3) DEFAULT 'IRR' NOT NULL;--> statement-breakpoint
ALTER TABLE "fee_rules" ADD COLUMN "currency" varchar(3) DEFAULT 'IRR' NOT NULL;--> statement-breakpoint
ALTER TABLE "one_off_links" ADD COLUMN "currency" varchar(3) DEFAULT 'IRR' NOT NULL;--> statement-breakpoint
ALTER TABLE "payment_link_settings" ADD COLUMN "currency" varchar(3) DEFAULT 'IRR' NOT NULL;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "currency" varchar(3) DEFAULT 'IRR' NOT NULL;--> statement-breakpoint
ALTER TABLE "sandbox_bank_sessions" ADD COLUMN "currency" varchar(3) DEFAULT 'IRR' NOT NULL;--> statement-breakpoint
ALTER TABLE "settlement_runs" ADD COLUMN "currency" varchar(3) DEFAULT 'IRR' NOT NULL;--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_id_currency_key" UNIQUE("id","currency");--> statement-breakpoint
ALTER TABLE "ledger_lines" ADD CONSTRAINT "ledger_lines_account_currency_fk" FOREIGN KEY ("account_id","currency") REFERENCES "public"."ledger_accounts"("id","currency") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_kind_platform_key" UNIQUE NULLS NOT DISTINCT("kind","platform_id","currency");--> statement-breakpoint
ALTER TABLE "platforms" ADD CONSTRAINT "platforms_currency_known" CHECK ("platforms"."currency" in ('IRR', 'TRY'));--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_currency_known" CHECK ("ledger_accounts"."currency" in ('IRR', 'TRY'));--> statement-breakpoint
ALTER TABLE "fee_rules" ADD CONSTRAINT "fee_rules_currency_known" CHECK ("fee_rules"."currency" in ('IRR', 'TRY'));--> statement-breakpoint
ALTER TABLE "one_off_links" ADD CONSTRAINT "one_off_links_currency_known" CHECK ("one_off_links"."currency" in ('IRR', 'TRY'));--> statement-breakpoint
ALTER TABLE "payment_link_settings" ADD CONSTRAINT "payment_link_settings_currency_known" CHECK ("payment_link_settings"."currency" in ('IRR', 'TRY'));--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_currency_known" CHECK ("payments"."currency" in ('IRR', 'TRY'));--> statement-breakpoint
ALTER TABLE "sandbox_bank_sessions" ADD CONSTRAINT "sandbox_bank_sessions_currency_known" CHECK ("sandbox_bank_sessions"."currency" in ('IRR', 'TRY'));--> statement-breakpoint
ALTER TABLE "settlement_runs" ADD CONSTRAINT "settlement_runs_currency_known" CHECK ("settlement_runs"."currency" in ('IRR', 'TRY'));