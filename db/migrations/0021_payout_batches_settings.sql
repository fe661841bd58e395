CREATE TYPE "public"."payout_batch_state" AS ENUM('built', 'sent', 'closed');--> statement-breakpoint
CREATE TABLE "payout_auto_runs" (
	"platform_id" uuid NOT NULL,
	"run_date" date NOT NULL,
	"payout_id" uuid,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payout_auto_runs_pk" PRIMARY KEY("platform_id","run_date")
);
--> statement-breakpoint
CREATE TABLE "payout_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"reference" varchar(40) NOT NULL,
	"rail" varchar(30) NOT NULL,
	"state" "payout_batch_state" DEFAULT 'built' NOT NULL,
	"count" integer NOT NULL,
	"total" bigint NOT NULL,
	"currency" varchar(3) DEFAULT 'IRR' NOT NULL,
	"file_key" varchar(200),
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	CONSTRAINT "payout_batches_reference_key" UNIQUE("reference"),
	CONSTRAINT "payout_batches_currency_known" CHECK ("payout_batches"."currency" in ('IRR', 'TRY'))
);
--> statement-breakpoint
CREATE TABLE "payout_rules" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"min" bigint NOT NULL,
	"max" bigint NOT NULL,
	"daily_cap" bigint NOT NULL,
	"fee" bigint NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payout_rules_one_row" CHECK ("payout_rules"."id" = 1),
	CONSTRAINT "payout_rules_sane" CHECK ("payout_rules"."min" > 0 and "payout_rules"."max" >= "payout_rules"."min" and "payout_rules"."daily_cap" >= "payout_rules"."max" and "payout_rules"."fee" >= 0 and "payout_rules"."fee" < "payout_rules"."min")
);
--> statement-breakpoint
CREATE TABLE "payout_settings" (
	"platform_id" uuid PRIMARY KEY NOT NULL,
	"default_bank_account_id" uuid,
	"auto_enabled" boolean DEFAULT false NOT NULL,
	"auto_keep" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "payouts" ADD COLUMN "batch_id" uuid;--> statement-breakpoint
ALTER TABLE "payout_auto_runs" ADD CONSTRAINT "payout_auto_runs_platform_id_platforms_id_fk" FOREIGN KEY ("platform_id") REFERENCES "public"."platforms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_auto_runs" ADD CONSTRAINT "payout_auto_runs_payout_id_payouts_id_fk" FOREIGN KEY ("payout_id") REFERENCES "public"."payouts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_batches" ADD CONSTRAINT "payout_batches_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_rules" ADD CONSTRAINT "payout_rules_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_settings" ADD CONSTRAINT "payout_settings_platform_id_platforms_id_fk" FOREIGN KEY ("platform_id") REFERENCES "public"."platforms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_settings" ADD CONSTRAINT "payout_settings_default_bank_account_id_bank_accounts_id_fk" FOREIGN KEY ("default_bank_account_id") REFERENCES "public"."bank_accounts"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payout_batches_created_idx" ON "payout_batches" USING btree ("created_at");--> statement-breakpoint
ALTER TABLE "payouts" ADD CONSTRAINT "payouts_batch_id_payout_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."payout_batches"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payouts_batch_idx" ON "payouts" USING btree ("batch_id");