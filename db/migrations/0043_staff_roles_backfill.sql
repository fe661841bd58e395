-- Staff roles arrive: every existing staff account (users.role = 'admin') keeps the power it had,
-- so it holds every role; new staff get only the roles a super admin gives them.
INSERT INTO "staff_roles" ("user_id", "role")
SELECT u."id", r."role"
FROM "users" u
CROSS JOIN unnest(enum_range(NULL::"staff_role")) AS r("role")
WHERE u."role" = 'admin'
ON CONFLICT DO NOTHING;
