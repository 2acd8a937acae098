/**
 * The demo's accounts, one per role, all with the same password (README and `npm start` print them). The demo is
 * for trying Puas out; a real installation creates its own accounts (npm run user:create, or Pengaturan → Pengguna).
 */
import type { Role } from '../../domain/roles';

export const DEMO_PASSWORD = 'puas-demo-2026';

export interface DemoUser {
	email: string;
	name: string;
	role: Role;
	/** Agency codes a manager is responsible for. */
	agencies: readonly string[];
}

export const DEMO_USERS: readonly DemoUser[] = [
	{ email: 'admin@puas.demo', name: 'Admin MPP', role: 'admin', agencies: [] },
	{ email: 'manager@puas.demo', name: 'Manajer Dukcapil', role: 'manager', agencies: ['dukcapil'] },
	{ email: 'evaluator@puas.demo', name: 'Evaluator LAN', role: 'evaluator', agencies: [] }
];
