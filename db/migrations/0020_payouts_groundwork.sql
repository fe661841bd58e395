CREATE TYPE "public"."bank_account_status" AS ENUM('pending', 'approved', 'rejected', 'removed');--> statement-breakpoint
CREATE TYPE "public"."payout_state" AS ENUM('requested', 'approved', 'sent', 'paid', 'returned', 'canceled', 'rejected');--> statement-breakpoint
ALTER TYPE "public"."ledger_account_kind" ADD VALUE 'payouts_out';--> statement-breakpoint
CREATE TABLE "bank_accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"merchant_id" uuid NOT NULL,
	"platform_id" uuid,
	"sheba" varchar(26) NOT NULL,
	"bank_code" varchar(8),
	"holder_name" varchar(150) NOT NULL,
	"source" varchar(10) NOT NULL,
	"status" "bank_account_status" DEFAULT 'pending' NOT NULL,
	"reason" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bank_accounts_sheba_shape" CHECK ("bank_accounts"."sheba" ~ '^IR[0-9]{24}$'),
	CONSTRAINT "bank_accounts_source_known" CHECK ("bank_accounts"."source" in ('kyc', 'merchant'))
);
--> statement-breakpoint
CREATE TABLE "payouts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"merchant_id" uuid NOT NULL,
	"platform_id" uuid NOT NULL,
	"destination" varchar(20) DEFAULT 'merchant_account' NOT NULL,
	"bank_account_id" uuid,
	"amount" bigint NOT NULL,
	"fee" bigint DEFAULT 0 NOT NULL,
	"currency" varchar(3) DEFAULT 'IRR' NOT NULL,
	"state" "payout_state" DEFAULT 'requested' NOT NULL,
	"description" varchar(200),
	"reason" text,
	"bank_ref" varchar(60),
	"auto" boolean DEFAULT false NOT NULL,
	"requested_by" uuid,
	"decided_by" uuid,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	CONSTRAINT "payouts_amount_positive" CHECK ("payouts"."amount" > 0 and "payouts"."fee" >= 0 and "payouts"."fee" < "payouts"."amount"),
	CONSTRAINT "payouts_destination_known" CHECK ("payouts"."destination" in ('merchant_account', 'refund_account')),
	CONSTRAINT "payouts_merchant_account_named" CHECK ("payouts"."destination" <> 'merchant_account' or "payouts"."bank_account_id" is not null),
	CONSTRAINT "payouts_currency_known" CHECK ("payouts"."currency" in ('IRR', 'TRY'))
);
--> statement-breakpoint
ALTER TABLE "bank_accounts" ADD CONSTRAINT "bank_accounts_merchant_id_users_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_accounts" ADD CONSTRAINT "bank_accounts_platform_id_platforms_id_fk" FOREIGN KEY ("platform_id") REFERENCES "public"."platforms"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_accounts" ADD CONSTRAINT "bank_accounts_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_merchant_id_users_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_platform_id_platforms_id_fk" FOREIGN KEY ("platform_id") REFERENCES "public"."platforms"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_bank_account_id_bank_accounts_id_fk" FOREIGN KEY ("bank_account_id") REFERENCES "public"."bank_accounts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bank_accounts_merchant_sheba_key" ON "bank_accounts" USING btree ("merchant_id","sheba") WHERE "bank_accounts"."status" <> 'removed';--> statement-breakpoint
CREATE INDEX "bank_accounts_status_idx" ON "bank_accounts" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "payouts_platform_requested_idx" ON "payouts" USING btree ("platform_id","requested_at");--> statement-breakpoint
CREATE INDEX "payouts_merchant_requested_idx" ON "payouts" USING btree ("merchant_id","requested_at");--> statement-breakpoint
CREATE INDEX "payouts_state_requested_idx" ON "payouts" USING btree ("state","requested_at");