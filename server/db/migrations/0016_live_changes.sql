-- Live updates: every change of an order leaves an event, and every notice a message row; each
-- committed statement that writes them tells the server processes listening which orders and
-- which people it concerns (NOTIFY is delivered at commit, so nothing is announced that rolled
-- back). One notification per statement, not per row: an escalation run of a thousand orders
-- sends one. Past 500 ids the payload says "*" (everything may have changed), far below
-- NOTIFY's 8000-byte limit.
CREATE FUNCTION sandan_notify_ids(channel text, ids int[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(array_length(ids, 1), 0) = 0 THEN RETURN; END IF;
  PERFORM pg_notify(channel, CASE WHEN array_length(ids, 1) > 500 THEN '*' ELSE array_to_string(ids, ',') END);
END $$;
--> statement-breakpoint
CREATE FUNCTION sandan_order_events_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM sandan_notify_ids('sandan_orders', (SELECT array_agg(DISTINCT order_id) FROM inserted));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER order_events_changed AFTER INSERT ON order_events
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION sandan_order_events_changed();
--> statement-breakpoint
CREATE FUNCTION sandan_messages_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM sandan_notify_ids('sandan_messages', (SELECT array_agg(DISTINCT user_id) FROM inserted));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER messages_changed AFTER INSERT ON messages
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION sandan_messages_changed();
