-- Every existing merchant account becomes a business of its own (its id is the account's, so every
-- merchant_id column keeps pointing at it), with the account as its owner.
INSERT INTO "merchants" ("id", "created_at") SELECT "id", "created_at" FROM "users" WHERE "role" = 'merchant' ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO "merchant_members" ("merchant_id", "user_id", "role", "created_at")
SELECT "id", "id", 'owner', "created_at" FROM "users" WHERE "role" = 'merchant' ON CONFLICT DO NOTHING;
