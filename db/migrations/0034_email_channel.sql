CREATE TABLE "email_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"to" varchar(254) NOT NULL,
	"subject" varchar(300) NOT NULL,
	"body" text NOT NULL,
	"status" "sms_status" DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"provider_message_id" varchar(300),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "login_failures" ALTER COLUMN "mobile" SET DATA TYPE varchar(254);--> statement-breakpoint
ALTER TABLE "login_locks" ALTER COLUMN "mobile" SET DATA TYPE varchar(254);--> statement-breakpoint
ALTER TABLE "users" ALTER COLUMN "mobile" SET DATA TYPE varchar(13);--> statement-breakpoint
ALTER TABLE "otp_codes" ALTER COLUMN "mobile" SET DATA TYPE varchar(254);--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "email" varchar(254);--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "locale" varchar(5);--> statement-breakpoint
CREATE INDEX "email_messages_to_created_idx" ON "email_messages" USING btree ("to","created_at");--> statement-breakpoint
CREATE INDEX "email_messages_status_created_idx" ON "email_messages" USING btree ("status","created_at");--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_email_key" UNIQUE("email");--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_email_lower" CHECK (email = lower(email));