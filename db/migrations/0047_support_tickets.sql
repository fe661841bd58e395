CREATE TYPE "public"."support_about_kind" AS ENUM('payment', 'payout', 'platform');--> statement-breakpoint
CREATE TYPE "public"."support_department" AS ENUM('technical', 'financial', 'customer_info', 'sales');--> statement-breakpoint
CREATE TYPE "public"."support_priority" AS ENUM('normal', 'urgent');--> statement-breakpoint
CREATE TYPE "public"."support_side" AS ENUM('merchant', 'staff');--> statement-breakpoint
CREATE TYPE "public"."support_ticket_state" AS ENUM('open', 'awaiting_staff', 'awaiting_merchant', 'resolved', 'closed');--> statement-breakpoint
CREATE TABLE "canned_answers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" varchar(120) NOT NULL,
	"body" text NOT NULL,
	"locale" varchar(5),
	"created_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "canned_answers_body_len" CHECK (char_length("canned_answers"."body") between 1 and 5000),
	CONSTRAINT "canned_answers_locale" CHECK ("canned_answers"."locale" is null or "canned_answers"."locale" in ('fa', 'en', 'tr'))
);
--> statement-breakpoint
CREATE TABLE "support_attachments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"merchant_id" uuid,
	"uploaded_by" uuid NOT NULL,
	"ticket_id" uuid,
	"message_id" uuid,
	"storage_key" varchar(200) NOT NULL,
	"content_type" varchar(40) NOT NULL,
	"size" integer NOT NULL,
	"sha256" varchar(64) NOT NULL,
	"name" varchar(200) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "support_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ticket_id" uuid NOT NULL,
	"author_id" uuid,
	"side" "support_side" NOT NULL,
	"internal" boolean DEFAULT false NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "support_messages_body_len" CHECK (char_length("support_messages"."body") between 1 and 5000),
	CONSTRAINT "support_messages_internal_staff" CHECK (not "support_messages"."internal" or "support_messages"."side" = 'staff')
);
--> statement-breakpoint
CREATE TABLE "support_reads" (
	"ticket_id" uuid NOT NULL,
	"side" "support_side" NOT NULL,
	"last_read_at" timestamp with time zone NOT NULL,
	"last_message_id" uuid,
	CONSTRAINT "support_reads_pk" PRIMARY KEY("ticket_id","side")
);
--> statement-breakpoint
CREATE TABLE "support_tickets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" bigserial NOT NULL,
	"merchant_id" uuid NOT NULL,
	"opened_by" uuid,
	"department" "support_department" NOT NULL,
	"subject" varchar(150) NOT NULL,
	"priority" "support_priority" DEFAULT 'normal' NOT NULL,
	"state" "support_ticket_state" DEFAULT 'open' NOT NULL,
	"assignee_id" uuid,
	"about_kind" "support_about_kind",
	"about_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_message_at" timestamp with time zone DEFAULT now() NOT NULL,
	"waiting_since" timestamp with time zone,
	"first_response_due_at" timestamp with time zone NOT NULL,
	"resolution_due_at" timestamp with time zone NOT NULL,
	"first_responded_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"wait_sms_at" timestamp with time zone,
	"rating" integer,
	"rating_comment" varchar(1000),
	CONSTRAINT "support_tickets_number_key" UNIQUE("number"),
	CONSTRAINT "support_tickets_rating" CHECK ("support_tickets"."rating" is null or "support_tickets"."rating" between 1 and 5),
	CONSTRAINT "support_tickets_about" CHECK (("support_tickets"."about_kind" is null) = ("support_tickets"."about_id" is null)),
	CONSTRAINT "support_tickets_subject_len" CHECK (char_length("support_tickets"."subject") between 1 and 150)
);
--> statement-breakpoint
ALTER TABLE "canned_answers" ADD CONSTRAINT "canned_answers_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_attachments" ADD CONSTRAINT "support_attachments_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_attachments" ADD CONSTRAINT "support_attachments_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_attachments" ADD CONSTRAINT "support_attachments_ticket_id_support_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."support_tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_attachments" ADD CONSTRAINT "support_attachments_message_id_support_messages_id_fk" FOREIGN KEY ("message_id") REFERENCES "public"."support_messages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_messages" ADD CONSTRAINT "support_messages_ticket_id_support_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."support_tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_messages" ADD CONSTRAINT "support_messages_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_reads" ADD CONSTRAINT "support_reads_ticket_id_support_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."support_tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_reads" ADD CONSTRAINT "support_reads_last_message_id_support_messages_id_fk" FOREIGN KEY ("last_message_id") REFERENCES "public"."support_messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_tickets" ADD CONSTRAINT "support_tickets_merchant_id_merchants_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."merchants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_tickets" ADD CONSTRAINT "support_tickets_opened_by_users_id_fk" FOREIGN KEY ("opened_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_tickets" ADD CONSTRAINT "support_tickets_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "canned_answers_title_idx" ON "canned_answers" USING btree ("title");--> statement-breakpoint
CREATE INDEX "support_attachments_message_idx" ON "support_attachments" USING btree ("message_id");--> statement-breakpoint
CREATE INDEX "support_attachments_unclaimed_idx" ON "support_attachments" USING btree ("created_at") WHERE "support_attachments"."message_id" is null;--> statement-breakpoint
CREATE INDEX "support_messages_ticket_idx" ON "support_messages" USING btree ("ticket_id","created_at","id");--> statement-breakpoint
CREATE INDEX "support_tickets_merchant_idx" ON "support_tickets" USING btree ("merchant_id","last_message_at");--> statement-breakpoint
CREATE INDEX "support_tickets_queue_idx" ON "support_tickets" USING btree ("state","first_response_due_at") WHERE "support_tickets"."state" in ('open', 'awaiting_staff', 'awaiting_merchant');--> statement-breakpoint
CREATE INDEX "support_tickets_assignee_idx" ON "support_tickets" USING btree ("assignee_id","state");--> statement-breakpoint
CREATE INDEX "support_tickets_created_idx" ON "support_tickets" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "support_tickets_resolved_idx" ON "support_tickets" USING btree ("resolved_at");