CREATE TABLE "rollup_profile_mall_month" (
	"mall_id" integer NOT NULL,
	"local_date" date NOT NULL,
	"channel" text NOT NULL,
	"field" text NOT NULL,
	"value" text,
	"respondents" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rollup_profile_mall_month_key" UNIQUE NULLS NOT DISTINCT("mall_id","local_date","channel","field","value")
);
--> statement-breakpoint
CREATE TABLE "rollup_profile_month" (
	"mall_id" integer NOT NULL,
	"local_date" date NOT NULL,
	"agency_id" integer NOT NULL,
	"service_id" integer NOT NULL,
	"counter_id" integer,
	"channel" text NOT NULL,
	"field" text NOT NULL,
	"value" text,
	"respondents" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rollup_profile_month_key" UNIQUE NULLS NOT DISTINCT("mall_id","local_date","service_id","counter_id","channel","field","value")
);
--> statement-breakpoint
CREATE INDEX "rollup_profile_month_agency_idx" ON "rollup_profile_month" USING btree ("agency_id","local_date");--> statement-breakpoint
CREATE INDEX "rollup_profile_month_service_idx" ON "rollup_profile_month" USING btree ("service_id","local_date");--> statement-breakpoint
CREATE INDEX "rollup_profile_month_counter_idx" ON "rollup_profile_month" USING btree ("counter_id","local_date");--> statement-breakpoint
-- Backfill from the stored responses: the same rows the ingest statement and the rebuild write (rollups/rollup-sql.ts, monthlyProfile and writeProfile, as of this migration).
INSERT INTO "rollup_profile_month" ("mall_id", "local_date", "service_id", "counter_id", "channel", "agency_id", "field", "value", "respondents")
SELECT r.mall_id, date_trunc('month', (r.submitted_at at time zone m.time_zone)::date::timestamp)::date, r.service_id, r.counter_id, r.channel, r.agency_id, f.field, f.value, count(*)::int
FROM responses r
	JOIN malls m ON m.id = r.mall_id
	JOIN instruments i ON i.id = r.instrument_id AND i.feeds_ikm
	CROSS JOIN LATERAL (VALUES ('sex', r.sex), ('age_band', r.age_band), ('education', r.education), ('occupation', r.occupation)) AS f(field, value)
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;--> statement-breakpoint
INSERT INTO "rollup_profile_mall_month" ("mall_id", "local_date", "channel", "field", "value", "respondents")
SELECT mall_id, local_date, channel, field, value, sum(respondents)::int FROM rollup_profile_month GROUP BY 1, 2, 3, 4, 5;
