CREATE TYPE "public"."payer_inquiry_state" AS ENUM('open', 'answered', 'closed');--> statement-breakpoint
CREATE TABLE "payer_inquiries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"merchant_id" uuid NOT NULL,
	"payment_id" uuid NOT NULL,
	"mobile" varchar(11) NOT NULL,
	"message" text NOT NULL,
	"locale" varchar(5) DEFAULT 'fa' NOT NULL,
	"state" "payer_inquiry_state" DEFAULT 'open' NOT NULL,
	"answer" text,
	"answered_by" uuid,
	"answered_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"due_at" timestamp with time zone NOT NULL,
	"escalated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payer_inquiries_message_len" CHECK (char_length("payer_inquiries"."message") between 1 and 2000),
	CONSTRAINT "payer_inquiries_answer_len" CHECK ("payer_inquiries"."answer" is null or char_length("payer_inquiries"."answer") between 1 and 1000),
	CONSTRAINT "payer_inquiries_answered" CHECK (("payer_inquiries"."state" = 'open') = ("payer_inquiries"."answer" is null) or "payer_inquiries"."state" = 'closed')
);
--> statement-breakpoint
ALTER TABLE "payer_inquiries" ADD CONSTRAINT "payer_inquiries_merchant_id_users_id_fk" FOREIGN KEY ("merchant_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payer_inquiries" ADD CONSTRAINT "payer_inquiries_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payer_inquiries" ADD CONSTRAINT "payer_inquiries_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payer_inquiries_merchant_created_idx" ON "payer_inquiries" USING btree ("merchant_id","created_at","id");--> statement-breakpoint
CREATE INDEX "payer_inquiries_overdue_idx" ON "payer_inquiries" USING btree ("due_at") WHERE "payer_inquiries"."state" = 'open';--> statement-breakpoint
CREATE INDEX "payer_inquiries_payment_idx" ON "payer_inquiries" USING btree ("payment_id");