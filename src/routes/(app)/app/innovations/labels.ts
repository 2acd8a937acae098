/** The register's codes in the reader's language. */
import type { InnovationKind, InnovationMedium, InnovationStage } from '$lib/domain/innovation';
import { m } from '$lib/paraglide/messages';

export const stageLabel = (stage: InnovationStage): string =>
	({ 'drum-up': m.innovation_stage_drum_up, diagnose: m.innovation_stage_diagnose, design: m.innovation_stage_design, deliver: m.innovation_stage_deliver, display: m.innovation_stage_display })[stage]();

export const kindLabel = (kind: InnovationKind): string => (kind === 'public-service' ? m.innovation_kind_public_service() : m.innovation_kind_governance());

export const mediumLabel = (medium: InnovationMedium): string => (medium === 'digital' ? m.innovation_medium_digital() : m.innovation_medium_non_digital());
