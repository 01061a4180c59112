/**
 * Compact, JSON-safe integer codecs for stored history: the append streams (below) and the packed
 * block (BitWriter/BitReader, further down).
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

/*
 * Packed block (schema version 3): a bit stream of adaptive Golomb–Rice codes, written to JSON as
 * Z85 text (5 characters per 4 bytes; the alphabet has no quote or backslash, so no escaping).
 */

const Z85 = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#';
const Z85_CODES: Uint8Array = (() => {
	const codes = new Uint8Array(85);
	for (let i = 0; i < 85; i++) codes[i] = Z85.charCodeAt(i);
	return codes;
})();
const Z85_DIGIT: Int16Array = (() => {
	const table = new Int16Array(128).fill(-1);
	for (let i = 0; i < Z85.length; i++) table[Z85.charCodeAt(i)] = i;
	return table;
})();

/** Unary prefixes longer than this switch to an escape (length-prefixed raw value). */
const RICE_LIMIT = 24;

const POW2: Float64Array = (() => {
	const t = new Float64Array(64);
	for (let i = 0; i < 64; i++) t[i] = 2 ** i;
	return t;
})();

/**
 * Adaptive Rice parameter: the smallest k with count · 2^k ≥ sum over recent magnitudes (both
 * halved every 16 values), kept up to date incrementally.
 */
export class RiceModel {
	private a = 1;
	private n = 1;
	private kk = 0;

	k(): number {
		return this.kk;
	}

	update(u: number): void {
		this.a += u;
		this.n++;
		if (this.n >= 16) {
			this.a = Math.floor(this.a / 2);
			this.n = 8;
		}
		let k = this.kk;
		while (k < 52 && this.n * POW2[k] < this.a) k++;
		while (k > 0 && this.n * POW2[k - 1] >= this.a) k--;
		this.kk = k;
	}
}

export class BitWriter {
	private bytes = new Uint8Array(256);
	private len = 0;
	/** Pending bits (fewer than 8), right-aligned. */
	private acc = 0;
	private nbits = 0;

	/** Appends up to 24 bits (value < 2^count). */
	private put(value: number, count: number): void {
		const acc = (this.acc << count) | value;
		let nbits = this.nbits + count;
		while (nbits >= 8) {
			nbits -= 8;
			if (this.len === this.bytes.length) {
				const next = new Uint8Array(this.bytes.length * 2);
				next.set(this.bytes);
				this.bytes = next;
			}
			this.bytes[this.len++] = (acc >>> nbits) & 255;
		}
		this.acc = acc & ((1 << nbits) - 1);
		this.nbits = nbits;
	}

	/** Writes the low `count` bits of the non-negative integer `value` (count ≤ 53), most significant first. */
	writeBits(value: number, count: number): void {
		let rest = count;
		while (rest > 24) {
			rest -= 24;
			this.put(Math.floor(value / POW2[rest]) % 16777216, 24);
		}
		if (rest > 0) this.put(value % POW2[rest], rest);
	}

	/** Elias-gamma code of u + 1 (u ≥ 0). */
	writeGamma(u: number): void {
		if (!Number.isInteger(u) || u < 0 || u > MAX_CODEC_MAGNITUDE * 2) throw new CodecError(`value ${String(u)} cannot be stored`);
		const v = u + 1;
		let len = 0;
		while (POW2[len + 1] <= v) len++;
		this.writeBits(0, len);
		this.writeBits(v, len + 1);
	}

	writeSignedGamma(v: number): void {
		if (!Number.isInteger(v) || Math.abs(v) > MAX_CODEC_MAGNITUDE) throw new CodecError(`value ${String(v)} cannot be stored`);
		this.writeGamma(zigzag(v));
	}

	/** Adaptive Rice code of a signed integer. */
	writeRice(v: number, model: RiceModel): void {
		if (!Number.isInteger(v) || Math.abs(v) > MAX_CODEC_MAGNITUDE) throw new CodecError(`value ${String(v)} cannot be stored`);
		const u = v >= 0 ? v * 2 : -v * 2 - 1;
		const k = model.k();
		const q = Math.floor(u / POW2[k]);
		if (q < RICE_LIMIT) {
			// q ones and a zero, then the k low bits.
			this.put(((1 << q) - 1) * 2, q + 1);
			this.writeBits(u - q * POW2[k], k);
		} else {
			this.put((1 << RICE_LIMIT) - 1, RICE_LIMIT);
			let len = 1;
			while (POW2[len] <= u) len++;
			this.put(len, 6);
			this.writeBits(u, len);
		}
		model.update(u);
	}

	toZ85(): string {
		const total = this.len + (this.nbits > 0 ? 1 : 0);
		const all = new Uint8Array(total);
		all.set(this.bytes.subarray(0, this.len));
		if (this.nbits > 0) all[this.len] = this.acc << (8 - this.nbits);
		const codes = new Uint8Array(Math.ceil((total * 5) / 4) + 5);
		let c = 0;
		for (let i = 0; i < total; i += 4) {
			const n = total - i < 4 ? total - i : 4;
			let value = 0;
			for (let j = 0; j < 4; j++) value = value * 256 + (j < n ? all[i + j] : 0);
			// A partial group of n bytes needs only its n + 1 most significant digits.
			const digits = [0, 0, 0, 0, 0];
			for (let j = 4; j >= 0; j--) {
				digits[j] = value % 85;
				value = Math.floor(value / 85);
			}
			for (let j = 0; j <= n; j++) codes[c++] = Z85_CODES[digits[j]];
		}
		let out = '';
		for (let i = 0; i < c; i += 8192) {
			out += String.fromCharCode.apply(null, codes.subarray(i, Math.min(c, i + 8192)) as unknown as number[]);
		}
		return out;
	}
}

