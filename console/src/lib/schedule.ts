/** Schedules the console offers: manual, or every 5, 15 or 60 minutes. */
export const SCHEDULE_INTERVALS = [5, 15, 60] as const;

/** A schedule as the console's selector holds it: 'MANUAL' or minutes between runs. */
export type ScheduleChoice = 'MANUAL' | number;

export function scheduleText(kind: string, minutes: number | null | undefined): string {
	if (kind === 'INTERVAL' && minutes) return `Every ${minutes} min`;
	return 'Manual only';
}

export function scheduleChoiceOf(kind: string, minutes: number | null | undefined): ScheduleChoice {
	return kind === 'INTERVAL' && minutes ? minutes : 'MANUAL';
}

/** The choices of the selector; a stored interval the console does not offer (set by the CLI) stays selectable. */
export function scheduleChoices(current: ScheduleChoice): ScheduleChoice[] {
	const choices: ScheduleChoice[] = ['MANUAL', ...SCHEDULE_INTERVALS];
	return choices.includes(current) ? choices : [...choices, current].sort((a, b) => (a === 'MANUAL' ? -1 : b === 'MANUAL' ? 1 : a - b));
}

export function scheduleInput(choice: ScheduleChoice): { scheduleKind: 'MANUAL' | 'INTERVAL'; scheduleIntervalMinutes: number | null } {
	return choice === 'MANUAL'
		? { scheduleKind: 'MANUAL', scheduleIntervalMinutes: null }
		: { scheduleKind: 'INTERVAL', scheduleIntervalMinutes: choice };
}

export function choiceValue(choice: ScheduleChoice): string {
	return String(choice);
}

export function parseChoice(value: string): ScheduleChoice {
	return value === 'MANUAL' ? 'MANUAL' : Number(value);
}
