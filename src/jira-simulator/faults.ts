import { Random } from './random';

/** Knobs that make the simulator behave like a busy, flaky Jira. */
export interface SimFaultSettings {
	/** Delay before every answer. */
	latencyMs: number;
	/** Share of requests answered with a 5xx (0..1). */
	errorRate: number;
	/** Share of requests whose connection is dropped without an answer (0..1). */
	dropRate: number;
	/** Token bucket: at most this many requests per second, else 429 with Retry-After. */
	rateLimit?: { requestsPerSecond: number; retryAfterSeconds: number };
}

export interface ScriptedFailure {
	/** Requests whose path starts with this (default: any request). */
	pathPrefix?: string;
	status: number;
	/** How many matching requests fail (default 1). */
	times?: number;
	errorMessages?: string[];
	headers?: Record<string, string>;
}

export type FaultDecision =
	| { kind: 'pass' }
	| { kind: 'drop' }
	| { kind: 'status'; status: number; errorMessages: string[]; headers: Record<string, string> };

export class FaultInjector {
	settings: SimFaultSettings;
	private readonly random: Random;
	private readonly scripted: Array<ScriptedFailure & { left: number }> = [];
	private tokens = 0;
	private refilledAt = Date.now();

	constructor(settings: Partial<SimFaultSettings>, seed: number) {
		this.settings = { latencyMs: 0, errorRate: 0, dropRate: 0, ...settings };
		this.random = new Random(seed, 99);
		this.tokens = this.settings.rateLimit?.requestsPerSecond ?? 0;
	}

	update(settings: Partial<SimFaultSettings>): void {
		this.settings = { ...this.settings, ...settings };
		if (settings.rateLimit) {
			this.tokens = settings.rateLimit.requestsPerSecond;
			this.refilledAt = Date.now();
		}
	}

	failNext(failure: ScriptedFailure): void {
		this.scripted.push({ ...failure, left: failure.times ?? 1 });
	}

	private takeToken(): boolean {
		const limit = this.settings.rateLimit;
		if (!limit) return true;
		const now = Date.now();
		this.tokens = Math.min(limit.requestsPerSecond, this.tokens + ((now - this.refilledAt) / 1000) * limit.requestsPerSecond);
		this.refilledAt = now;
		if (this.tokens < 1) return false;
		this.tokens -= 1;
		return true;
	}

	decide(path: string): FaultDecision {
		const scripted = this.scripted.find((failure) => failure.left > 0 && (!failure.pathPrefix || path.startsWith(failure.pathPrefix)));
		if (scripted) {
			scripted.left -= 1;
			if (scripted.left === 0) this.scripted.splice(this.scripted.indexOf(scripted), 1);
			return { kind: 'status', status: scripted.status, errorMessages: scripted.errorMessages ?? [`Simulated HTTP ${scripted.status}`], headers: scripted.headers ?? {} };
		}
		if (!this.takeToken()) {
			const retryAfter = this.settings.rateLimit?.retryAfterSeconds ?? 1;
			return {
				kind: 'status',
				status: 429,
				errorMessages: ['Rate limit exceeded.'],
				headers: {
					'Retry-After': String(retryAfter),
					'X-RateLimit-Limit': String(this.settings.rateLimit?.requestsPerSecond ?? 0),
					'X-RateLimit-Remaining': '0',
					'X-RateLimit-Reset': new Date(Date.now() + retryAfter * 1000).toISOString(),
				},
			};
		}
		const roll = this.random.next();
		if (roll < this.settings.dropRate) return { kind: 'drop' };
		if (roll < this.settings.dropRate + this.settings.errorRate) {
			const status = this.random.pick([500, 502, 503]);
			return { kind: 'status', status, errorMessages: ['Simulated server error.'], headers: {} };
		}
		return { kind: 'pass' };
	}
}
