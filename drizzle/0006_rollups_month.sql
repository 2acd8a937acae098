CREATE TABLE "rollup_counts_month" (
	"mall_id" integer NOT NULL,
	"local_date" date NOT NULL,
	"agency_id" integer NOT NULL,
	"service_id" integer NOT NULL,
	"counter_id" integer,
	"instrument_id" integer,
	"complete" integer DEFAULT 0 NOT NULL,
	"partial" integer DEFAULT 0 NOT NULL,
	"quick" integer DEFAULT 0 NOT NULL,
	"suppressed" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rollup_counts_month_key" UNIQUE NULLS NOT DISTINCT("mall_id","local_date","service_id","counter_id","instrument_id")
);
--> statement-breakpoint
CREATE TABLE "rollup_items_month" (
	"mall_id" integer NOT NULL,
	"local_date" date NOT NULL,
	"agency_id" integer NOT NULL,
	"service_id" integer NOT NULL,
	"counter_id" integer,
	"instrument_id" integer NOT NULL,
	"position" smallint NOT NULL,
	"n1" integer DEFAULT 0 NOT NULL,
	"n2" integer DEFAULT 0 NOT NULL,
	"n3" integer DEFAULT 0 NOT NULL,
	"n4" integer DEFAULT 0 NOT NULL,
	"skipped" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rollup_items_month_key" UNIQUE NULLS NOT DISTINCT("mall_id","local_date","service_id","counter_id","instrument_id","position")
);
--> statement-breakpoint
CREATE INDEX "rollup_counts_month_agency_idx" ON "rollup_counts_month" USING btree ("agency_id","local_date");--> statement-breakpoint
CREATE INDEX "rollup_counts_month_service_idx" ON "rollup_counts_month" USING btree ("service_id","local_date");--> statement-breakpoint
CREATE INDEX "rollup_counts_month_counter_idx" ON "rollup_counts_month" USING btree ("counter_id","local_date");--> statement-breakpoint
CREATE INDEX "rollup_items_month_agency_idx" ON "rollup_items_month" USING btree ("agency_id","local_date");--> statement-breakpoint
CREATE INDEX "rollup_items_month_service_idx" ON "rollup_items_month" USING btree ("service_id","local_date");--> statement-breakpoint
CREATE INDEX "rollup_items_month_counter_idx" ON "rollup_items_month" USING btree ("counter_id","local_date");