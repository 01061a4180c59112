/**
 * Compact, JSON-safe integer stream codec for stored history.
 *
 * Each integer is zig-zag mapped to a non-negative number and written as little-endian base-32
 * digits over the base64url alphabet: symbols 0–31 end a number, 32–63 mean "more digits follow".
 * Small numbers (the usual second differences of hourly series) take one or two characters, and
 * the output needs no escaping inside JSON. Arithmetic instead of bit operations keeps values up to
 * 2^52 exact (TikTok totals reach ~1.2·10^14).
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const DIGIT: Int8Array = (() => {
	const table = new Int8Array(128).fill(-1);
	for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i;
	return table;
})();

/** Largest magnitude a stream may hold; zig-zag doubles it and must stay a safe integer. */
export const MAX_CODEC_MAGNITUDE = 2 ** 51;

export class CodecError extends Error {}

export function zigzag(n: number): number {
	return n >= 0 ? n * 2 : -n * 2 - 1;
}

export function unzigzag(z: number): number {
	return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
}

/** Appends the unsigned integer `u` to `out`. */
function writeUnsigned(u: number, out: string): string {
	let n = u;
	while (n >= 32) {
		out += ALPHABET[32 + (n % 32)];
		n = Math.floor(n / 32);
	}
	return out + ALPHABET[n];
}

/** Encodes signed integers. Throws CodecError on a non-integer or an out-of-range value. */
export function encodeInts(values: ArrayLike<number>): string {
	let out = '';
	for (let i = 0; i < values.length; i++) {
		const v = values[i];
		if (!Number.isInteger(v) || Math.abs(v) > MAX_CODEC_MAGNITUDE) {
			throw new CodecError(`value ${String(v)} cannot be stored`);
		}
		out = writeUnsigned(zigzag(v), out);
	}
	return out;
}

/** Encodes non-negative integers as they are (used where 0 is a marker). */
export function encodeUnsigned(values: ArrayLike<number>): string {
	let out = '';
	for (let i = 0; i < values.length; i++) {
		const v = values[i];
		if (!Number.isInteger(v) || v < 0 || v > MAX_CODEC_MAGNITUDE * 2) {
			throw new CodecError(`value ${String(v)} cannot be stored`);
		}
		out = writeUnsigned(v, out);
	}
	return out;
}

/** Decodes a stream of unsigned integers. Throws CodecError on foreign characters or a cut-off number. */
export function decodeUnsigned(text: string): number[] {
	const out: number[] = [];
	let value = 0;
	let scale = 1;
	let open = false;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		const d = code < 128 ? DIGIT[code] : -1;
		if (d < 0) throw new CodecError(`unexpected character at position ${i}`);
		if (d >= 32) {
			value += (d - 32) * scale;
			scale *= 32;
			open = true;
			if (scale > 2 ** 60) throw new CodecError('number too long');
		} else {
			out.push(value + d * scale);
			value = 0;
			scale = 1;
			open = false;
		}
	}
	if (open) throw new CodecError('stream ends inside a number (truncated)');
	return out;
}

export function decodeInts(text: string): number[] {
	const raw = decodeUnsigned(text);
	for (let i = 0; i < raw.length; i++) raw[i] = unzigzag(raw[i]);
	return raw;
}

/** Second differences: x0, x1−x0, then (xᵢ−xᵢ₋₁)−(xᵢ₋₁−xᵢ₋₂). Small for steady growth. */
export function toSecondDifferences(xs: ArrayLike<number>): number[] {
	const out = new Array<number>(xs.length);
	for (let i = 0; i < xs.length; i++) {
		if (i === 0) out[i] = xs[0];
		else if (i === 1) out[i] = xs[1] - xs[0];
		else out[i] = xs[i] - 2 * xs[i - 1] + xs[i - 2];
	}
	return out;
}

export function fromSecondDifferences(ds: ArrayLike<number>): number[] {
	const out = new Array<number>(ds.length);
	let prevDelta = 0;
	for (let i = 0; i < ds.length; i++) {
		if (i === 0) out[i] = ds[0];
		else {
			prevDelta = i === 1 ? ds[1] : prevDelta + ds[i];
			out[i] = out[i - 1] + prevDelta;
		}
	}
	return out;
}

/** Largest k ≤ 12 such that every value is a multiple of 10^k (rounded TikTok counts end in zeros). */
/** Largest k ≤ limit such that `value` is a multiple of 10^k. */
export function powerOfTenDividing(value: number, limit = 12): number {
	if (value === 0) return limit;
	let k = 0;
	let p = 10;
	while (k < limit && value % p === 0) {
		k++;
		p *= 10;
	}
	return k;
}

