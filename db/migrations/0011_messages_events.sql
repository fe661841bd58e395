CREATE TYPE "public"."broadcast_state" AS ENUM('queued', 'sending', 'sent');--> statement-breakpoint
CREATE TYPE "public"."event_color" AS ENUM('blue', 'green', 'amber', 'red', 'violet', 'slate');--> statement-breakpoint
CREATE TYPE "public"."message_category" AS ENUM('kyc', 'platform', 'settlement', 'webhook', 'reminder', 'announcement');--> statement-breakpoint
CREATE TYPE "public"."message_source" AS ENUM('system', 'staff');--> statement-breakpoint
CREATE TABLE "broadcasts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"author_id" uuid,
	"title" varchar(200) NOT NULL,
	"body" text NOT NULL,
	"link" varchar(300),
	"sms" boolean DEFAULT false NOT NULL,
	"target" jsonb NOT NULL,
	"state" "broadcast_state" DEFAULT 'queued' NOT NULL,
	"recipients" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "broadcasts_body_len" CHECK (char_length("broadcasts"."body") <= 5000)
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"title" varchar(120) NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone,
	"color" "event_color" DEFAULT 'blue' NOT NULL,
	"remind_minutes" integer,
	"remind_at" timestamp with time zone,
	"remind_sms" boolean DEFAULT false NOT NULL,
	"reminded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "events_end_after_start" CHECK ("events"."ends_at" is null or "events"."ends_at" >= "events"."starts_at"),
	CONSTRAINT "events_description_len" CHECK (char_length("events"."description") <= 2000)
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"broadcast_id" uuid,
	"source" "message_source" NOT NULL,
	"category" "message_category" NOT NULL,
	"template" varchar(40),
	"params" jsonb,
	"title" varchar(200) NOT NULL,
	"body" text NOT NULL,
	"link" varchar(300),
	"important" boolean DEFAULT false NOT NULL,
	"dedupe_key" varchar(120),
	"read_at" timestamp with time zone,
	"archived_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "messages_user_dedupe_key" UNIQUE("user_id","dedupe_key"),
	CONSTRAINT "messages_broadcast_user_key" UNIQUE("broadcast_id","user_id"),
	CONSTRAINT "messages_link_internal" CHECK ("messages"."link" is null or "messages"."link" ~ '^/([^/\\]|$)'),
	CONSTRAINT "messages_body_len" CHECK (char_length("messages"."body") <= 5000)
);
--> statement-breakpoint
ALTER TABLE "broadcasts" ADD CONSTRAINT "broadcasts_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_broadcast_id_broadcasts_id_fk" FOREIGN KEY ("broadcast_id") REFERENCES "public"."broadcasts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "broadcasts_created_idx" ON "broadcasts" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "events_user_starts_idx" ON "events" USING btree ("user_id","starts_at");--> statement-breakpoint
CREATE INDEX "events_due_idx" ON "events" USING btree ("remind_at") WHERE "events"."reminded_at" is null and "events"."remind_at" is not null;--> statement-breakpoint
CREATE INDEX "messages_user_created_idx" ON "messages" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "messages_user_unread_idx" ON "messages" USING btree ("user_id") WHERE "messages"."read_at" is null and "messages"."archived_at" is null;