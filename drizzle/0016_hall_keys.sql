-- Every hall's table gets the hall first in its primary key, and every reference between such tables names the hall,
-- so the tables can be distributed by mall_id (docs/scaling.md). The unique (mall_id, id) keys the references
-- pointed at become the primary keys; the references are dropped and re-created unchanged around the swap.
ALTER TABLE "alerts" DROP CONSTRAINT "alerts_rule_id_alert_rules_id_fk";--> statement-breakpoint
ALTER TABLE "complaints" DROP CONSTRAINT "complaints_response_id_responses_id_fk";--> statement-breakpoint
ALTER TABLE "follow_ups" DROP CONSTRAINT "follow_ups_complaint_id_complaints_id_fk";--> statement-breakpoint
ALTER TABLE "report_snapshots" DROP CONSTRAINT "report_snapshots_supersedes_report_snapshots_hash_fk";--> statement-breakpoint
CREATE TEMPORARY TABLE "hall_keys_references" ON COMMIT DROP AS
	SELECT conrelid::regclass::text AS "table_name", conname::text AS "name", pg_get_constraintdef(oid) AS "definition"
	FROM pg_constraint
	WHERE contype = 'f' AND confrelid IN ('agencies'::regclass, 'services'::regclass, 'counters'::regclass, 'devices'::regclass, 'tickets'::regclass, 'responses'::regclass);--> statement-breakpoint
DO $$
DECLARE r record;
BEGIN
	FOR r IN SELECT * FROM "hall_keys_references" LOOP
		EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', r."table_name", r."name");
	END LOOP;
