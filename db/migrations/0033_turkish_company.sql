ALTER TYPE "public"."kyc_document_kind" ADD VALUE 'tax_plate';--> statement-breakpoint
ALTER TYPE "public"."kyc_document_kind" ADD VALUE 'signature_circular';--> statement-breakpoint
ALTER TYPE "public"."kyc_document_kind" ADD VALUE 'activity_certificate';--> statement-breakpoint
ALTER TYPE "public"."kyc_document_kind" ADD VALUE 'registry_record';--> statement-breakpoint
ALTER TYPE "public"."kyc_document_kind" ADD VALUE 'id_copy';--> statement-breakpoint
ALTER TYPE "public"."kyc_document_kind" ADD VALUE 'trade_registry_gazette';--> statement-breakpoint
ALTER TYPE "public"."person_kind" ADD VALUE 'turkish_company';