CREATE TYPE "public"."vpos_channel" AS ENUM('checkout', 'agent', 'manual');--> statement-breakpoint
CREATE TYPE "public"."vpos_environment" AS ENUM('test', 'production');--> statement-breakpoint
CREATE TYPE "public"."vpos_recon_kind" AS ENUM('matched', 'bank_only', 'local_only', 'amount_differs', 'state_differs');--> statement-breakpoint
CREATE TYPE "public"."vpos_reversal_kind" AS ENUM('cancel', 'refund');--> statement-breakpoint
CREATE TYPE "public"."vpos_reversal_state" AS ENUM('processing', 'succeeded', 'failed', 'unknown');--> statement-breakpoint
ALTER TYPE "public"."payment_source" ADD VALUE 'pos';--> statement-breakpoint
CREATE TABLE "vpos_definitions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"company" varchar(160) NOT NULL,
	"name" varchar(80) NOT NULL,
	"provider" varchar(20) DEFAULT 'nkolay' NOT NULL,
	"environment" "vpos_environment" NOT NULL,
	"secrets" text NOT NULL,
	"hints" jsonb NOT NULL,
	"use3d" boolean DEFAULT true NOT NULL,
	"max_installments" integer DEFAULT 1 NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"last_tested_at" timestamp with time zone,
	"last_test_ok" boolean,
	"last_test_message" varchar(300),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vpos_definitions_installments" CHECK ("vpos_definitions"."max_installments" between 1 and 12)
);
--> statement-breakpoint
CREATE TABLE "vpos_payments" (
	"payment_id" uuid PRIMARY KEY NOT NULL,
	"definition_id" uuid NOT NULL,
	"channel" "vpos_channel" NOT NULL,
	"taken_by" uuid,
	"reference_code" varchar(64),
	"auth_code" varchar(32),
	"installments" integer DEFAULT 1 NOT NULL,
	"bank_code" varchar(16),
	"bank_message" varchar(300),
	"note" varchar(300),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vpos_payments_reference_key" UNIQUE("definition_id","reference_code")
);
--> statement-breakpoint
CREATE TABLE "vpos_platform_defaults" (
	"platform_id" uuid PRIMARY KEY NOT NULL,
	"definition_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vpos_recon_items" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"run_id" uuid NOT NULL,
	"kind" "vpos_recon_kind" NOT NULL,
	"payment_id" uuid,
	"reference_code" varchar(64),
	"client_ref_code" varchar(64),
	"bank_amount" bigint,
	"our_amount" bigint,
	"bank_state" varchar(40),
	"our_state" varchar(40),
	"bank_row" jsonb,
	"resolved_at" timestamp with time zone,
	"resolved_by" uuid,
	"resolution" varchar(300)
);
--> statement-breakpoint
CREATE TABLE "vpos_recon_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"definition_id" uuid NOT NULL,
	"day" date NOT NULL,
	"ran_by" uuid,
	"ran_at" timestamp with time zone DEFAULT now() NOT NULL,
	"error" varchar(300),
	"counts" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vpos_reversals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"payment_id" uuid NOT NULL,
	"kind" "vpos_reversal_kind" NOT NULL,
	"amount" bigint NOT NULL,
	"state" "vpos_reversal_state" DEFAULT 'processing' NOT NULL,
	"reference_code" varchar(64),
	"bank_code" varchar(16),
	"message" varchar(300),
	"requested_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	CONSTRAINT "vpos_reversals_amount_positive" CHECK ("vpos_reversals"."amount" > 0)
);
--> statement-breakpoint
ALTER TABLE "vpos_definitions" ADD CONSTRAINT "vpos_definitions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vpos_payments" ADD CONSTRAINT "vpos_payments_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vpos_payments" ADD CONSTRAINT "vpos_payments_definition_id_vpos_definitions_id_fk" FOREIGN KEY ("definition_id") REFERENCES "public"."vpos_definitions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vpos_payments" ADD CONSTRAINT "vpos_payments_taken_by_users_id_fk" FOREIGN KEY ("taken_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vpos_platform_defaults" ADD CONSTRAINT "vpos_platform_defaults_platform_id_platforms_id_fk" FOREIGN KEY ("platform_id") REFERENCES "public"."platforms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vpos_platform_defaults" ADD CONSTRAINT "vpos_platform_defaults_definition_id_vpos_definitions_id_fk" FOREIGN KEY ("definition_id") REFERENCES "public"."vpos_definitions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vpos_recon_items" ADD CONSTRAINT "vpos_recon_items_run_id_vpos_recon_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."vpos_recon_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vpos_recon_items" ADD CONSTRAINT "vpos_recon_items_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vpos_recon_items" ADD CONSTRAINT "vpos_recon_items_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vpos_recon_runs" ADD CONSTRAINT "vpos_recon_runs_definition_id_vpos_definitions_id_fk" FOREIGN KEY ("definition_id") REFERENCES "public"."vpos_definitions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vpos_recon_runs" ADD CONSTRAINT "vpos_recon_runs_ran_by_users_id_fk" FOREIGN KEY ("ran_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vpos_reversals" ADD CONSTRAINT "vpos_reversals_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vpos_reversals" ADD CONSTRAINT "vpos_reversals_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "vpos_definitions_user_idx" ON "vpos_definitions" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "vpos_payments_definition_idx" ON "vpos_payments" USING btree ("definition_id","created_at");--> statement-breakpoint
CREATE INDEX "vpos_recon_items_run_idx" ON "vpos_recon_items" USING btree ("run_id","kind");--> statement-breakpoint
CREATE INDEX "vpos_recon_runs_definition_day_idx" ON "vpos_recon_runs" USING btree ("definition_id","day","ran_at");--> statement-breakpoint
CREATE INDEX "vpos_reversals_payment_idx" ON "vpos_reversals" USING btree ("payment_id","created_at");