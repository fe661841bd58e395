CREATE TABLE "short_links" (
	"code" varchar(16) PRIMARY KEY NOT NULL,
	"platform_id" uuid NOT NULL,
	"target" varchar(2000) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "short_links_target_local" CHECK ("short_links"."target" like '/pay/%')
);
--> statement-breakpoint
ALTER TABLE "short_links" ADD CONSTRAINT "short_links_platform_id_platforms_id_fk" FOREIGN KEY ("platform_id") REFERENCES "public"."platforms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "short_links_platform_idx" ON "short_links" USING btree ("platform_id","created_at");