import type { DataTableRowReturn, IDataTableProjectAggregateService, IDataTableProjectService, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * Overlap guard for the built-in history.
 *
 * n8n loads a workflow's static data once when an execution starts and saves it whole when it
 * ends (last writer wins), so two executions that overlap — queue-mode workers, a run longer than
 * the schedule interval, a retry — silently overwrite each other's history. Static data alone
 * cannot see that; n8n's Data Tables are shared by every process of the instance, so each run
 * that is about to save claims its run number there first: the state carries `seq` (runs saved so
 * far) and a run that loaded seq S inserts a row for S + 1. Of the rows for S + 1, the first one
 * inserted (lowest row id) wins; any later claimant loaded the same S, so saving would overwrite
 * the winner's history — it fails instead, removes its own row and leaves the static data untouched.
 *
 * A claim from an execution that never saved (a crashed worker) must not block for ever. Such a
 * row can only count if its execution could still have been running when this one loaded its
 * static data: a claim made more than CLAIM_GRACE_MS before this execution started belongs to an
 * execution that would have saved before we loaded (the save follows the claim within the rest
 * of that execution), so it is stale. Without the start time, claims older than
 * FALLBACK_WINDOW_MS are stale.
 *
 * When n8n offers no Data Table helpers (`n8n execute`, the test harness) there is no guard and
 * nothing changes in the outputs; one process running one execution at a time cannot overlap
 * unless a run takes longer than the schedule interval.
 */

/** Name of the Data Table with one row per claimed run (created when missing). */
export const RUNS_TABLE = 'scavio_trend_runs';
/** How long an execution may still run after its analyzer step claimed its run. */
export const CLAIM_GRACE_MS = 30 * 60 * 1000;
/** Claims counted when this execution's start time is unknown. */
export const FALLBACK_WINDOW_MS = 6 * 60 * 60 * 1000;
/** Claims kept per workflow and state key (older ones are deleted). */
export const KEPT_CLAIMS = 50;

export interface RunClaim {
	workflowId: string;
	stateKey: string;
	/** The run number this run saves (loaded seq + 1). */
	seq: number;
	executionId: string;
	now: Date;
	/** When this execution started (ms), if n8n tells. */
	startedAt: number | null;
}

async function runsTable(aggregate: IDataTableProjectAggregateService, open: (id: string) => Promise<IDataTableProjectService>): Promise<IDataTableProjectService> {
	const find = async () => (await aggregate.getManyAndCount({ filter: { name: RUNS_TABLE }, take: 10 })).data.find((t) => t.name === RUNS_TABLE);
	let table = await find();
	if (!table) {
		try {
			table = await aggregate.createDataTable({
				name: RUNS_TABLE,
				columns: [
					{ name: 'workflowId', type: 'string' },
					{ name: 'stateKey', type: 'string' },
					{ name: 'seq', type: 'number' },
					{ name: 'executionId', type: 'string' },
					{ name: 'at', type: 'date' },
				],
			});
		} catch {
			// Another execution created it at the same moment.
			table = await find();
		}
	}
	if (!table) throw new Error(`could not create the Data Table "${RUNS_TABLE}"`);
	return await open(table.id);
}

function claimTime(row: DataTableRowReturn): number {
	const at = row.at as Date | string | number | null;
	return at === null ? NaN : new Date(at).getTime();
}

/**
 * Claims this run (see above): 'claimed', 'unguarded' when n8n offers no Data Tables, or the
 * execution id of the execution that claimed the same run first. Throws when a Data Table call fails.
 */
export async function claimRun(this: IExecuteFunctions, claim: RunClaim): Promise<'claimed' | 'unguarded' | { rival: string }> {
	const { getDataTableAggregateProxy, getDataTableProxy } = this.helpers;
	if (!getDataTableAggregateProxy || !getDataTableProxy) return 'unguarded';
	const table = await runsTable(await getDataTableAggregateProxy(), async (id) => await getDataTableProxy(id));
	const ours = { workflowId: claim.workflowId, stateKey: claim.stateKey };
	const [inserted] = await table.insertRows([{ ...ours, seq: claim.seq, executionId: claim.executionId, at: claim.now }], 'id');
	const same = (extra: Array<{ columnName: string; condition: 'eq' | 'lt'; value: string | number }>) => ({
		type: 'and' as const,
		filters: [{ columnName: 'workflowId', condition: 'eq' as const, value: claim.workflowId }, { columnName: 'stateKey', condition: 'eq' as const, value: claim.stateKey }, ...extra],
	});
	const { data } = await table.getManyRowsAndCount({ filter: same([{ columnName: 'seq', condition: 'eq', value: claim.seq }]), take: 100 });
	const since = claim.startedAt !== null ? claim.startedAt - CLAIM_GRACE_MS : claim.now.getTime() - FALLBACK_WINDOW_MS;
	const first = data
		.filter((row) => row.id < inserted.id && claimTime(row) >= since)
		.sort((a, b) => a.id - b.id)[0];
	// Housekeeping only, after the verdict (a failure here must not turn a conflict into a save):
	// old claims go, and a losing claim must not block the claimants after it (e.g. once a crashed
	// winner is stale).
	try {
		await table.deleteRows({ filter: same([{ columnName: 'seq', condition: 'lt', value: claim.seq - KEPT_CLAIMS }]) });
		if (first) await table.deleteRows({ filter: same([{ columnName: 'id', condition: 'eq', value: inserted.id }]) });
	} catch {
		// Left for the next run's housekeeping.
	}
	return first ? { rival: String(first.executionId) } : 'claimed';
}

/** The error of a run that lost its claim: nothing was stored, and what to do about it. */
export function overlapError(this: IExecuteFunctions, rival: string): NodeOperationError {
	return new NodeOperationError(
		this.getNode(),
		`Another execution of this workflow (id ${rival}) ran at the same time and stored its trend history first; this run's samples were NOT stored`,
		{
			description:
				'n8n saves the built-in history when an execution ends, so overlapping executions of one workflow (queue mode with several workers, runs longer than the schedule interval, retries) would overwrite each other. For such setups set History Source to Input Rows and keep the history in a Data Table (see docs/queue-mode.md). The stored history is unchanged; the next run continues from it.',
		},
	);
}
