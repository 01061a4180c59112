/**
 * Caps the number of Scavio requests in flight. Scavio limits simultaneous requests per key
 * (1 on Free/PAYG, 5 on Project, … 50 on Growth), not requests per minute.
 *
 * - Fixed (`maxConcurrency` > 0): never more than N in flight.
 * - Automatic (`maxConcurrency` = 0): start at AUTO_START; on a 429 drop to the plan's
 *   `concurrency` from the 429 body when given (and never grow past it), else halve; after a
 *   run of successes as long as the current limit, allow one more.
 */
export const AUTO_START = 3;
export const AUTO_CEILING = 50;

interface Waiter {
	resolve: () => void;
	reject: (error: Error) => void;
}

export class ConcurrencyLimiter {
	readonly automatic: boolean;

	private currentLimit: number;

	private ceiling: number;

	private active = 0;

	private successStreak = 0;

	private readonly queue: Waiter[] = [];

	private closedWith: Error | undefined;

	/** Bumped on every decrease, so a burst of 429s from one wave of requests counts once. */
	private generation = 0;

	constructor(maxConcurrency: number) {
		this.automatic = !(maxConcurrency > 0);
		this.currentLimit = this.automatic ? AUTO_START : Math.floor(maxConcurrency);
		this.ceiling = this.automatic ? AUTO_CEILING : this.currentLimit;
	}

	get limit(): number {
		return this.currentLimit;
	}

	get inFlight(): number {
		return this.active;
	}

	get waiting(): number {
		return this.queue.length;
	}

	/**
	 * Resolves when a slot is free (FIFO) with a ticket to pass to onRateLimited; rejects once the
	 * limiter is closed.
	 */
	async acquire(): Promise<number> {
		if (this.closedWith) throw this.closedWith;
		if (this.active < this.currentLimit && this.queue.length === 0) {
			this.active++;
			return this.generation;
		}
		await new Promise<void>((resolve, reject) => this.queue.push({ resolve, reject }));
		return this.generation;
	}

	release(): void {
		this.active = Math.max(0, this.active - 1);
		this.dispatch();
	}

	/** A 429 for a request started with `ticket`: the plan's limit was hit. */
	onRateLimited(ticket: number, serverConcurrency?: number): void {
		this.successStreak = 0;
		if (!this.automatic || ticket < this.generation) return;
		this.generation++;
		if (serverConcurrency !== undefined && Number.isInteger(serverConcurrency) && serverConcurrency > 0) {
			this.ceiling = serverConcurrency;
			// Other clients may share the key: the plan's limit is an upper bound, not a target.
			this.currentLimit = Math.max(1, Math.min(serverConcurrency, this.currentLimit - 1, Math.ceil(this.currentLimit / 2) + 1));
		} else {
			this.currentLimit = Math.max(1, Math.floor(this.currentLimit / 2));
		}
	}

	onSuccess(): void {
		if (!this.automatic) return;
		this.successStreak++;
		if (this.successStreak >= this.currentLimit && this.currentLimit < this.ceiling) {
			this.currentLimit++;
			this.successStreak = 0;
			this.dispatch();
		}
	}

	/** Rejects every queued and future acquire with `error` (e.g. out of credits). */
	close(error: Error): void {
		if (this.closedWith) return;
		this.closedWith = error;
		for (const waiter of this.queue.splice(0)) waiter.reject(error);
	}

	private dispatch(): void {
		while (this.active < this.currentLimit && this.queue.length > 0) {
			this.active++;
			this.queue.shift()!.resolve();
		}
	}
}
