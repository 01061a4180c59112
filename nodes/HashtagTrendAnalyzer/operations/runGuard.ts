/**
 * Overlap guard for the built-in history (issue #14).
 *
 * n8n loads a workflow's static data when an execution starts and saves it whole when it ends (last
 * writer wins), so two overlapping executions of one workflow silently overwrite each other's
 * samples, and queue-mode workers of n8n 2.41 start executions without the saved static data at
 * all. A node cannot re-read static data, and n8n's Data Table proxy is reserved for its own nodes,
 * so the one place a run can see another run is this process's memory: every saving run records
 * here the run number (`seq`) it will store. A later run that loaded an OLDER number than one
 * recorded by another execution would overwrite newer history with older: it fails instead, before
 * touching static data. This sees every execution of a single n8n process (regular mode); across
 * queue-mode workers only those of the same worker — there, history belongs in a Data Table.
 */
export interface RunClaim {
	seq: number;
	executionId: string;
	/** Unix ms of the claim. */
	at: number;
}

/** A claim older than this no longer blocks (an execution cancelled after its analyzer ran never saves). */
export const CLAIM_TTL_MS = 6 * 3600 * 1000;
const MAX_CLAIMS = 10_000;
const claims = new Map<string, RunClaim>();

/**
 * Records that `executionId` will store run `loadedSeq + 1` of `key` (workflow id + history key).
 * Returns the other execution's claim when that one already stored or will store a newer run than
 * the state this execution loaded; then nothing is recorded.
 */
export function claimRun(key: string, loadedSeq: number, executionId: string, now: number): RunClaim | null {
	const held = claims.get(key);
	if (held && held.executionId !== executionId && held.seq > loadedSeq && now - held.at < CLAIM_TTL_MS) return held;
	claims.delete(key);
	claims.set(key, { seq: loadedSeq + 1, executionId, at: now });
	if (claims.size > MAX_CLAIMS) claims.delete(claims.keys().next().value as string);
	return null;
}

/** Forgets every claim (tests). */
export function resetClaims(): void {
	claims.clear();
}
