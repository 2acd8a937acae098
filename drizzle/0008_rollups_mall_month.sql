CREATE TABLE "rollup_counts_mall_month" (
	"mall_id" integer NOT NULL,
	"local_date" date NOT NULL,
	"instrument_id" integer,
	"complete" integer DEFAULT 0 NOT NULL,
	"partial" integer DEFAULT 0 NOT NULL,
	"quick" integer DEFAULT 0 NOT NULL,
	"suppressed" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rollup_counts_mall_month_key" UNIQUE NULLS NOT DISTINCT("mall_id","local_date","instrument_id")
);
--> statement-breakpoint
CREATE TABLE "rollup_items_mall_month" (
	"mall_id" integer NOT NULL,
	"local_date" date NOT NULL,
	"instrument_id" integer NOT NULL,
	"position" smallint NOT NULL,
	"n1" integer DEFAULT 0 NOT NULL,
	"n2" integer DEFAULT 0 NOT NULL,
	"n3" integer DEFAULT 0 NOT NULL,
	"n4" integer DEFAULT 0 NOT NULL,
	"skipped" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rollup_items_mall_month_key" UNIQUE("mall_id","local_date","instrument_id","position")
);
