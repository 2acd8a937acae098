CREATE TABLE "agency_kinds" (
	"code" text PRIMARY KEY NOT NULL,
	"name_id" text NOT NULL,
	"name_en" text NOT NULL,
	"standard" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agency_kinds_code" CHECK ("agency_kinds"."code" ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and char_length("agency_kinds"."code") between 2 and 40),
	CONSTRAINT "agency_kinds_names" CHECK (char_length("agency_kinds"."name_id") between 1 and 120 and char_length("agency_kinds"."name_en") between 1 and 120)
);
--> statement-breakpoint
ALTER TABLE "api_tokens" DROP CONSTRAINT "api_tokens_kind";--> statement-breakpoint
ALTER TABLE "api_tokens" DROP CONSTRAINT "api_tokens_integration_mall";--> statement-breakpoint
ALTER TABLE "users" DROP CONSTRAINT "users_role";--> statement-breakpoint
ALTER TABLE "users" ALTER COLUMN "mall_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "agencies" ADD COLUMN "kind_code" text;--> statement-breakpoint
ALTER TABLE "malls" ADD COLUMN "archived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD COLUMN "region_scope" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "region_scope" text;--> statement-breakpoint
ALTER TABLE "agencies" ADD CONSTRAINT "agencies_kind_code_agency_kinds_code_fk" FOREIGN KEY ("kind_code") REFERENCES "public"."agency_kinds"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_reach" CHECK (("api_tokens"."region_scope" is null or ("api_tokens"."kind" = 'evaluator' and "api_tokens"."mall_id" is null)) and ("api_tokens"."kind" <> 'operator' or "api_tokens"."mall_id" is null));--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_region_scope" CHECK ("api_tokens"."region_scope" ~ '^[0-9]{2}([.][0-9]{2})?$');--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_kind" CHECK ("api_tokens"."kind" in ('admin', 'integration', 'evaluator', 'operator'));--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_integration_mall" CHECK ("api_tokens"."kind" <> 'integration' or "api_tokens"."mall_id" is not null);--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_reach" CHECK (case "users"."role" when 'operator' then "users"."mall_id" is null and "users"."region_scope" is null
				when 'evaluator' then "users"."mall_id" is null or "users"."region_scope" is null
				else "users"."mall_id" is not null and "users"."region_scope" is null end);--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_region_scope" CHECK ("users"."region_scope" ~ '^[0-9]{2}([.][0-9]{2})?$');--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_role" CHECK ("users"."role" in ('operator', 'admin', 'manager', 'evaluator'));--> statement-breakpoint
-- The standard catalogue of agency kinds (src/lib/domain/agency-kinds.ts); operators add more.
INSERT INTO "agency_kinds" ("code", "name_id", "name_en", "standard") VALUES
	('dukcapil', 'Dinas Kependudukan dan Pencatatan Sipil (Dukcapil)', 'Population and civil registry (Dukcapil)', true),
	('imigrasi', 'Kantor Imigrasi', 'Immigration office', true),
	('samsat', 'Samsat (pajak dan registrasi kendaraan)', 'Samsat (vehicle tax and registration)', true),
	('satpas-sim', 'Satpas SIM (Polri)', 'Driving licence office (Satpas SIM, police)', true),
	('polres-skck', 'Polres (SKCK)', 'Police certificate of good conduct (SKCK)', true),
	('bpjs-kesehatan', 'BPJS Kesehatan', 'BPJS Kesehatan (health insurance)', true),
	('bpjs-ketenagakerjaan', 'BPJS Ketenagakerjaan', 'BPJS Ketenagakerjaan (employment insurance)', true),
	('kpp-pratama', 'KPP Pratama (Direktorat Jenderal Pajak)', 'Tax office (KPP Pratama)', true),
	('bapenda', 'Badan Pendapatan Daerah', 'Regional revenue agency (Bapenda)', true),
	('bpn', 'Kantor Pertanahan (BPN)', 'Land office (BPN)', true),
	('dpmptsp', 'DPMPTSP (penanaman modal dan pelayanan terpadu satu pintu)', 'Investment and one-stop licensing (DPMPTSP)', true),
	('disnaker', 'Dinas Tenaga Kerja', 'Manpower office', true),
	('dinkes', 'Dinas Kesehatan', 'Health office', true),
	('kemenag', 'Kantor Kementerian Agama', 'Religious affairs office', true),
	('pengadilan', 'Pengadilan (Negeri, Agama)', 'Court (district, religious)', true),
	('kejaksaan', 'Kejaksaan Negeri', 'District prosecutor', true),
	('bea-cukai', 'Bea dan Cukai', 'Customs and excise', true),
	('taspen', 'Taspen', 'Taspen (civil servants’ pensions)', true),
	('pln', 'PLN', 'PLN (electricity)', true),
	('pdam', 'Perumda Air Minum (PDAM)', 'Water utility (PDAM)', true),
	('pos', 'Pos Indonesia', 'Pos Indonesia (post)', true),
	('bank-daerah', 'Bank daerah (BPD)', 'Regional development bank (BPD)', true),
	('bank-bumn', 'Bank BUMN (BRI, BNI, Mandiri, BTN)', 'State-owned bank (BRI, BNI, Mandiri, BTN)', true)
ON CONFLICT ("code") DO NOTHING;
