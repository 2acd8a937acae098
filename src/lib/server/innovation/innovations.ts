/**
 * The innovation register: a mall's or an agency's innovations with their LAN RI stage, category, replication,
 * competition entry, award and evidence. Admins edit every one (the mall's own only they); managers their agencies';
 * evaluators read. A foreign innovation looks exactly like a missing one.
 */
import { error } from '@sveltejs/kit';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import * as v from 'valibot';
import { INNOVATION_KINDS, INNOVATION_MEDIA, INNOVATION_STAGES, type InnovationKind, type InnovationMedium, type InnovationStage } from '../../domain/innovation';
import { canActOnUnit, canReadAgency, canReadUnit, type Access } from '../../domain/roles';
import { executePrepared, type Db } from '../db/client';
import { agencies, services } from '../db/schema';
import type { MallAccess } from '../access/page-access';
import * as fields from '../forms/fields';
import { agencyCondition } from '../access/agency-filter';


/** Evidence: one http(s) address per line, at most ten. */
const evidenceField = v.pipe(
	v.nullish(v.string(), ''),
	v.transform((value) =>
		value
			.split(/\r?\n/)
			.map((line) => line.trim())
			.filter((line) => line !== '')
	),
	v.maxLength(10),
	v.check((links) => links.every((link) => link.length <= 500 && URL.canParse(link) && /^https?:$/.test(new URL(link).protocol)))
);

export const InnovationFormSchema = v.object({
	name: fields.requiredText(200),
	description: fields.optionalText(4000),
	agency: fields.optionalId,
	service: fields.optionalId,
	launch_date: fields.date,
	kind: v.picklist(INNOVATION_KINDS),
	medium: v.picklist(INNOVATION_MEDIA),
	stage: v.picklist(INNOVATION_STAGES),
	replication: fields.optionalText(500),
	competition: fields.optionalText(200),
	award: fields.optionalText(200),
	evidence: evidenceField
});
export type InnovationForm = v.InferOutput<typeof InnovationFormSchema>;

export interface Innovation {
	id: number;
	agencyId: number | null;
	agency: string | null;
	serviceId: number | null;
	service: string | null;
	name: string;
	description: string;
	launchDate: string;
	kind: InnovationKind;
	medium: InnovationMedium;
	stage: InnovationStage;
	replication: string;
	competition: string;
	award: string;
	evidenceLinks: string[];
	updatedAt: Date;
	/** Whether the reading access may edit it. */
	editable: boolean;
}

const SELECT = sql`select i.id, i.agency_id as "agencyId", a.name as agency, i.service_id as "serviceId", s.name as service, i.name,
		i.description, to_char(i.launch_date, 'YYYY-MM-DD') as "launchDate", i.kind, i.medium, i.stage, i.replication,
		i.competition, i.award, i.evidence_links as "evidenceLinks", i.updated_at as "updatedAt"
	from innovations i left join agencies a on a.id = i.agency_id left join services s on s.id = i.service_id`;

type Row = Omit<Innovation, 'editable' | 'updatedAt' | 'evidenceLinks'> & { updatedAt: Date | string; evidenceLinks: unknown };

function toInnovation(row: Row, access: Access): Innovation {
	const links = Array.isArray(row.evidenceLinks) ? (row.evidenceLinks as string[]) : [];
	return { ...row, evidenceLinks: links, updatedAt: new Date(row.updatedAt), editable: canActOnUnit(access, row.agencyId) };
}

/** The register as `access` may read it, latest launch first: a manager's agencies' only (not the mall's own). */
export async function listInnovations(db: Db, access: MallAccess): Promise<Innovation[]> {
	const rows = await executePrepared<Row>(db, sql`${SELECT} where i.mall_id = ${access.mallId}${agencyCondition(sql`i.agency_id`, access)} order by i.launch_date desc, i.id desc`);
	return rows.map((row) => toInnovation(row, access));
}

/** One innovation; 404 when missing or outside what `access` may read. */
export async function findInnovation(db: Db, access: MallAccess, id: number): Promise<Innovation> {
	const [row] = await executePrepared<Row>(db, sql`${SELECT} where i.id = ${id} and i.mall_id = ${access.mallId}`);
	if (!row || !canReadUnit(access, row.agencyId)) error(404, { message: 'not found', code: 'not_found' });
	return toInnovation(row, access);
}

/** The owner agency and service of a form, checked against the mall and the access; 404/403 otherwise. */
async function ownerOf(db: Db, access: MallAccess, form: InnovationForm): Promise<{ agencyId: number | null; serviceId: number | null }> {
	const agencyId = form.agency === '' ? null : form.agency;
	const serviceId = form.service === '' ? null : form.service;
	if (agencyId !== null) {
		const [agency] = await db
			.select({ id: agencies.id })
			.from(agencies)
			.where(and(eq(agencies.id, agencyId), eq(agencies.mallId, access.mallId)));
		if (!agency || !canReadAgency(access, agencyId)) error(404, { message: 'not found', code: 'not_found' });
	}
	if (serviceId !== null) {
		const [service] = await db
			.select({ agencyId: services.agencyId })
			.from(services)
			.where(and(eq(services.id, serviceId), eq(services.mallId, access.mallId)));
		if (!service || service.agencyId !== agencyId) error(400, { message: 'service: not a service of the owner agency', code: 'invalid_form' });
	}
	if (!canActOnUnit(access, agencyId)) error(403, { message: 'your role may not change this innovation', code: 'forbidden' });
	return { agencyId, serviceId };
}

/** Register an innovation; returns its id. */
export async function createInnovation(db: Db, access: MallAccess, form: InnovationForm): Promise<number> {
	const { agencyId, serviceId } = await ownerOf(db, access, form);
	const [row] = await executePrepared<{ id: number }>(
		db,
		sql`insert into innovations (mall_id, agency_id, service_id, name, description, launch_date, kind, medium, stage,
				replication, competition, award, evidence_links, created_by)
			values (${access.mallId}, ${agencyId}, ${serviceId}, ${form.name}, ${form.description}, ${form.launch_date}::date, ${form.kind},
				${form.medium}, ${form.stage}, ${form.replication}, ${form.competition}, ${form.award}, ${textArray(form.evidence)}, ${access.userId})
			returning id`
	);
	return row!.id;
}

/** Change an innovation (its owner may change too, within what `access` may edit). */
export async function updateInnovation(db: Db, access: MallAccess, id: number, form: InnovationForm): Promise<void> {
	const current = await findInnovation(db, access, id);
	if (!current.editable) error(403, { message: 'your role may not change this innovation', code: 'forbidden' });
	const { agencyId, serviceId } = await ownerOf(db, access, form);
	await executePrepared(
		db,
		sql`update innovations set agency_id = ${agencyId}, service_id = ${serviceId}, name = ${form.name}, description = ${form.description},
				launch_date = ${form.launch_date}::date, kind = ${form.kind}, medium = ${form.medium}, stage = ${form.stage},
				replication = ${form.replication}, competition = ${form.competition}, award = ${form.award},
				evidence_links = ${textArray(form.evidence)}, updated_at = now()
			where id = ${id} and mall_id = ${access.mallId}`
	);
}

/** A text[] parameter that both postgres.js and PGlite accept (a JSON array turned into text[] in SQL). */
function textArray(values: readonly string[]): SQL {
	return sql`array(select json_array_elements_text(${JSON.stringify(values)}::json))`;
}
