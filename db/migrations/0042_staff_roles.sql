CREATE TYPE "public"."fee_change_state" AS ENUM('pending', 'approved', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."staff_role" AS ENUM('kyc', 'operations', 'finance', 'support', 'auditor', 'super_admin');--> statement-breakpoint
CREATE TABLE "fee_rule_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_id" varchar(32) NOT NULL,
	"percent_basis_points" integer NOT NULL,
	"fixed" bigint DEFAULT 0 NOT NULL,
	"min" bigint DEFAULT 0 NOT NULL,
	"max" bigint,
	"currency" varchar(3) DEFAULT 'IRR' NOT NULL,
	"state" "fee_change_state" DEFAULT 'pending' NOT NULL,
	"proposed_by" uuid NOT NULL,
	"proposed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	CONSTRAINT "fee_rule_changes_sane" CHECK ("fee_rule_changes"."percent_basis_points" between 0 and 10000 and "fee_rule_changes"."fixed" >= 0 and "fee_rule_changes"."min" >= 0 and ("fee_rule_changes"."max" is null or "fee_rule_changes"."max" >= "fee_rule_changes"."min")),
	CONSTRAINT "fee_rule_changes_second_person" CHECK ("fee_rule_changes"."decided_by" is null or "fee_rule_changes"."decided_by" <> "fee_rule_changes"."proposed_by" or "fee_rule_changes"."state" = 'rejected')
);
--> statement-breakpoint
CREATE TABLE "payout_batch_approvals" (
	"batch_id" uuid PRIMARY KEY NOT NULL,
	"approved_by" uuid NOT NULL,
	"approved_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "staff_roles" (
	"user_id" uuid NOT NULL,
	"role" "staff_role" NOT NULL,
	"granted_by" uuid,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "staff_roles_pk" PRIMARY KEY("user_id","role")
);
--> statement-breakpoint
ALTER TABLE "fee_rule_changes" ADD CONSTRAINT "fee_rule_changes_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fee_rule_changes" ADD CONSTRAINT "fee_rule_changes_proposed_by_users_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fee_rule_changes" ADD CONSTRAINT "fee_rule_changes_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_batch_approvals" ADD CONSTRAINT "payout_batch_approvals_batch_id_payout_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."payout_batches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payout_batch_approvals" ADD CONSTRAINT "payout_batch_approvals_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_roles" ADD CONSTRAINT "staff_roles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_roles" ADD CONSTRAINT "staff_roles_granted_by_users_id_fk" FOREIGN KEY ("granted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "fee_rule_changes_one_pending_key" ON "fee_rule_changes" USING btree ("service_id") WHERE "fee_rule_changes"."state" = 'pending';--> statement-breakpoint
CREATE INDEX "fee_rule_changes_state_idx" ON "fee_rule_changes" USING btree ("state","proposed_at");--> statement-breakpoint
CREATE INDEX "staff_roles_role_idx" ON "staff_roles" USING btree ("role");