export class BitReader {
	private readonly bytes: Uint8Array;
	private pos = 0;
	private readonly total: number;
	/** Bytes decoded from the text so far (groups are decoded on demand: a tail decode reads a prefix). */
	private ready = 0;
	/** Data bytes (without padding). */
	private readonly size: number;

	constructor(private readonly text: string) {
		const len = text.length;
		const rest = len % 5;
		if (rest === 1) throw new CodecError('packed block has a bad length (truncated)');
		this.size = ((len - rest) / 5) * 4 + (rest > 0 ? rest - 1 : 0);
		// Zero padding lets reads look at four whole bytes past any position.
		this.bytes = new Uint8Array(this.size + 8);
		this.total = this.size * 8;
	}

	/** Decodes Z85 groups until byte `index` is available. */
	private fill(index: number): void {
		const text = this.text;
		const len = text.length;
		const bytes = this.bytes;
		let b = this.ready;
		while (b <= index && b < this.size) {
			const i = (b / 4) * 5;
			const n = len - i < 5 ? len - i : 5;
			let value = 0;
			for (let j = 0; j < 5; j++) {
				let d = 84;
				if (j < n) {
					const code = text.charCodeAt(i + j);
					d = code < 128 ? Z85_DIGIT[code] : -1;
					if (d < 0) throw new CodecError(`unexpected character at position ${i + j}`);
				}
				value = value * 85 + d;
			}
			if (value > 0xffffffff) throw new CodecError('packed block is corrupt');
			bytes[b++] = value >>> 24;
			if (n > 2) bytes[b++] = (value >>> 16) & 255;
			if (n > 3) bytes[b++] = (value >>> 8) & 255;
			if (n > 4) bytes[b++] = value & 255;
		}
		this.ready = b;
	}

	private bit(): number {
		const pos = this.pos;
		if (pos >= this.total) throw new CodecError('packed block ends early (truncated)');
		if (pos >> 3 >= this.ready) this.fill(pos >> 3);
		this.pos = pos + 1;
		return (this.bytes[pos >> 3] >> (7 - (pos & 7))) & 1;
	}

	readBits(count: number): number {
		const pos = this.pos;
		if (pos + count > this.total) throw new CodecError('packed block ends early (truncated)');
		if ((pos + count) >> 3 >= this.ready) this.fill((pos + count) >> 3);
		const bytes = this.bytes;
		if (count <= 24) {
			if (count === 0) return 0;
			const p = pos >> 3;
			const w = ((bytes[p] << 24) | (bytes[p + 1] << 16) | (bytes[p + 2] << 8) | bytes[p + 3]) << (pos & 7);
			this.pos = pos + count;
			return w >>> (32 - count);
		}
		const high = this.readBits(count - 24);
		return high * 16777216 + this.readBits(24);
	}

	readGamma(): number {
		let len = 0;
		while (this.bit() === 0) {
			len++;
			if (len > 53) throw new CodecError('packed block is corrupt');
		}
		return POW2[len] + this.readBits(len) - 1;
	}

	/** Throws CodecError unless the stream was read up to its last byte (the encoder writes no spare byte). */
	finish(): void {
		this.fill(this.size - 1);
		if (Math.ceil(this.pos / 8) !== this.size) throw new CodecError('packed block has trailing data or was cut (corrupt)');
	}

	readSignedGamma(): number {
		return unzigzag(this.readGamma());
	}

	readRice(model: RiceModel): number {
		const k = model.k();
		const bytes = this.bytes;
		const pos = this.pos;
		// Enough bytes for the unary part (at most RICE_LIMIT + 1 bits).
		if ((pos >> 3) + 4 >= this.ready) this.fill((pos >> 3) + 4);
		const p = pos >> 3;
		const w = ((bytes[p] << 24) | (bytes[p + 1] << 16) | (bytes[p + 2] << 8) | bytes[p + 3]) << (pos & 7);
		// Leading ones (at least 25 valid bits are in the window).
		let q = Math.clz32(~w);
		let u: number;
		if (q < RICE_LIMIT) {
			if (pos + q + 1 > this.total) throw new CodecError('packed block ends early (truncated)');
			this.pos = pos + q + 1;
			u = k === 0 ? q : q * POW2[k] + this.readBits(k);
		} else {
			q = RICE_LIMIT;
			if (pos + q > this.total) throw new CodecError('packed block ends early (truncated)');
			this.pos = pos + q;
			const len = this.readBits(6);
			if (len > 53) throw new CodecError('packed block is corrupt');
			u = this.readBits(len);
		}
		model.update(u);
		return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
	}
}
