CREATE TYPE "public"."topup_bulk_state" AS ENUM('paid', 'finished');--> statement-breakpoint
ALTER TYPE "public"."payment_method" ADD VALUE 'balance';--> statement-breakpoint
CREATE TABLE "topup_bulks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"platform_id" uuid NOT NULL,
	"created_by" uuid NOT NULL,
	"idempotency_key" varchar(64) NOT NULL,
	"row_count" integer NOT NULL,
	"total" bigint NOT NULL,
	"currency" varchar(3) DEFAULT 'IRR' NOT NULL,
	"state" "topup_bulk_state" DEFAULT 'paid' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "topup_bulks_key" UNIQUE("platform_id","idempotency_key"),
	CONSTRAINT "topup_bulks_total_positive" CHECK ("topup_bulks"."total" > 0 and "topup_bulks"."row_count" > 0),
	CONSTRAINT "topup_bulks_currency_known" CHECK ("topup_bulks"."currency" in ('IRR', 'TRY'))
);
--> statement-breakpoint
ALTER TABLE "topup_orders" ADD COLUMN "bulk_id" uuid;--> statement-breakpoint
ALTER TABLE "topup_bulks" ADD CONSTRAINT "topup_bulks_platform_id_platforms_id_fk" FOREIGN KEY ("platform_id") REFERENCES "public"."platforms"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topup_bulks" ADD CONSTRAINT "topup_bulks_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "topup_bulks_platform_created_idx" ON "topup_bulks" USING btree ("platform_id","created_at");--> statement-breakpoint
ALTER TABLE "topup_orders" ADD CONSTRAINT "topup_orders_bulk_id_topup_bulks_id_fk" FOREIGN KEY ("bulk_id") REFERENCES "public"."topup_bulks"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "topup_orders_bulk_idx" ON "topup_orders" USING btree ("bulk_id");