/**
 * Snapshots from the Scavio node's hashtag and error items, flat snapshot rows, or any record through
 * a field mapping. A failed fetch becomes a `missing` snapshot — never a zero.
 */
import { hashtagNameProblem, tryNormalizeHashtagName } from '../scavio/hashtag-name';
import type { SnapshotInput, SnapshotRow } from './types';

/** Input that cannot be read as a snapshot; the message says what to change. */
export class TrendInputError extends Error {}

/**
 * A failed fetch that names no usable hashtag (an empty or invalid watchlist entry): nothing to record
 * it under, so the nodes skip it with a warning instead of failing every other hashtag.
 */
export class UnnamedFailedFetch extends TrendInputError {
	constructor(readonly fetchError: string) {
		super(`A failed fetch names no usable hashtag (${fetchError.slice(0, 300)})`);
	}
}

export interface FieldMapping {
	hashtag: string;
	views: string;
	videos?: string;
	/** Empty: now. */
	time?: string;
	group?: string;
	hashtagId?: string;
}

function getPath(record: Record<string, unknown>, path: string): unknown {
	if (path in record) return record[path];
	let cur: unknown = record;
	for (const part of path.split('.')) {
		if (typeof cur !== 'object' || cur === null) return undefined;
		cur = (cur as Record<string, unknown>)[part];
	}
	return cur;
}

/** A count, or null when absent/unknown. Accepts numeric strings ("1,200" too). */
export function parseCount(value: unknown): number | null {
	if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.round(value) : null;
	if (typeof value === 'string') {
		const cleaned = value.replace(/[,_\s]/g, '');
		if (/^\d+(\.\d+)?$/.test(cleaned)) return Math.round(Number(cleaned));
	}
	return null;
}

function text(value: unknown): string | null {
	if (typeof value === 'string' && value.trim() !== '') return value.trim();
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return null;
}

function errorText(value: unknown): string | null {
	if (value === undefined || value === null || value === '' || value === false) return null;
	if (typeof value === 'string') return value;
	if (typeof value === 'object') {
		const message = (value as Record<string, unknown>).message;
		return typeof message === 'string' ? message : JSON.stringify(value);
	}
	return String(value);
}

function describe(record: Record<string, unknown>): string {
	const keys = Object.keys(record);
	return keys.length === 0 ? 'an empty item' : `an item with the fields ${keys.slice(0, 8).join(', ')}${keys.length > 8 ? ', …' : ''}`;
}

/**
 * The hashtag key of a name, spelled by the one normaliser the Scavio node uses (normalizeHashtagName),
 * or `id:<id>` when only the id is known, or null.
 */
export function hashtagKey(name: string | null, id: string | null): string | null {
	return tryNormalizeHashtagName(name) ?? (id !== null ? `id:${id}` : null);
}

/**
 * Reads one record; `nowSeconds` stands in for a missing time, a non-empty `groupOverride` replaces
 * the record's group. Throws TrendInputError when it names no hashtag or has neither count nor error.
 */
export function snapshotFromRecord(
	record: Record<string, unknown>,
	nowSeconds: number,
	mapping?: FieldMapping | null,
	groupOverride?: string | null,
): SnapshotInput {
	const pick = (auto: string[], mapped: string | undefined): unknown => {
		if (mapping) return mapped ? getPath(record, mapped) : undefined;
		for (const field of auto) if (record[field] !== undefined && record[field] !== null) return record[field];
		return undefined;
	};
	const name = text(pick(['hashtag', 'name', 'hashtagName'], mapping?.hashtag));
	// `id` is the hashtag id only in Scavio items; a stored row's own `id` (Data Table, Postgres) is
	// the row number, and a row with `hashtagId: null` has no hashtag id.
	const id = text(mapping || 'hashtagId' in record ? pick(['hashtagId'], mapping?.hashtagId) : record.id);
	const group = groupOverride || text(pick(['group'], mapping?.group)) || null;
	const rawTime = pick(['fetchedAt', 'time', 't'], mapping?.time);
	const time = rawTime === undefined || rawTime === null || rawTime === '' ? nowSeconds : parseTime(rawTime);
	if (time === null) {
		throw new TrendInputError(
			`The time "${String(rawTime).slice(0, 40)}" is not a date. Use an ISO 8601 date (e.g. 2026-11-22T05:00:00Z) or Unix seconds, or leave the time field empty to use the current time.`,
		);
	}
	const error = errorText(record.error ?? (mapping ? undefined : record.errorMessage));
	if (hashtagKey(name, id) === null) {
		if (error !== null) throw new UnnamedFailedFetch(error);
		// The same rule as the Scavio node's Hashtag Name: e.g. "summer vibes" is two hashtags, not one.
		if (name !== null) throw new TrendInputError(`${hashtagNameProblem(name)} (in ${describe(record)})`);
		throw new TrendInputError(
			`Could not find a hashtag name in ${describe(record)}. Connect the Scavio TikTok node's Get Hashtag output (or flat snapshot rows with a "hashtag" field), or set Input Mapping to "Define Fields" and name the hashtag field.`,
		);
	}
	const status = text(record.status);
	const views = parseCount(pick(['views', 'viewCount'], mapping?.views));
	const videos = parseCount(pick(['videos', 'videoCount'], mapping?.videos));
	const base = { hashtag: name ?? `id:${id}`, hashtagId: id, group, t: time };
	if (status !== 'missing' && error === null && views === null) {
		throw new TrendInputError(
			`No view count for #${name ?? id} in ${describe(record)}. Pass the Scavio node's simplified hashtag items (field "views"), or map the views field under Input Mapping.`,
		);
	}
	if (status === 'missing' || error !== null) return { ...base, status: 'missing', error: error ?? 'fetch failed', views: null, videos: null };
	return { ...base, status: 'ok', error: null, views, videos };
}

/** Converts a snapshot to the flat row stored in Data Tables / Postgres. */
export function toSnapshotRow(s: SnapshotInput): SnapshotRow {
	return {
		// An `id:<id>` key is no valid name, so it stays as it is.
		hashtag: tryNormalizeHashtagName(s.hashtag) ?? s.hashtag,
		hashtagId: s.hashtagId ?? null,
		group: s.group ?? null,
		views: s.status === 'ok' ? (s.views ?? null) : null,
		videos: s.status === 'ok' ? (s.videos ?? null) : null,
		fetchedAt: new Date(s.t * 1000).toISOString(),
		status: s.status,
		error: s.status === 'missing' ? (s.error ?? 'fetch failed') : null,
	};
}

/** Unix seconds from an ISO string, Unix seconds or milliseconds. */
export function parseTime(value: unknown): number | null {
	if (typeof value === 'number' && Number.isFinite(value) && value > 0) {
		return Math.round(value > 1e11 ? value / 1000 : value);
	}
	if (typeof value === 'string' && value.trim() !== '') {
		if (/^\d+(\.\d+)?$/.test(value.trim())) return parseTime(Number(value));
		const ms = Date.parse(value);
		if (!Number.isNaN(ms)) return Math.round(ms / 1000);
	}
	return null;
}
