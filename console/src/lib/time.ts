const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
	['day', 86_400],
	['hour', 3_600],
	['minute', 60],
	['second', 1],
];

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "5 minutes ago", "now"... for a timestamp relative to `now`. */
export function relativeTime(iso: string, now: number = Date.now()): string {
	const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
	if (Math.abs(seconds) < 5) return 'just now';
	for (const [unit, size] of UNITS) {
		if (Math.abs(seconds) >= size || unit === 'second') return relative.format(Math.round(seconds / size), unit);
	}
	return relative.format(seconds, 'second');
}

export function absoluteTime(iso: string): string {
	return new Date(iso).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'medium' });
}
