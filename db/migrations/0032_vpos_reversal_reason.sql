ALTER TABLE "vpos_reversals" ADD COLUMN "reason" varchar(300);--> statement-breakpoint
ALTER TABLE "vpos_reversals" ADD COLUMN "livemode" boolean DEFAULT false NOT NULL;