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
	/** Share of requests whose answer is cut mid-body: status and headers sent, then the socket destroyed (0..1). */
	cutRate: number;
	/** A 429 storm: a share of requests, and bursts of consecutive ones, answered 429 with a Retry-After from the list. */
	storm?: SimStorm | null;
}

export interface SimStorm {
	/** Share of requests answered 429 (0..1), outside the bursts. */
	rate: number;
	/** Retry-After values (seconds) to pick from at random for each 429. */
	retryAfterSeconds: number[];
	/** Every `every` requests (counted from the storm's start) the next `length` ones are all answered 429. */
	burst?: { every: number; length: number };
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
	| { kind: 'cut' }
	| { kind: 'status'; status: number; errorMessages: string[]; headers: Record<string, string> };

/** Faulted answers the simulator gave, by kind. */
export interface SimFaultCounts {
	rateLimited: number;
	serverErrors: number;
	/** Other error statuses sent by `failNext`. */
	otherErrors: number;
	dropped: number;
	cut: number;
}

export class FaultInjector {
	settings: SimFaultSettings;
	readonly counts: SimFaultCounts = { rateLimited: 0, serverErrors: 0, otherErrors: 0, dropped: 0, cut: 0 };
	private readonly random: Random;
	private readonly scripted: Array<ScriptedFailure & { left: number }> = [];
	private tokens = 0;
	private refilledAt = Date.now();
	/** Requests seen since the storm started (for its bursts). */
	private stormRequests = 0;

	constructor(settings: Partial<SimFaultSettings>, seed: number) {
		this.settings = { latencyMs: 0, errorRate: 0, dropRate: 0, cutRate: 0, ...settings };
		this.random = new Random(seed, 99);
		this.tokens = this.settings.rateLimit?.requestsPerSecond ?? 0;
	}

	update(settings: Partial<SimFaultSettings>): void {
		this.settings = { ...this.settings, ...settings };
		if (settings.rateLimit) {
			this.tokens = settings.rateLimit.requestsPerSecond;
			this.refilledAt = Date.now();
		}
		if ('storm' in settings) this.stormRequests = 0;
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
		const decision = this.choose(path);
		if (decision.kind === 'drop') this.counts.dropped += 1;
		else if (decision.kind === 'cut') this.counts.cut += 1;
		else if (decision.kind === 'status') {
			if (decision.status === 429) this.counts.rateLimited += 1;
			else if (decision.status >= 500) this.counts.serverErrors += 1;
			else this.counts.otherErrors += 1;
		}
		return decision;
	}

	private choose(path: string): FaultDecision {
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
		const storm = this.settings.storm;
		if (storm) {
			const index = this.stormRequests++;
			if (storm.burst && index % storm.burst.every < storm.burst.length) return this.stormAnswer(storm);
		}
		const roll = this.random.next();
		const { dropRate, errorRate, cutRate } = this.settings;
		if (roll < dropRate) return { kind: 'drop' };
		if (roll < dropRate + errorRate) {
			const status = this.random.pick([500, 502, 503]);
			return { kind: 'status', status, errorMessages: ['Simulated server error.'], headers: {} };
		}
		if (roll < dropRate + errorRate + cutRate) return { kind: 'cut' };
		if (storm && roll < dropRate + errorRate + cutRate + storm.rate) return this.stormAnswer(storm);
		return { kind: 'pass' };
	}

	private stormAnswer(storm: SimStorm): FaultDecision {
		const retryAfter = storm.retryAfterSeconds.length > 0 ? this.random.pick(storm.retryAfterSeconds) : 1;
		return { kind: 'status', status: 429, errorMessages: ['Rate limit exceeded.'], headers: { 'Retry-After': String(retryAfter), 'X-RateLimit-Remaining': '0' } };
	}
}
