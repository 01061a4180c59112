/** Bad user input (e.g. a hashtag name that TikTok cannot have). The message says how to fix it. */
export class ScavioInputError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ScavioInputError';
	}
}

/** A 200 response that does not carry what the operation needs (e.g. no view count). */
export class ScavioParseError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ScavioParseError';
	}
}
