CREATE TYPE "public"."refund_state" AS ENUM('awaiting_account', 'processing', 'succeeded', 'failed');--> statement-breakpoint
ALTER TYPE "public"."ledger_account_kind" ADD VALUE 'refund_clearing';--> statement-breakpoint
CREATE TABLE "refund_accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"refund_id" uuid NOT NULL,
	"sheba" varchar(26) NOT NULL,
	"bank_code" varchar(8),
	"holder_name" varchar(150) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "refund_accounts_sheba_shape" CHECK ("refund_accounts"."sheba" ~ '^IR[0-9]{24}$')
);
--> statement-breakpoint
CREATE TABLE "refunds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"payment_id" uuid NOT NULL,
	"platform_id" uuid NOT NULL,
	"merchant_id" uuid NOT NULL,
	"livemode" boolean NOT NULL,
	"amount" bigint NOT NULL,
	"currency" varchar(3) DEFAULT 'IRR' NOT NULL,
	"from_pending" bigint DEFAULT 0 NOT NULL,
	"from_withdrawable" bigint DEFAULT 0 NOT NULL,
	"fee_returned" bigint DEFAULT 0 NOT NULL,
	"reason" varchar(300) NOT NULL,
	"state" "refund_state" NOT NULL,
	"method" varchar(10) NOT NULL,
	"gateway_ref" varchar(120),
	"failure_reason" varchar(300),
	"next_inquiry_at" timestamp with time zone,
	"inquiries" integer DEFAULT 0 NOT NULL,
	"account_token_hash" varchar(64),
	"account_token_expires_at" timestamp with time zone,
	"requested_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "refunds_account_token_key" UNIQUE("account_token_hash"),
	CONSTRAINT "refunds_amount_positive" CHECK ("refunds"."amount" > 0),
	CONSTRAINT "refunds_parts" CHECK ("refunds"."from_pending" >= 0 and "refunds"."from_withdrawable" >= 0 and "refunds"."fee_returned" >= 0),
	CONSTRAINT "refunds_parts_sum" CHECK (not "refunds"."livemode" or "refunds"."from_pending" + "refunds"."from_withdrawable" + "refunds"."fee_returned" = "refunds"."amount"),
	CONSTRAINT "refunds_method_known" CHECK ("refunds"."method" in ('gateway', 'payout')),
	CONSTRAINT "refunds_currency_known" CHECK ("refunds"."currency" in ('IRR', 'TRY'))
);
--> statement-breakpoint
CREATE TABLE "sandbox_bank_refunds" (
	"refund_id" uuid PRIMARY KEY NOT NULL,
	"token" varchar(40) NOT NULL,
	"amount" bigint NOT NULL,
	"state" varchar(20) NOT NULL,
	"ref" varchar(40),
	"reason" varchar(200),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "refunded_amount" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "pending_debited" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "payout_rules" ADD COLUMN "refund_returns_fee" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "payouts" ADD COLUMN "refund_id" uuid;--> statement-breakpoint
ALTER TABLE "payouts" ADD COLUMN "refund_account_id" uuid;--> statement-breakpoint
ALTER TABLE "refund_accounts" ADD CONSTRAINT "refund_accounts_refund_id_refunds_id_fk" FOREIGN KEY ("refund_id") REFERENCES "public"."refunds"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_platform_id_platforms_id_fk" FOREIGN KEY ("platform_id") REFERENCES "public"."platforms"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_merchant_id_users_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "refund_accounts_refund_idx" ON "refund_accounts" USING btree ("refund_id");--> statement-breakpoint
CREATE INDEX "refunds_payment_idx" ON "refunds" USING btree ("payment_id","created_at");--> statement-breakpoint
CREATE INDEX "refunds_platform_created_idx" ON "refunds" USING btree ("platform_id","created_at","id");--> statement-breakpoint
CREATE INDEX "refunds_unknown_idx" ON "refunds" USING btree ("next_inquiry_at") WHERE "refunds"."state" = 'processing' and "refunds"."method" = 'gateway';--> statement-breakpoint
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_refund_id_refunds_id_fk" FOREIGN KEY ("refund_id") REFERENCES "public"."refunds"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_refund_account_id_refund_accounts_id_fk" FOREIGN KEY ("refund_account_id") REFERENCES "public"."refund_accounts"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payouts_refund_idx" ON "payouts" USING btree ("refund_id") WHERE "payouts"."refund_id" is not null;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_refunded_within" CHECK ("payments"."refunded_amount" between 0 and "payments"."amount" and "payments"."pending_debited" >= 0);--> statement-breakpoint
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_refund_account_named" CHECK ("payouts"."destination" <> 'refund_account' or ("payouts"."refund_id" is not null and "payouts"."refund_account_id" is not null));