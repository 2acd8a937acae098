ALTER TABLE "devices" ADD COLUMN "rate_window_start" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "devices" ADD COLUMN "rate_hits" integer DEFAULT 0 NOT NULL;