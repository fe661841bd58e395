CREATE TYPE "public"."topup_kind" AS ENUM('direct', 'wonderful', 'shoorangiz', 'pin', 'package');--> statement-breakpoint
CREATE TYPE "public"."topup_operator" AS ENUM('mci', 'irancell', 'rightel', 'shatel', 'aptel', 'samantel', 'telekish', 'taliya');--> statement-breakpoint
CREATE TYPE "public"."topup_sim_type" AS ENUM('prepaid', 'postpaid');--> statement-breakpoint
CREATE TYPE "public"."topup_state" AS ENUM('awaiting_payment', 'paid', 'delivering', 'delivered', 'unknown', 'failed', 'canceled');--> statement-breakpoint
ALTER TYPE "public"."ledger_account_kind" ADD VALUE 'topup_clearing';--> statement-breakpoint
ALTER TYPE "public"."ledger_account_kind" ADD VALUE 'topup_provider';--> statement-breakpoint
CREATE TABLE "topup_commissions" (
	"operator" "topup_operator" NOT NULL,
	"kind" "topup_kind" NOT NULL,
	"commission_basis_points" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "topup_commissions_operator_kind_pk" PRIMARY KEY("operator","kind"),
	CONSTRAINT "topup_commissions_range" CHECK ("topup_commissions"."commission_basis_points" between 0 and 10000)
);
--> statement-breakpoint
CREATE TABLE "topup_orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"platform_id" uuid NOT NULL,
	"payment_id" uuid NOT NULL,
	"livemode" boolean NOT NULL,
	"order_id" varchar(64) NOT NULL,
	"mobile" varchar(11) NOT NULL,
	"operator" "topup_operator" NOT NULL,
	"product_id" uuid NOT NULL,
	"provider" varchar(20) NOT NULL,
	"upstream_id" varchar(80) NOT NULL,
	"kind" "topup_kind" NOT NULL,
	"title" varchar(200) NOT NULL,
	"amount" bigint NOT NULL,
	"currency" varchar(3) DEFAULT 'IRR' NOT NULL,
	"margin_basis_points" integer NOT NULL,
	"commission_basis_points" integer NOT NULL,
	"commission" bigint,
	"state" "topup_state" DEFAULT 'awaiting_payment' NOT NULL,
	"delivery_ref" varchar(120),
	"pin_sealed" text,
	"pin_serial" varchar(60),
	"failure_reason" varchar(300),
	"callback_url" varchar(500),
	"channel" varchar(10) NOT NULL,
	"delivering_until" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_inquiry_at" timestamp with time zone,
	"refund_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	CONSTRAINT "topup_orders_payment_key" UNIQUE("payment_id"),
	CONSTRAINT "topup_orders_order_key" UNIQUE("platform_id","livemode","order_id"),
	CONSTRAINT "topup_orders_amount_positive" CHECK ("topup_orders"."amount" > 0),
	CONSTRAINT "topup_orders_currency_known" CHECK ("topup_orders"."currency" in ('IRR', 'TRY'))
);
--> statement-breakpoint
CREATE TABLE "topup_products" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider" varchar(20) NOT NULL,
	"upstream_id" varchar(80) NOT NULL,
	"operator" "topup_operator" NOT NULL,
	"kind" "topup_kind" NOT NULL,
	"sim_type" "topup_sim_type" NOT NULL,
	"title_fa" varchar(200) NOT NULL,
	"title_en" varchar(200),
	"price" bigint,
	"min_amount" bigint,
	"max_amount" bigint,
	"step" bigint,
	"amounts" jsonb,
	"volume_mb" integer,
	"duration_days" integer,
	"margin_basis_points" integer DEFAULT 0 NOT NULL,
	"upstream_active" boolean DEFAULT true NOT NULL,
	"hidden" boolean DEFAULT false NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "topup_products_upstream_key" UNIQUE("provider","upstream_id"),
	CONSTRAINT "topup_products_margin" CHECK ("topup_products"."margin_basis_points" between 0 and 10000)
);
--> statement-breakpoint
CREATE TABLE "topup_stores" (
	"platform_id" uuid PRIMARY KEY NOT NULL,
	"handle" varchar(32) NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"title" varchar(120) NOT NULL,
	"support_phone" varchar(20),
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "topup_stores_handle_key" UNIQUE("handle")
);
--> statement-breakpoint
ALTER TABLE "refunds" DROP CONSTRAINT "refunds_parts";--> statement-breakpoint
ALTER TABLE "refunds" DROP CONSTRAINT "refunds_parts_sum";--> statement-breakpoint
ALTER TABLE "refunds" ADD COLUMN "from_topup" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "topup_commissions" ADD CONSTRAINT "topup_commissions_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topup_orders" ADD CONSTRAINT "topup_orders_platform_id_platforms_id_fk" FOREIGN KEY ("platform_id") REFERENCES "public"."platforms"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topup_orders" ADD CONSTRAINT "topup_orders_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topup_orders" ADD CONSTRAINT "topup_orders_product_id_topup_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."topup_products"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topup_orders" ADD CONSTRAINT "topup_orders_refund_id_refunds_id_fk" FOREIGN KEY ("refund_id") REFERENCES "public"."refunds"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topup_stores" ADD CONSTRAINT "topup_stores_platform_id_platforms_id_fk" FOREIGN KEY ("platform_id") REFERENCES "public"."platforms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "topup_orders_platform_created_idx" ON "topup_orders" USING btree ("platform_id","created_at","id");--> statement-breakpoint
CREATE INDEX "topup_orders_due_idx" ON "topup_orders" USING btree ("next_inquiry_at") WHERE "topup_orders"."state" in ('paid', 'delivering', 'unknown');--> statement-breakpoint
CREATE INDEX "topup_orders_awaiting_idx" ON "topup_orders" USING btree ("created_at") WHERE "topup_orders"."state" = 'awaiting_payment';--> statement-breakpoint
CREATE INDEX "topup_products_operator_idx" ON "topup_products" USING btree ("provider","operator","kind");--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_parts" CHECK ("refunds"."from_pending" >= 0 and "refunds"."from_withdrawable" >= 0 and "refunds"."fee_returned" >= 0 and "refunds"."from_held" >= 0 and "refunds"."from_topup" >= 0);--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_parts_sum" CHECK (not "refunds"."livemode" or "refunds"."from_pending" + "refunds"."from_withdrawable" + "refunds"."fee_returned" + "refunds"."from_held" + "refunds"."from_topup" = "refunds"."amount");