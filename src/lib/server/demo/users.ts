/**
 * The demo's accounts, one per role and an evaluator of the province, all with the same password (README and
 * `npm start` print them). The demo is for trying Puas out; a real installation creates its own accounts
 * (npm run user:create, or Pengaturan → Pengguna).
 */
import type { Role } from '../../domain/roles';

export const DEMO_PASSWORD = 'puas-demo-2026';

export interface DemoUser {
	email: string;
	name: string;
	role: Role;
	/** Agency codes a manager is responsible for. */
	agencies: readonly string[];
	/** Whether the account is MPP Kota Kupang's; false: across halls (an operator, or an evaluator of `regionScope`). */
	inKupang: boolean;
	/** An evaluator across halls: its province or kabupaten/kota code (absent: the nation, or a hall's account). */
	regionScope?: string;
}

export const DEMO_USERS: readonly DemoUser[] = [
	{ email: 'admin@puas.demo', name: 'Admin MPP', role: 'admin', agencies: [], inKupang: true },
	{ email: 'manager@puas.demo', name: 'Manajer Dukcapil', role: 'manager', agencies: ['dukcapil'], inKupang: true },
	{ email: 'evaluator@puas.demo', name: 'Evaluator LAN', role: 'evaluator', agencies: [], inKupang: true },
	{ email: 'operator@puas.demo', name: 'Operator Puas', role: 'operator', agencies: [], inKupang: false },
	{ email: 'inspektorat@puas.demo', name: 'Inspektorat Provinsi NTT', role: 'evaluator', agencies: [], inKupang: false, regionScope: '53' }
];
