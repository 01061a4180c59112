import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { analyze, resolveOptions, snapshotFromRecord, TrendInputError, UnnamedFailedFetch } from '../../../lib/trends';
import type { RankMetric, SnapshotInput, TrendOptions, TrendResult } from '../../../lib/trends';
import { claimRun } from './runGuard';
import { DEFAULT_STATE_KEY, errorMessage, pairedItems, readMapping, skippedFetchesWarning, stopIfFetchStopped } from './common';

type AlertsOutput = 'all' | 'breakouts' | 'anomalies';

interface AnalyzeOptionsParameter {
	alertsOutput?: AlertsOutput;
	anomalyMethod?: TrendOptions['anomalyMethod'];
	anomalyK?: number;
	baselineWindow?: number;
	dailyRetentionDays?: number;
	decreaseTolerancePct?: number;
	hourlyRetentionDays?: number;
	minAbsoluteGain?: number;
	minHistory?: number;
	robustThreshold?: number;
	stateKey?: string;
	weekOverWeekToleranceHours?: number;
	currentRunWindowHours?: number;
}

/** Which results the Alerts output (output 1) carries, from the `alertsOutput` option. */
function alertFilter(this: IExecuteFunctions, alertsOutput: string): (result: TrendResult) => boolean {
	switch (alertsOutput) {
		case 'all':
			return (result) => result.isAlert;
		case 'breakouts':
			return (result) => result.isBreakout;
		case 'anomalies':
			return (result) => result.isSpike || result.isDrop;
		default:
			throw new NodeOperationError(this.getNode(), `Unknown Alerts Output "${String(alertsOutput)}"`, {
				description: 'Under Options, set Alerts Output to All Alerts, Breakouts Only or Spikes and Drops Only.',
			});
	}
}

/** Fails the run, before static data changes, when another execution stored newer history (runGuard.ts). */
function stopIfOverlapping(this: IExecuteFunctions, stateKey: string, loadedSeq: number, now: Date): void {
	const executionId = String(this.getExecutionId() ?? '');
	const rival = claimRun(`${String(this.getWorkflow().id ?? '')}:${stateKey}`, loadedSeq, executionId, now.getTime());
	if (!rival) return;
	throw new NodeOperationError(
		this.getNode(),
		`Another execution of this workflow (id ${rival.executionId}) stored newer trend history (run ${rival.seq}, at ${new Date(rival.at).toISOString()}) than this execution loaded (run ${loadedSeq}); this run's samples were NOT stored, so that newer history is not overwritten`,
		{
			description:
				'Executions overlapped (a run slower than its schedule, a retry, several triggers), or n8n started this execution without the saved history (queue-mode workers of n8n 2.41 do). Built-in history has one writer: for overlapping runs or queue mode, keep the history in a Data Table with History Source = Input Rows (template workflows/large-watchlist.json, see docs/queue-mode.md).',
		},
	);
}

/** analyze: all items → one trend item per hashtag (output 0) and alert items (output 1). */
export async function executeAnalyze(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	stopIfFetchStopped.call(this, items);
	const now = new Date();
	const nowSeconds = Math.round(now.getTime() / 1000);
	const historySource = this.getNodeParameter('historySource', 0, 'builtIn') as 'builtIn' | 'input';
	const raw = this.getNodeParameter('analyzeOptions', 0, {}) as AnalyzeOptionsParameter;
	// Workflows saved with the retired retention options still carry them; the built-in history now
	// keeps what the metrics read (lib/trends/history.ts, HOURLY_HOURS and WEEKS), so they are ignored.
	const { stateKey = DEFAULT_STATE_KEY, alertsOutput = 'all', hourlyRetentionDays: _hourly, dailyRetentionDays: _daily, ...tuning } = raw;
	void _hourly;
	void _daily;
	const routesToAlerts = alertFilter.call(this, alertsOutput);
	let options: TrendOptions;
	try {
		options = resolveOptions({
			timezone: this.getTimezone(),
			...tuning,
			breakoutThresholdPctPerHour: this.getNodeParameter('breakoutThreshold', 0, 10) as number,
			rankBy: this.getNodeParameter('rankBy', 0, 'viewsPerHour') as RankMetric,
		});
	} catch (error) {
		throw new NodeOperationError(this.getNode(), errorMessage(error), {
			description: 'Fix the value under Options (or the main parameters) and run again.',
		});
	}
	const mapping = readMapping.call(this);

	const out: INodeExecutionData[] = [];
	const snapshots: Array<SnapshotInput & { source: number }> = [];
	const skipped: Array<{ index: number; error: string }> = [];
	for (let i = 0; i < items.length; i++) {
		try {
			snapshots.push({ ...snapshotFromRecord(items[i].json, nowSeconds, mapping), source: i });
		} catch (error) {
			if (error instanceof UnnamedFailedFetch) {
				skipped.push({ index: i, error: error.fetchError });
				continue;
			}
			const message = errorMessage(error);
			if (this.continueOnFail()) {
				out.push({ json: { error: message }, pairedItem: { item: i } });
				continue;
			}
			if (error instanceof TrendInputError) throw new NodeOperationError(this.getNode(), message, { itemIndex: i });
			throw new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
		}
	}

	const staticData = historySource === 'builtIn' ? this.getWorkflowStaticData('global') : null;
	let outcome;
	try {
		outcome = analyze({
			now,
			snapshots,
			historySource,
			state: staticData ? staticData[stateKey] : undefined,
			options,
			executionId: this.getExecutionId(),
		});
	} catch (error) {
		throw new NodeOperationError(this.getNode(), error as Error, {
			description: 'The trend analysis stopped before changing the stored history. Check the options and the input items.',
		});
	}
	// The summary tells a later report step which hashtags were sent to the Alerts output.
	const routed = new Set(outcome.results.filter(routesToAlerts).map((r) => r.hashtag));
	for (const row of outcome.summary.rows) if (routed.has(row.hashtag)) row.alerted = true;
	const warnings = [...outcome.warnings];
	if (staticData && outcome.state) {
		// Manual runs are not saved by n8n, so they claim nothing.
		if (this.getMode() !== 'manual') stopIfOverlapping.call(this, stateKey, outcome.state.seq - 1, now);
		// All-or-nothing: the new state replaces the old one only after the whole run was computed.
		staticData[stateKey] = outcome.state as unknown as IDataObject;
	}

	const skippedWarning = skippedFetchesWarning(skipped);
	if (skippedWarning) warnings.push(skippedWarning);
	const hints: string[] = [...warnings];
	if (historySource === 'builtIn' && this.getMode() === 'manual') {
		hints.push('Manual test runs do not save the built-in history; it is kept after scheduled (production) runs.');
	}
	if (hints.length > 0) this.addExecutionHints(...hints.map((message) => ({ message, location: 'outputPane' as const })));

	const alerts: INodeExecutionData[] = [];
	outcome.results.forEach((result, k) => {
		const json = { ...result, ...(warnings.length > 0 ? { warnings } : {}) } as unknown as IDataObject;
		const pairedItem = pairedItems(outcome.sources[k]);
		out.push({ json, pairedItem });
		if (routesToAlerts(result)) alerts.push({ json, pairedItem });
	});
	return [out, alerts];
}
