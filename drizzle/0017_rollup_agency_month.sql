CREATE TABLE "rollup_counts_agency_month" (
	"mall_id" integer NOT NULL,
	"local_date" date NOT NULL,
	"agency_id" integer NOT NULL,
	"channel" text NOT NULL,
	"instrument_id" integer,
	"complete" integer DEFAULT 0 NOT NULL,
	"partial" integer DEFAULT 0 NOT NULL,
	"quick" integer DEFAULT 0 NOT NULL,
	"suppressed" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rollup_counts_agency_month_key" UNIQUE NULLS NOT DISTINCT("mall_id","local_date","agency_id","channel","instrument_id")
);
--> statement-breakpoint
CREATE TABLE "rollup_items_agency_month" (
	"mall_id" integer NOT NULL,
	"local_date" date NOT NULL,
	"agency_id" integer NOT NULL,
	"channel" text NOT NULL,
	"instrument_id" integer NOT NULL,
	"position" smallint NOT NULL,
	"n1" integer DEFAULT 0 NOT NULL,
	"n2" integer DEFAULT 0 NOT NULL,
	"n3" integer DEFAULT 0 NOT NULL,
	"n4" integer DEFAULT 0 NOT NULL,
	"skipped" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rollup_items_agency_month_key" UNIQUE("mall_id","local_date","agency_id","channel","instrument_id","position")
);
--> statement-breakpoint
CREATE INDEX "rollup_counts_agency_month_agency_idx" ON "rollup_counts_agency_month" USING btree ("agency_id","local_date");--> statement-breakpoint
CREATE INDEX "rollup_items_agency_month_agency_idx" ON "rollup_items_agency_month" USING btree ("agency_id","local_date");--> statement-breakpoint
-- Backfill from the units' monthly rollups: an agency's month is the sum of its services' and counters' months, which the ingest statement and the rebuild keep equal to the stored responses.
INSERT INTO "rollup_items_agency_month" ("mall_id", "local_date", "agency_id", "channel", "instrument_id", "position", "n1", "n2", "n3", "n4", "skipped")
SELECT mall_id, local_date, agency_id, channel, instrument_id, position, sum(n1)::int, sum(n2)::int, sum(n3)::int, sum(n4)::int, sum(skipped)::int
FROM rollup_items_month GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6;--> statement-breakpoint
INSERT INTO "rollup_counts_agency_month" ("mall_id", "local_date", "agency_id", "channel", "instrument_id", "complete", "partial", "quick", "suppressed")
SELECT mall_id, local_date, agency_id, channel, instrument_id, sum(complete)::int, sum(partial)::int, sum(quick)::int, sum(suppressed)::int
FROM rollup_counts_month GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5;
