/** How long a 429 asks us to wait, from `Retry-After` (seconds or an HTTP date) and `X-RateLimit-Reset` (ISO time). */
export function rateLimitWaitMs(headers: Headers, floorMs: number, now = Date.now()): number {
	let waitMs = 0;
	const retryAfter = headers.get('retry-after')?.trim();
	if (retryAfter) {
		if (/^\d+(\.\d+)?$/.test(retryAfter)) waitMs = Number(retryAfter) * 1000;
		else {
			const at = Date.parse(retryAfter);
			if (!Number.isNaN(at)) waitMs = at - now;
		}
	}
	const reset = headers.get('x-ratelimit-reset')?.trim();
	if (reset) {
		const at = Date.parse(reset);
		if (!Number.isNaN(at)) waitMs = Math.max(waitMs, at - now);
	}
	// Retry-After: 0 (or nothing usable) still means "wait": Jira documents 0 as one second.
	return Math.max(waitMs, floorMs);
}
