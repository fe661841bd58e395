DROP TABLE "audit_log" CASCADE;--> statement-breakpoint
ALTER TABLE "report_exports" DROP COLUMN "as_staff";