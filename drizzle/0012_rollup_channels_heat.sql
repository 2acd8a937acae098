-- Rollups gain a channel dimension and the hour x weekday heatmap gets rollups of its own. The old rows have no
-- channel: they are emptied here, and the server's start-up rebuilds every rollup from the raw responses after the
-- migrations (healRollups in src/lib/server/rollups/rebuild.ts: responses stored but no rollup row means a rebuild is due).
TRUNCATE "rollup_items", "rollup_counts", "rollup_items_month", "rollup_counts_month", "rollup_items_mall_month", "rollup_counts_mall_month";--> statement-breakpoint
CREATE TABLE "rollup_heat" (
	"mall_id" integer NOT NULL,
	"local_date" date NOT NULL,
	"hour" smallint NOT NULL,
	"agency_id" integer NOT NULL,
	"service_id" integer NOT NULL,
	"counter_id" integer,
	"channel" text NOT NULL,
	"responses" integer DEFAULT 0 NOT NULL,
	"answered_sum" integer DEFAULT 0 NOT NULL,
	"answered" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rollup_heat_key" UNIQUE NULLS NOT DISTINCT("mall_id","local_date","hour","service_id","counter_id","channel")
);
--> statement-breakpoint
CREATE TABLE "rollup_heat_mall_month" (
	"mall_id" integer NOT NULL,
	"local_date" date NOT NULL,
	"weekday" smallint NOT NULL,
	"hour" smallint NOT NULL,
	"channel" text NOT NULL,
	"responses" integer DEFAULT 0 NOT NULL,
	"answered_sum" integer DEFAULT 0 NOT NULL,
	"answered" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rollup_heat_mall_month_key" UNIQUE("mall_id","local_date","weekday","hour","channel")
);
--> statement-breakpoint
CREATE TABLE "rollup_heat_month" (
	"mall_id" integer NOT NULL,
	"local_date" date NOT NULL,
	"weekday" smallint NOT NULL,
	"hour" smallint NOT NULL,
	"agency_id" integer NOT NULL,
	"service_id" integer NOT NULL,
	"counter_id" integer,
	"channel" text NOT NULL,
	"responses" integer DEFAULT 0 NOT NULL,
	"answered_sum" integer DEFAULT 0 NOT NULL,
	"answered" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "rollup_heat_month_key" UNIQUE NULLS NOT DISTINCT("mall_id","local_date","weekday","hour","service_id","counter_id","channel")
);
--> statement-breakpoint
ALTER TABLE "rollup_counts" DROP CONSTRAINT "rollup_counts_key";--> statement-breakpoint
ALTER TABLE "rollup_counts_mall_month" DROP CONSTRAINT "rollup_counts_mall_month_key";--> statement-breakpoint
ALTER TABLE "rollup_counts_month" DROP CONSTRAINT "rollup_counts_month_key";--> statement-breakpoint
ALTER TABLE "rollup_items" DROP CONSTRAINT "rollup_items_key";--> statement-breakpoint
ALTER TABLE "rollup_items_mall_month" DROP CONSTRAINT "rollup_items_mall_month_key";--> statement-breakpoint
ALTER TABLE "rollup_items_month" DROP CONSTRAINT "rollup_items_month_key";--> statement-breakpoint
ALTER TABLE "rollup_counts" ADD COLUMN "channel" text NOT NULL;--> statement-breakpoint
ALTER TABLE "rollup_counts_mall_month" ADD COLUMN "channel" text NOT NULL;--> statement-breakpoint
ALTER TABLE "rollup_counts_month" ADD COLUMN "channel" text NOT NULL;--> statement-breakpoint
ALTER TABLE "rollup_items" ADD COLUMN "channel" text NOT NULL;--> statement-breakpoint
ALTER TABLE "rollup_items_mall_month" ADD COLUMN "channel" text NOT NULL;--> statement-breakpoint
ALTER TABLE "rollup_items_month" ADD COLUMN "channel" text NOT NULL;--> statement-breakpoint
CREATE INDEX "rollup_heat_agency_idx" ON "rollup_heat" USING btree ("agency_id","local_date");--> statement-breakpoint
CREATE INDEX "rollup_heat_service_idx" ON "rollup_heat" USING btree ("service_id","local_date");--> statement-breakpoint
CREATE INDEX "rollup_heat_counter_idx" ON "rollup_heat" USING btree ("counter_id","local_date");--> statement-breakpoint
CREATE INDEX "rollup_heat_month_agency_idx" ON "rollup_heat_month" USING btree ("agency_id","local_date");--> statement-breakpoint
CREATE INDEX "rollup_heat_month_service_idx" ON "rollup_heat_month" USING btree ("service_id","local_date");--> statement-breakpoint
CREATE INDEX "rollup_heat_month_counter_idx" ON "rollup_heat_month" USING btree ("counter_id","local_date");--> statement-breakpoint
CREATE INDEX "responses_ticket_submitted_idx" ON "responses" USING btree ("mall_id","submitted_at") WHERE "responses"."ticket_id" is not null;--> statement-breakpoint
ALTER TABLE "rollup_counts" ADD CONSTRAINT "rollup_counts_key" UNIQUE NULLS NOT DISTINCT("mall_id","local_date","service_id","counter_id","channel","instrument_id");--> statement-breakpoint
ALTER TABLE "rollup_counts_mall_month" ADD CONSTRAINT "rollup_counts_mall_month_key" UNIQUE NULLS NOT DISTINCT("mall_id","local_date","channel","instrument_id");--> statement-breakpoint
ALTER TABLE "rollup_counts_month" ADD CONSTRAINT "rollup_counts_month_key" UNIQUE NULLS NOT DISTINCT("mall_id","local_date","service_id","counter_id","channel","instrument_id");--> statement-breakpoint
ALTER TABLE "rollup_items" ADD CONSTRAINT "rollup_items_key" UNIQUE NULLS NOT DISTINCT("mall_id","local_date","service_id","counter_id","channel","instrument_id","position");--> statement-breakpoint
ALTER TABLE "rollup_items_mall_month" ADD CONSTRAINT "rollup_items_mall_month_key" UNIQUE("mall_id","local_date","channel","instrument_id","position");--> statement-breakpoint
ALTER TABLE "rollup_items_month" ADD CONSTRAINT "rollup_items_month_key" UNIQUE NULLS NOT DISTINCT("mall_id","local_date","service_id","counter_id","channel","instrument_id","position");