END $$;--> statement-breakpoint
ALTER TABLE "agencies" DROP CONSTRAINT "agencies_mall_id";--> statement-breakpoint
ALTER TABLE "counters" DROP CONSTRAINT "counters_mall_id";--> statement-breakpoint
ALTER TABLE "devices" DROP CONSTRAINT "devices_mall_id";--> statement-breakpoint
ALTER TABLE "services" DROP CONSTRAINT "services_mall_id";--> statement-breakpoint
ALTER TABLE "tickets" DROP CONSTRAINT "tickets_mall_id";--> statement-breakpoint
ALTER TABLE "complaints" DROP CONSTRAINT "complaints_response_id_unique";--> statement-breakpoint
DROP INDEX "responses_ticket_once";--> statement-breakpoint
DROP INDEX "alerts_rule_counter_idx";--> statement-breakpoint
DROP INDEX "report_snapshots_supersedes";--> statement-breakpoint
ALTER TABLE "agencies" DROP CONSTRAINT "agencies_pkey";--> statement-breakpoint
ALTER TABLE "counters" DROP CONSTRAINT "counters_pkey";--> statement-breakpoint
ALTER TABLE "devices" DROP CONSTRAINT "devices_pkey";--> statement-breakpoint
ALTER TABLE "services" DROP CONSTRAINT "services_pkey";--> statement-breakpoint
ALTER TABLE "responses" DROP CONSTRAINT "responses_pkey";--> statement-breakpoint
ALTER TABLE "device_assignments" DROP CONSTRAINT "device_assignments_device_id_counter_id_pk";--> statement-breakpoint
ALTER TABLE "pairing_codes" DROP CONSTRAINT "pairing_codes_pkey";--> statement-breakpoint
ALTER TABLE "suppressed_submissions" DROP CONSTRAINT "suppressed_submissions_pkey";--> statement-breakpoint
ALTER TABLE "user_agencies" DROP CONSTRAINT "user_agencies_user_id_agency_id_pk";--> statement-breakpoint
ALTER TABLE "alert_rules" DROP CONSTRAINT "alert_rules_pkey";--> statement-breakpoint
ALTER TABLE "alerts" DROP CONSTRAINT "alerts_pkey";--> statement-breakpoint
ALTER TABLE "complaints" DROP CONSTRAINT "complaints_pkey";--> statement-breakpoint
ALTER TABLE "follow_ups" DROP CONSTRAINT "follow_ups_pkey";--> statement-breakpoint
ALTER TABLE "import_uploads" DROP CONSTRAINT "import_uploads_pkey";--> statement-breakpoint
ALTER TABLE "report_snapshots" DROP CONSTRAINT "report_snapshots_pkey";--> statement-breakpoint
ALTER TABLE "innovations" DROP CONSTRAINT "innovations_pkey";--> statement-breakpoint
ALTER TABLE "offline_publications" DROP CONSTRAINT "offline_publications_pkey";--> statement-breakpoint
ALTER TABLE "tickets" DROP CONSTRAINT "tickets_pkey";--> statement-breakpoint
ALTER TABLE "integrity_reviews" DROP CONSTRAINT "integrity_reviews_pkey";--> statement-breakpoint
ALTER TABLE "agencies" ADD CONSTRAINT "agencies_pkey" PRIMARY KEY("mall_id","id");--> statement-breakpoint
ALTER TABLE "counters" ADD CONSTRAINT "counters_pkey" PRIMARY KEY("mall_id","id");--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_pkey" PRIMARY KEY("mall_id","id");--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_pkey" PRIMARY KEY("mall_id","id");--> statement-breakpoint
ALTER TABLE "responses" ADD CONSTRAINT "responses_pkey" PRIMARY KEY("mall_id","id");--> statement-breakpoint
ALTER TABLE "device_assignments" ADD CONSTRAINT "device_assignments_pkey" PRIMARY KEY("mall_id","device_id","counter_id");--> statement-breakpoint
ALTER TABLE "pairing_codes" ADD CONSTRAINT "pairing_codes_pkey" PRIMARY KEY("mall_id","id");--> statement-breakpoint
ALTER TABLE "suppressed_submissions" ADD CONSTRAINT "suppressed_submissions_pkey" PRIMARY KEY("mall_id","id");--> statement-breakpoint
ALTER TABLE "user_agencies" ADD CONSTRAINT "user_agencies_pkey" PRIMARY KEY("mall_id","user_id","agency_id");--> statement-breakpoint
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_pkey" PRIMARY KEY("mall_id","id");--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_pkey" PRIMARY KEY("mall_id","id");--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_pkey" PRIMARY KEY("mall_id","id");--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_pkey" PRIMARY KEY("mall_id","id");--> statement-breakpoint
ALTER TABLE "import_uploads" ADD CONSTRAINT "import_uploads_pkey" PRIMARY KEY("mall_id","id");--> statement-breakpoint
ALTER TABLE "report_snapshots" ADD CONSTRAINT "report_snapshots_pkey" PRIMARY KEY("mall_id","hash");--> statement-breakpoint
ALTER TABLE "innovations" ADD CONSTRAINT "innovations_pkey" PRIMARY KEY("mall_id","id");--> statement-breakpoint
ALTER TABLE "offline_publications" ADD CONSTRAINT "offline_publications_pkey" PRIMARY KEY("mall_id","id");--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_pkey" PRIMARY KEY("mall_id","id");--> statement-breakpoint
ALTER TABLE "integrity_reviews" ADD CONSTRAINT "integrity_reviews_pkey" PRIMARY KEY("mall_id","id");--> statement-breakpoint
DO $$
DECLARE r record;
BEGIN
	FOR r IN SELECT * FROM "hall_keys_references" LOOP
		EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I %s', r."table_name", r."name", r."definition");
	END LOOP;
END $$;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_rule_fk" FOREIGN KEY ("mall_id","rule_id") REFERENCES "public"."alert_rules"("mall_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_response_fk" FOREIGN KEY ("mall_id","response_id") REFERENCES "public"."responses"("mall_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_complaint_fk" FOREIGN KEY ("mall_id","complaint_id") REFERENCES "public"."complaints"("mall_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_snapshots" ADD CONSTRAINT "report_snapshots_supersedes_fk" FOREIGN KEY ("mall_id","supersedes") REFERENCES "public"."report_snapshots"("mall_id","hash") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "report_snapshots_hash_idx" ON "report_snapshots" USING btree ("hash");--> statement-breakpoint
CREATE UNIQUE INDEX "responses_ticket_once" ON "responses" USING btree ("mall_id","ticket_id");--> statement-breakpoint
CREATE INDEX "alerts_rule_counter_idx" ON "alerts" USING btree ("mall_id","rule_id","counter_id","triggered_at");--> statement-breakpoint
CREATE UNIQUE INDEX "report_snapshots_supersedes" ON "report_snapshots" USING btree ("mall_id","supersedes");--> statement-breakpoint
ALTER TABLE "complaints" ADD CONSTRAINT "complaints_response_once" UNIQUE("mall_id","response_id");
