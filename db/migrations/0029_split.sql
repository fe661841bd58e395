CREATE TYPE "public"."split_beneficiary_kind" AS ENUM('merchant', 'sub_business');--> statement-breakpoint
CREATE TYPE "public"."split_beneficiary_state" AS ENUM('invited', 'active', 'declined', 'removed');--> statement-breakpoint
CREATE TYPE "public"."split_dealer_permission" AS ENUM('none', 'all', 'products');--> statement-breakpoint
CREATE TYPE "public"."split_fee_payer" AS ENUM('marketplace', 'pro_rata');--> statement-breakpoint
CREATE TYPE "public"."split_invoice_state" AS ENUM('open', 'paid', 'closed', 'canceled', 'expired');--> statement-breakpoint
CREATE TYPE "public"."split_part_role" AS ENUM('main', 'sub');--> statement-breakpoint
CREATE TYPE "public"."split_rail" AS ENUM('dargah', 'pod');--> statement-breakpoint
ALTER TYPE "public"."payment_source" ADD VALUE 'split';--> statement-breakpoint
CREATE TABLE "split_beneficiaries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"marketplace_id" uuid NOT NULL,
	"kind" "split_beneficiary_kind" NOT NULL,
	"mobile" varchar(11) NOT NULL,
	"user_id" uuid,
	"platform_id" uuid,
	"display_name" varchar(120) NOT NULL,
	"national_id" varchar(11),
	"guild_code" varchar(64),
	"pod_business_id" varchar(32),
	"state" "split_beneficiary_state" DEFAULT 'invited' NOT NULL,
	"permission" "split_dealer_permission" DEFAULT 'none' NOT NULL,
	"products" text[] DEFAULT '{}'::text[] NOT NULL,
	"permission_changed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "split_beneficiaries_mobile_key" UNIQUE("marketplace_id","mobile")
);
--> statement-breakpoint
CREATE TABLE "split_invoices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigserial NOT NULL,
	"marketplace_id" uuid NOT NULL,
	"livemode" boolean NOT NULL,
	"rail" "split_rail" NOT NULL,
	"bill_number" varchar(64) NOT NULL,
	"total" bigint NOT NULL,
	"currency" varchar(3) DEFAULT 'IRR' NOT NULL,
	"fee_payer" "split_fee_payer" NOT NULL,
	"customer_items" jsonb NOT NULL,
	"description" varchar(300),
	"payer_name" varchar(120),
	"payer_mobile" varchar(11),
	"payer_email" varchar(200),
	"callback_url" text,
	"state" "split_invoice_state" DEFAULT 'open' NOT NULL,
	"verification_needed" boolean DEFAULT false NOT NULL,
	"verified_at" timestamp with time zone,
	"expires_at" timestamp with time zone NOT NULL,
	"payment_id" uuid,
	"fee" bigint DEFAULT 0 NOT NULL,
	"refunded_amount" bigint DEFAULT 0 NOT NULL,
	"paid_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"closed_by" uuid,
	"pod_invoice_id" varchar(32),
	"pod_references" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "split_invoices_bill_key" UNIQUE("marketplace_id","livemode","bill_number"),
	CONSTRAINT "split_invoices_total_positive" CHECK ("split_invoices"."total" > 0 and "split_invoices"."refunded_amount" >= 0 and "split_invoices"."refunded_amount" <= "split_invoices"."total")
);
--> statement-breakpoint
CREATE TABLE "split_marketplaces" (
	"platform_id" uuid PRIMARY KEY NOT NULL,
	"rail" "split_rail" DEFAULT 'dargah' NOT NULL,
	"fee_payer" "split_fee_payer" DEFAULT 'marketplace' NOT NULL,
	"pod_guild_code" varchar(64),
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "split_parts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"invoice_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"role" "split_part_role" NOT NULL,
	"beneficiary_id" uuid,
	"platform_id" uuid NOT NULL,
	"share" bigint NOT NULL,
	"items" jsonb NOT NULL,
	"description" varchar(300),
	"address_ref" varchar(64),
	"fee" bigint DEFAULT 0 NOT NULL,
	"refunded" bigint DEFAULT 0 NOT NULL,
	"pending_debited" bigint DEFAULT 0 NOT NULL,
	"fee_returned" bigint DEFAULT 0 NOT NULL,
	"settled_at" timestamp with time zone,
	CONSTRAINT "split_parts_position_key" UNIQUE("invoice_id","position"),
	CONSTRAINT "split_parts_share_sane" CHECK ("split_parts"."share" >= 0 and "split_parts"."fee" >= 0 and "split_parts"."fee" <= "split_parts"."share" and "split_parts"."refunded" >= 0)
);
--> statement-breakpoint
CREATE TABLE "split_refund_parts" (
	"refund_id" uuid NOT NULL,
	"part_id" uuid NOT NULL,
	"platform_id" uuid NOT NULL,
	"amount" bigint NOT NULL,
	"part" bigint NOT NULL,
	"fee_back" bigint NOT NULL,
	"from_pending" bigint NOT NULL,
	"from_withdrawable" bigint NOT NULL,
	CONSTRAINT "split_refund_parts_refund_id_part_id_pk" PRIMARY KEY("refund_id","part_id")
);
--> statement-breakpoint
ALTER TABLE "split_beneficiaries" ADD CONSTRAINT "split_beneficiaries_marketplace_id_platforms_id_fk" FOREIGN KEY ("marketplace_id") REFERENCES "public"."platforms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "split_beneficiaries" ADD CONSTRAINT "split_beneficiaries_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "split_beneficiaries" ADD CONSTRAINT "split_beneficiaries_platform_id_platforms_id_fk" FOREIGN KEY ("platform_id") REFERENCES "public"."platforms"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "split_invoices" ADD CONSTRAINT "split_invoices_marketplace_id_platforms_id_fk" FOREIGN KEY ("marketplace_id") REFERENCES "public"."platforms"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "split_invoices" ADD CONSTRAINT "split_invoices_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "split_invoices" ADD CONSTRAINT "split_invoices_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "split_marketplaces" ADD CONSTRAINT "split_marketplaces_platform_id_platforms_id_fk" FOREIGN KEY ("platform_id") REFERENCES "public"."platforms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "split_parts" ADD CONSTRAINT "split_parts_invoice_id_split_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."split_invoices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "split_parts" ADD CONSTRAINT "split_parts_beneficiary_id_split_beneficiaries_id_fk" FOREIGN KEY ("beneficiary_id") REFERENCES "public"."split_beneficiaries"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "split_parts" ADD CONSTRAINT "split_parts_platform_id_platforms_id_fk" FOREIGN KEY ("platform_id") REFERENCES "public"."platforms"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "split_refund_parts" ADD CONSTRAINT "split_refund_parts_refund_id_refunds_id_fk" FOREIGN KEY ("refund_id") REFERENCES "public"."refunds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "split_refund_parts" ADD CONSTRAINT "split_refund_parts_part_id_split_parts_id_fk" FOREIGN KEY ("part_id") REFERENCES "public"."split_parts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "split_refund_parts" ADD CONSTRAINT "split_refund_parts_platform_id_platforms_id_fk" FOREIGN KEY ("platform_id") REFERENCES "public"."platforms"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "split_beneficiaries_mobile_idx" ON "split_beneficiaries" USING btree ("mobile");--> statement-breakpoint
CREATE INDEX "split_beneficiaries_user_idx" ON "split_beneficiaries" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "split_invoices_marketplace_idx" ON "split_invoices" USING btree ("marketplace_id","livemode","created_at");--> statement-breakpoint
CREATE INDEX "split_invoices_payment_idx" ON "split_invoices" USING btree ("payment_id");--> statement-breakpoint
CREATE INDEX "split_invoices_settle_idx" ON "split_invoices" USING btree ("closed_at") WHERE "split_invoices"."state" = 'closed';--> statement-breakpoint
CREATE INDEX "split_parts_platform_idx" ON "split_parts" USING btree ("platform_id","invoice_id");--> statement-breakpoint
CREATE INDEX "split_parts_beneficiary_idx" ON "split_parts" USING btree ("beneficiary_id");