/**
 * The innovation register's vocabulary (skm.md §4): LAN RI Laboratorium Inovasi stages (5D), and the two
 * categories the register asks for. Stored by these codes; labels come from i18n.
 */

/** LAN RI Laboratorium Inovasi stages, in order (skm.md §4: Drum-up, Diagnose, Design, Deliver, Display). */
export const INNOVATION_STAGES = ['drum-up', 'diagnose', 'design', 'deliver', 'display'] as const;
export type InnovationStage = (typeof INNOVATION_STAGES)[number];

/** Public service innovation or governance innovation. */
export const INNOVATION_KINDS = ['public-service', 'governance'] as const;
export type InnovationKind = (typeof INNOVATION_KINDS)[number];

/** Digital or non-digital. */
export const INNOVATION_MEDIA = ['digital', 'non-digital'] as const;
export type InnovationMedium = (typeof INNOVATION_MEDIA)[number];

/** Where a month's service volume came from. */
export const VOLUME_SOURCES = ['form', 'csv', 'api'] as const;
export type VolumeSource = (typeof VOLUME_SOURCES)[number];
