/**
 * Runs an async task one at a time. A call while it runs asks for exactly one more run after the current one (any
 * number of such calls merge into it), so bursts of change events cost at most two runs. The promise a call returns
 * settles once a run that started after the call has finished. Errors go to `onError`; they never stop later runs.
 */
export class CoalescedTask {
	private running: Promise<void> | undefined;
	private again = false;

	constructor(
		private readonly task: () => Promise<void>,
		private readonly onError: (error: unknown) => void,
	) {}

	run(): Promise<void> {
		if (this.running) {
			this.again = true;
			return this.running;
		}
		this.running = this.loop();
		return this.running;
	}

	/** Settles when no run is in progress. */
	idle(): Promise<void> {
		return this.running ?? Promise.resolve();
	}

	private async loop(): Promise<void> {
		try {
			do {
				this.again = false;
				try {
					await this.task();
				} catch (error) {
					this.onError(error);
				}
			} while (this.again);
		} finally {
			this.running = undefined;
		}
	}
}
