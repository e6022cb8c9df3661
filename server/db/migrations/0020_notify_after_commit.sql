-- Live updates are announced by the write paths after their commit (repositories/changes.ts), not
-- by triggers inside the writing transaction: PostgreSQL serialises the commits of transactions
-- that NOTIFY, which cost the claim 13-17 % of its throughput (bench/RESULTS-claim-notify.md).
DROP TRIGGER order_events_changed ON order_events;
--> statement-breakpoint
DROP TRIGGER messages_changed ON messages;
--> statement-breakpoint
DROP FUNCTION sandan_order_events_changed();
--> statement-breakpoint
DROP FUNCTION sandan_messages_changed();
--> statement-breakpoint
DROP FUNCTION sandan_notify_ids(text, int[]);
