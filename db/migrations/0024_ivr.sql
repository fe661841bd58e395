CREATE TYPE "public"."ivr_invoice_state" AS ENUM('open', 'canceled');--> statement-breakpoint
CREATE TYPE "public"."ivr_mode" AS ENUM('invoice', 'ivr_to_ivr');--> statement-breakpoint
CREATE TYPE "public"."ivr_rail" AS ENUM('sandbox', 'paystar');--> statement-breakpoint
ALTER TYPE "public"."payment_source" ADD VALUE 'ivr';--> statement-breakpoint
CREATE TABLE "ivr_caller_strikes" (
	"platform_id" uuid NOT NULL,
	"caller" varchar(20) NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "ivr_caller_strikes_platform_id_caller_pk" PRIMARY KEY("platform_id","caller")
);
--> statement-breakpoint
CREATE TABLE "ivr_invoices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"platform_id" uuid NOT NULL,
	"mode" "ivr_mode" NOT NULL,
	"rail" "ivr_rail" NOT NULL,
	"livemode" boolean NOT NULL,
	"amount" bigint NOT NULL,
	"currency" varchar(3) DEFAULT 'IRR' NOT NULL,
	"order_id" varchar(64) NOT NULL,
	"tracking_code" varchar(20) NOT NULL,
	"customer_name" varchar(120),
	"email" varchar(200),
	"phone" varchar(20),
	"caller_number" varchar(20),
	"state" "ivr_invoice_state" DEFAULT 'open' NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"payment_id" uuid,
	"lookups" integer DEFAULT 0 NOT NULL,
	"failed_payments" integer DEFAULT 0 NOT NULL,
	"next_poll_at" timestamp with time zone,
	"polls" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ivr_invoices_order_key" UNIQUE("platform_id","livemode","order_id"),
	CONSTRAINT "ivr_invoices_tracking_key" UNIQUE("platform_id","tracking_code"),
	CONSTRAINT "ivr_invoices_amount_positive" CHECK ("ivr_invoices"."amount" > 0),
	CONSTRAINT "ivr_invoices_currency_known" CHECK ("ivr_invoices"."currency" in ('IRR', 'TRY'))
);
--> statement-breakpoint
CREATE TABLE "ivr_lookups" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"platform_id" uuid,
	"invoice_id" uuid,
	"caller" varchar(20),
	"mode" "ivr_mode" NOT NULL,
	"code" smallint NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ivr_settings" (
	"platform_id" uuid PRIMARY KEY NOT NULL,
	"merchant_number" varchar(8) NOT NULL,
	"rail" "ivr_rail" DEFAULT 'sandbox' NOT NULL,
	"invoice_ttl_minutes" integer DEFAULT 1440 NOT NULL,
	"caller_wrong_cap" integer DEFAULT 5 NOT NULL,
	"caller_window_minutes" integer DEFAULT 60 NOT NULL,
	"invoice_fail_cap" integer DEFAULT 3 NOT NULL,
	"credential_prefix" varchar(24),
	"credential_hash" varchar(64),
	"trunk_prefix" varchar(24),
	"trunk_hash" varchar(64),
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ivr_settings_merchant_number_key" UNIQUE("merchant_number"),
	CONSTRAINT "ivr_settings_credential_key" UNIQUE("credential_hash"),
	CONSTRAINT "ivr_settings_trunk_key" UNIQUE("trunk_hash"),
	CONSTRAINT "ivr_settings_sane" CHECK ("ivr_settings"."invoice_ttl_minutes" between 5 and 43200 and "ivr_settings"."caller_wrong_cap" between 1 and 100 and "ivr_settings"."caller_window_minutes" between 1 and 1440 and "ivr_settings"."invoice_fail_cap" between 1 and 100)
);
--> statement-breakpoint
ALTER TABLE "ivr_caller_strikes" ADD CONSTRAINT "ivr_caller_strikes_platform_id_platforms_id_fk" FOREIGN KEY ("platform_id") REFERENCES "public"."platforms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ivr_invoices" ADD CONSTRAINT "ivr_invoices_platform_id_platforms_id_fk" FOREIGN KEY ("platform_id") REFERENCES "public"."platforms"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ivr_invoices" ADD CONSTRAINT "ivr_invoices_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ivr_invoices" ADD CONSTRAINT "ivr_invoices_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ivr_lookups" ADD CONSTRAINT "ivr_lookups_platform_id_platforms_id_fk" FOREIGN KEY ("platform_id") REFERENCES "public"."platforms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ivr_lookups" ADD CONSTRAINT "ivr_lookups_invoice_id_ivr_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."ivr_invoices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ivr_settings" ADD CONSTRAINT "ivr_settings_platform_id_platforms_id_fk" FOREIGN KEY ("platform_id") REFERENCES "public"."platforms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ivr_invoices_platform_created_idx" ON "ivr_invoices" USING btree ("platform_id","created_at","id");--> statement-breakpoint
CREATE INDEX "ivr_invoices_payment_idx" ON "ivr_invoices" USING btree ("payment_id");--> statement-breakpoint
CREATE INDEX "ivr_invoices_poll_idx" ON "ivr_invoices" USING btree ("next_poll_at") WHERE "ivr_invoices"."rail" = 'paystar' and "ivr_invoices"."state" = 'open';--> statement-breakpoint
CREATE INDEX "ivr_lookups_platform_at_idx" ON "ivr_lookups" USING btree ("platform_id","at");--> statement-breakpoint
CREATE INDEX "ivr_lookups_at_idx" ON "ivr_lookups" USING btree ("at");