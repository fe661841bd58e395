CREATE TYPE "public"."display_unit" AS ENUM('rial', 'toman');--> statement-breakpoint
CREATE TYPE "public"."payment_method" AS ENUM('online', 'slip');--> statement-breakpoint
CREATE TYPE "public"."payment_source" AS ENUM('link', 'api', 'invoice', 'topup');--> statement-breakpoint
CREATE TYPE "public"."payment_state" AS ENUM('created', 'redirected', 'succeeded', 'failed', 'canceled', 'unknown', 'awaiting_confirmation');--> statement-breakpoint
CREATE TYPE "public"."webhook_event_state" AS ENUM('pending', 'delivered', 'failed');--> statement-breakpoint
CREATE TABLE "deposit_slips" (
	"payment_id" uuid PRIMARY KEY NOT NULL,
	"bank" varchar(32) NOT NULL,
	"slip_number" varchar(40) NOT NULL,
	"deposit_date" date NOT NULL,
	"image_key" varchar(200),
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"reason" varchar(300)
);
--> statement-breakpoint
CREATE TABLE "fee_rules" (
	"service_id" varchar(32) PRIMARY KEY NOT NULL,
	"percent_basis_points" integer DEFAULT 0 NOT NULL,
	"fixed" bigint DEFAULT 0 NOT NULL,
	"min" bigint DEFAULT 0 NOT NULL,
	"max" bigint,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "fee_rules_sane" CHECK ("fee_rules"."percent_basis_points" between 0 and 10000 and "fee_rules"."fixed" >= 0 and "fee_rules"."min" >= 0 and ("fee_rules"."max" is null or "fee_rules"."max" >= "fee_rules"."min"))
);
--> statement-breakpoint
CREATE TABLE "one_off_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"platform_id" uuid NOT NULL,
	"code" varchar(24) NOT NULL,
	"amount" bigint NOT NULL,
	"description" varchar(255),
	"expires_at" timestamp with time zone,
	"usage_limit" integer DEFAULT 1 NOT NULL,
	"used_count" integer DEFAULT 0 NOT NULL,
	"livemode" boolean NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "one_off_links_code_key" UNIQUE("code"),
	CONSTRAINT "one_off_links_usage" CHECK ("one_off_links"."used_count" between 0 and "one_off_links"."usage_limit" and "one_off_links"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "payment_alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"payment_id" uuid,
	"kind" varchar(40) NOT NULL,
	"message" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by" uuid
);
--> statement-breakpoint
CREATE TABLE "payment_attempts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"payment_id" uuid NOT NULL,
	"action" varchar(20) NOT NULL,
	"request" jsonb,
	"response" jsonb,
	"outcome" varchar(20) NOT NULL,
	"reason" varchar(300),
	"latency_ms" integer,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_link_settings" (
	"platform_id" uuid PRIMARY KEY NOT NULL,
	"handle" varchar(32) NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"title" varchar(120) NOT NULL,
	"display_unit" "display_unit" DEFAULT 'rial' NOT NULL,
	"gateways" text[] DEFAULT '{}'::text[] NOT NULL,
	"min_amount" bigint NOT NULL,
	"max_amount" bigint NOT NULL,
	"accept_slips" boolean DEFAULT false NOT NULL,
	"logo_key" varchar(200),
	"signing_key_encrypted" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payment_link_settings_handle_key" UNIQUE("handle")
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"platform_id" uuid NOT NULL,
	"source" "payment_source" NOT NULL,
	"method" "payment_method" DEFAULT 'online' NOT NULL,
	"livemode" boolean NOT NULL,
	"amount" bigint NOT NULL,
	"fee" bigint,
	"order_id" varchar(64) NOT NULL,
	"tracking_code" varchar(11) NOT NULL,
	"state" "payment_state" DEFAULT 'created' NOT NULL,
	"gateway" varchar(20),
	"gateway_token" varchar(120),
	"gateway_ref" varchar(120),
	"gateway_page_url" varchar(500),
	"card_masked" varchar(19),
	"gateway_callback" jsonb,
	"failure_reason" varchar(300),
	"payer_name" varchar(120),
	"payer_mobile" varchar(11),
	"payer_phone" varchar(20),
	"description" varchar(500),
	"amount_locked" boolean DEFAULT false NOT NULL,
	"callback_url" varchar(500),
	"one_off_link_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	"settled_at" timestamp with time zone,
	"verifying_until" timestamp with time zone,
	"next_inquiry_at" timestamp with time zone,
	"inquiries" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "payments_tracking_code_key" UNIQUE("tracking_code"),
	CONSTRAINT "payments_order_key" UNIQUE("platform_id","livemode","order_id"),
	CONSTRAINT "payments_gateway_token_key" UNIQUE("gateway","gateway_token"),
	CONSTRAINT "payments_amount_positive" CHECK ("payments"."amount" > 0),
	CONSTRAINT "payments_card_masked" CHECK ("payments"."card_masked" is null or "payments"."card_masked" ~ '^[0-9]{6}\*{6}[0-9]{4}$')
);
--> statement-breakpoint
CREATE TABLE "sandbox_bank_sessions" (
	"token" varchar(40) PRIMARY KEY NOT NULL,
	"amount" bigint NOT NULL,
	"order_id" varchar(64) NOT NULL,
	"callback_url" varchar(500) NOT NULL,
	"state" varchar(20) DEFAULT 'new' NOT NULL,
	"card" varchar(16),
	"ref" varchar(40),
	"reason" varchar(200),
	"verify_calls" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settlement_runs" (
	"run_date" date PRIMARY KEY NOT NULL,
	"cutoff" timestamp with time zone NOT NULL,
	"platforms" integer DEFAULT 0 NOT NULL,
	"total" bigint DEFAULT 0 NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"event_id" varchar(40) NOT NULL,
	"url" varchar(300) NOT NULL,
	"status" integer,
	"latency_ms" integer,
	"response" varchar(500),
	"error" varchar(300),
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_events" (
	"id" varchar(40) PRIMARY KEY NOT NULL,
	"platform_id" uuid NOT NULL,
	"type" varchar(60) NOT NULL,
	"payload" jsonb NOT NULL,
	"state" "webhook_event_state" DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_attempt_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "deposit_slips" ADD CONSTRAINT "deposit_slips_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deposit_slips" ADD CONSTRAINT "deposit_slips_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fee_rules" ADD CONSTRAINT "fee_rules_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fee_rules" ADD CONSTRAINT "fee_rules_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "one_off_links" ADD CONSTRAINT "one_off_links_platform_id_platforms_id_fk" FOREIGN KEY ("platform_id") REFERENCES "public"."platforms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_alerts" ADD CONSTRAINT "payment_alerts_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_alerts" ADD CONSTRAINT "payment_alerts_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_attempts" ADD CONSTRAINT "payment_attempts_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_link_settings" ADD CONSTRAINT "payment_link_settings_platform_id_platforms_id_fk" FOREIGN KEY ("platform_id") REFERENCES "public"."platforms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_platform_id_platforms_id_fk" FOREIGN KEY ("platform_id") REFERENCES "public"."platforms"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_one_off_link_id_one_off_links_id_fk" FOREIGN KEY ("one_off_link_id") REFERENCES "public"."one_off_links"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_event_id_webhook_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."webhook_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_events" ADD CONSTRAINT "webhook_events_platform_id_platforms_id_fk" FOREIGN KEY ("platform_id") REFERENCES "public"."platforms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payment_alerts_open_idx" ON "payment_alerts" USING btree ("created_at") WHERE "payment_alerts"."resolved_at" is null;--> statement-breakpoint
CREATE INDEX "payment_attempts_payment_idx" ON "payment_attempts" USING btree ("payment_id","at");--> statement-breakpoint
CREATE INDEX "payments_platform_created_idx" ON "payments" USING btree ("platform_id","created_at");--> statement-breakpoint
CREATE INDEX "payments_unknown_idx" ON "payments" USING btree ("next_inquiry_at") WHERE "payments"."state" = 'unknown';--> statement-breakpoint
CREATE INDEX "payments_unsettled_idx" ON "payments" USING btree ("completed_at") WHERE "payments"."state" = 'succeeded' and "payments"."settled_at" is null and "payments"."livemode";--> statement-breakpoint
CREATE INDEX "webhook_deliveries_event_idx" ON "webhook_deliveries" USING btree ("event_id","at");--> statement-breakpoint
CREATE INDEX "webhook_events_platform_idx" ON "webhook_events" USING btree ("platform_id","created_at");