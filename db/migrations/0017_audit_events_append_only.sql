-- The audit trail is append-only: the database itself refuses to change or remove a row.
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON "audit_events"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
--> statement-breakpoint
-- The earlier trail (KYC, platform and service decisions) moves in, as it was.
INSERT INTO "audit_events" ("at", "actor_kind", "actor_user_id", "merchant_id", "action", "object_type", "object_id", "before", "after")
SELECT l."at",
       CASE WHEN u."role" = 'admin' THEN 'staff' WHEN l."actor_id" IS NULL THEN 'system' ELSE 'merchant' END,
       l."actor_id",
       CASE WHEN l."entity" = 'kyc_profile' THEN (SELECT k."user_id" FROM "kyc_profiles" k WHERE k."id" = l."entity_id")
            WHEN l."entity" = 'platform' THEN (SELECT p."user_id" FROM "platforms" p WHERE p."id" = l."entity_id")
            ELSE NULL END,
       l."action", l."entity", l."entity_id"::text,
       CASE WHEN l."from_state" IS NULL THEN NULL ELSE jsonb_build_object('status', l."from_state") END,
       CASE WHEN l."to_state" IS NULL AND l."reason" IS NULL THEN NULL
            ELSE jsonb_strip_nulls(jsonb_build_object('status', l."to_state", 'reason', l."reason")) END
FROM "audit_log" l LEFT JOIN "users" u ON u."id" = l."actor_id"
ORDER BY l."id";
