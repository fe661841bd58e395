CREATE TYPE "public"."api_key_environment" AS ENUM('test', 'live');--> statement-breakpoint
CREATE TYPE "public"."merchant_service_status" AS ENUM('requested', 'active', 'suspended');--> statement-breakpoint
CREATE TYPE "public"."platform_status" AS ENUM('pending', 'approved', 'rejected', 'paused', 'suspended');--> statement-breakpoint
CREATE TYPE "public"."platform_type" AS ENUM('website', 'app', 'bot', 'ivr', 'shop');--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"platform_id" uuid NOT NULL,
	"environment" "api_key_environment" NOT NULL,
	"prefix" varchar(24) NOT NULL,
	"hash" varchar(64) NOT NULL,
	"ip_allow_list" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_hash_key" UNIQUE("hash")
);
--> statement-breakpoint
CREATE TABLE "merchant_services" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"service_id" varchar(32) NOT NULL,
	"status" "merchant_service_status" DEFAULT 'requested' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "merchant_services_once_key" UNIQUE("user_id","service_id")
);
--> statement-breakpoint
CREATE TABLE "platforms" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"merchant_service_id" uuid NOT NULL,
	"type" "platform_type" NOT NULL,
	"name" varchar(120) NOT NULL,
	"address" varchar(300) NOT NULL,
	"expected_monthly_volume" bigint NOT NULL,
	"callback_urls" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" "platform_status" DEFAULT 'pending' NOT NULL,
	"status_before_pause" "platform_status",
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"decision_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_terms" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_id" varchar(32) NOT NULL,
	"version" integer NOT NULL,
	"body_fa" text NOT NULL,
	"body_en" text NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_by" uuid,
	CONSTRAINT "service_terms_version_key" UNIQUE("service_id","version")
);
--> statement-breakpoint
CREATE TABLE "services" (
	"id" varchar(32) PRIMARY KEY NOT NULL,
	"name_fa" varchar(100) NOT NULL,
	"name_en" varchar(100) NOT NULL,
	"description_fa" text NOT NULL,
	"description_en" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "terms_acceptances" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"terms_id" uuid NOT NULL,
	"service_id" varchar(32) NOT NULL,
	"version" integer NOT NULL,
	"ip" varchar(64) NOT NULL,
	"accepted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "terms_acceptances_once_key" UNIQUE("user_id","terms_id")
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_platform_id_platforms_id_fk" FOREIGN KEY ("platform_id") REFERENCES "public"."platforms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "merchant_services" ADD CONSTRAINT "merchant_services_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "merchant_services" ADD CONSTRAINT "merchant_services_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "platforms" ADD CONSTRAINT "platforms_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "platforms" ADD CONSTRAINT "platforms_merchant_service_id_merchant_services_id_fk" FOREIGN KEY ("merchant_service_id") REFERENCES "public"."merchant_services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "platforms" ADD CONSTRAINT "platforms_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_terms" ADD CONSTRAINT "service_terms_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_terms" ADD CONSTRAINT "service_terms_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "terms_acceptances" ADD CONSTRAINT "terms_acceptances_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "terms_acceptances" ADD CONSTRAINT "terms_acceptances_terms_id_service_terms_id_fk" FOREIGN KEY ("terms_id") REFERENCES "public"."service_terms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_keys_platform_idx" ON "api_keys" USING btree ("platform_id","environment");--> statement-breakpoint
CREATE INDEX "platforms_user_idx" ON "platforms" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "platforms_status_idx" ON "platforms" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "terms_acceptances_user_service_idx" ON "terms_acceptances" USING btree ("user_id","service_id");