/** Urgency levels, most urgent first (life-threatening → routine). */
export const URGENCIES = ['emergency', 'urgent', 'normal'] as const
export type Urgency = (typeof URGENCIES)[number]

export const URGENCY_LABELS: Record<Urgency, string> = {
  emergency: '紧急',
  urgent: '较急',
  normal: '一般',
}
