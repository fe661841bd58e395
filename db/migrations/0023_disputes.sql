CREATE TYPE "public"."dispute_state" AS ENUM('open', 'answered', 'won', 'lost');--> statement-breakpoint
ALTER TYPE "public"."ledger_account_kind" ADD VALUE 'platform_held';--> statement-breakpoint
ALTER TYPE "public"."ledger_account_kind" ADD VALUE 'platform_owed';--> statement-breakpoint
CREATE TABLE "disputes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"payment_id" uuid NOT NULL,
	"platform_id" uuid NOT NULL,
	"merchant_id" uuid NOT NULL,
	"amount" bigint NOT NULL,
	"currency" varchar(3) DEFAULT 'IRR' NOT NULL,
	"from_pending" bigint DEFAULT 0 NOT NULL,
	"from_withdrawable" bigint DEFAULT 0 NOT NULL,
	"owed" bigint DEFAULT 0 NOT NULL,
	"reason" varchar(300) NOT NULL,
	"bank_reference" varchar(60),
	"deadline" timestamp with time zone NOT NULL,
	"state" "dispute_state" DEFAULT 'open' NOT NULL,
	"answer" text,
	"evidence" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"answered_at" timestamp with time zone,
	"decision_reason" text,
	"fee" bigint DEFAULT 0 NOT NULL,
	"opened_by" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "disputes_amount_positive" CHECK ("disputes"."amount" > 0 and "disputes"."fee" >= 0),
	CONSTRAINT "disputes_parts" CHECK ("disputes"."from_pending" >= 0 and "disputes"."from_withdrawable" >= 0 and "disputes"."owed" >= 0 and "disputes"."from_pending" + "disputes"."from_withdrawable" + "disputes"."owed" = "disputes"."amount"),
	CONSTRAINT "disputes_currency_known" CHECK ("disputes"."currency" in ('IRR', 'TRY'))
);
--> statement-breakpoint
ALTER TABLE "refunds" DROP CONSTRAINT "refunds_parts";--> statement-breakpoint
ALTER TABLE "refunds" DROP CONSTRAINT "refunds_parts_sum";--> statement-breakpoint
ALTER TABLE "payout_rules" ADD COLUMN "dispute_fee" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "dispute_id" uuid;--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "from_held" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_platform_id_platforms_id_fk" FOREIGN KEY ("platform_id") REFERENCES "public"."platforms"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_merchant_id_users_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_opened_by_users_id_fk" FOREIGN KEY ("opened_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "disputes_merchant_idx" ON "disputes" USING btree ("merchant_id","state","deadline");--> statement-breakpoint
CREATE INDEX "disputes_state_deadline_idx" ON "disputes" USING btree ("state","deadline");--> statement-breakpoint
CREATE INDEX "disputes_payment_idx" ON "disputes" USING btree ("payment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "disputes_one_open_key" ON "disputes" USING btree ("payment_id") WHERE "disputes"."state" in ('open', 'answered');--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_dispute_id_disputes_id_fk" FOREIGN KEY ("dispute_id") REFERENCES "public"."disputes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_parts" CHECK ("refunds"."from_pending" >= 0 and "refunds"."from_withdrawable" >= 0 and "refunds"."fee_returned" >= 0 and "refunds"."from_held" >= 0);--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_parts_sum" CHECK (not "refunds"."livemode" or "refunds"."from_pending" + "refunds"."from_withdrawable" + "refunds"."fee_returned" + "refunds"."from_held" = "refunds"."amount");