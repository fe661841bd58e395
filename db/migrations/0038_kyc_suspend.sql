ALTER TYPE "public"."kyc_status" ADD VALUE 'suspended';--> statement-breakpoint
ALTER TABLE "kyc_profiles" ADD COLUMN "suspension_reason" text;--> statement-breakpoint
ALTER TABLE "kyc_profiles" ADD COLUMN "suspended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "kyc_profiles" ADD COLUMN "suspended_platforms" jsonb;