export function commonPowerOfTen(values: ArrayLike<number>): number {
	let k = 12;
	let p = 1e12;
	for (let i = 0; i < values.length && k > 0; i++) {
		const v = values[i];
		if (v === 0) continue;
		while (k > 0 && v % p !== 0) {
			k--;
			p /= 10;
		}
	}
	return k;
}

/** Number of complete numbers in a stream (terminal symbols), or -1 on a foreign character. */
function countNumbers(text: string): number {
	let count = 0;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		const d = code < 128 ? DIGIT[code] : -1;
		if (d < 0) return -1;
		if (d < 32) count++;
	}
	return count;
}

/**
 * Decodes a stream written by `encodeSecondDifferences` straight into values, in one pass.
 * Throws CodecError on foreign characters or a truncated number.
 */
export function decodeSecondDifferences(text: string): Float64Array {
	const n = countNumbers(text);
	if (n < 0) throw new CodecError('unexpected character in stream');
	const out = new Float64Array(n);
	let value = 0;
	let scale = 1;
	let k = 0;
	let x = 0;
	let delta = 0;
	for (let i = 0; i < text.length; i++) {
		const d = DIGIT[text.charCodeAt(i)];
		if (d >= 32) {
			value += (d - 32) * scale;
			scale *= 32;
			if (scale > 2 ** 60) throw new CodecError('number too long');
			continue;
		}
		const z = value + d * scale;
		const diff = z % 2 === 0 ? z / 2 : -(z + 1) / 2;
		if (k === 0) x = diff;
		else {
			delta = k === 1 ? diff : delta + diff;
			x += delta;
		}
		out[k++] = x;
		value = 0;
		scale = 1;
	}
	if (scale !== 1 || value !== 0) throw new CodecError('stream ends inside a number (truncated)');
	if (text.length > 0 && DIGIT[text.charCodeAt(text.length - 1)] >= 32) {
		throw new CodecError('stream ends inside a number (truncated)');
	}
	return out;
}

/** Growable byte buffer of alphabet symbols, turned into a string at the end. */
export class SymbolWriter {
	private buf = new Uint8Array(256);
	private len = 0;

	writeUnsigned(u: number): void {
		if (this.len + 12 > this.buf.length) {
			const next = new Uint8Array(this.buf.length * 2);
			next.set(this.buf);
			this.buf = next;
		}
		let n = u;
		while (n >= 32) {
			this.buf[this.len++] = CODES[32 + (n % 32)];
			n = Math.floor(n / 32);
		}
		this.buf[this.len++] = CODES[n];
	}

	writeSigned(v: number): void {
		if (!Number.isInteger(v) || Math.abs(v) > MAX_CODEC_MAGNITUDE) throw new CodecError(`value ${String(v)} cannot be stored`);
		this.writeUnsigned(v >= 0 ? v * 2 : -v * 2 - 1);
	}

	toString(): string {
		let out = '';
		for (let i = 0; i < this.len; i += 8192) {
			out += String.fromCharCode.apply(null, this.buf.subarray(i, Math.min(this.len, i + 8192)) as unknown as number[]);
		}
		return out;
	}
}

const CODES: Uint8Array = (() => {
	const codes = new Uint8Array(64);
	for (let i = 0; i < 64; i++) codes[i] = ALPHABET.charCodeAt(i);
	return codes;
})();

/** Encodes values as second differences in one pass (see toSecondDifferences). */
export function encodeSecondDifferences(values: ArrayLike<number>, divisor = 1): string {
	const w = new SymbolWriter();
	let p1 = 0;
	let p2 = 0;
	for (let i = 0; i < values.length; i++) {
		const x = values[i] / divisor;
		w.writeSigned(i === 0 ? x : i === 1 ? x - p1 : x - 2 * p1 + p2);
		p2 = p1;
		p1 = x;
	}
	return w.toString();
}

/** Reads a stream's numbers from the end, one at a time (unsigned, zig-zag not undone). */
export class BackwardReader {
	private end: number;

	constructor(private readonly text: string) {
		this.end = text.length - 1;
	}

	/** The previous number, or null at the start of the stream. Throws CodecError on bad characters. */
	next(): number | null {
		const end = this.end;
		if (end < 0) return null;
		const text = this.text;
		const code = text.charCodeAt(end);
		const last = code < 128 ? DIGIT[code] : -1;
		if (last < 0 || last >= 32) throw new CodecError('stream ends inside a number (truncated)');
		let start = end - 1;
		while (start >= 0) {
			const c = text.charCodeAt(start);
			const d = c < 128 ? DIGIT[c] : -1;
			if (d < 0) throw new CodecError('unexpected character in stream');
			if (d < 32) break;
			start--;
		}
		let value = 0;
		let scale = 1;
		for (let i = start + 1; i < end; i++) {
			value += (DIGIT[text.charCodeAt(i)] - 32) * scale;
			scale *= 32;
		}
		this.end = start;
		return value + last * scale;
	}
}
