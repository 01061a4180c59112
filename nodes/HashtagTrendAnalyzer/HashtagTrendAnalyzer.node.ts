import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { analyzeProperties, operationProperty, reportProperties, toSnapshotRowsProperties } from './description';
import { executeAnalyze } from './operations/analyze';
import { executeReport } from './operations/report';
import { executeToSnapshotRows } from './operations/toSnapshotRows';

const OUTPUTS_BY_OPERATION = [
	'$parameter.operation === "toSnapshotRows"',
	'? [{ "type": "main", "displayName": "Rows" }]',
	': $parameter.operation === "report"',
	'? [{ "type": "main", "displayName": "Report" }, { "type": "main", "displayName": "Report (Only With Alerts)" }]',
	': [{ "type": "main", "displayName": "Hashtags" }, { "type": "main", "displayName": "Alerts" }]',
].join(' ');

export class HashtagTrendAnalyzer implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Hashtag Trend Analyzer',
		name: 'hashtagTrendAnalyzer',
		icon: { light: 'file:hashtagTrendAnalyzer.svg', dark: 'file:hashtagTrendAnalyzer.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ {"analyze": "Analyze", "report": "Report", "toSnapshotRows": "To Snapshot Rows"}[$parameter["operation"]] }}',
		description: 'Velocity, week over week, breakouts and anomalies of TikTok hashtags, with ranked reports',
		defaults: { name: 'Hashtag Trend Analyzer' },
		// An AI agent can call Report with parameters alone: without trend items in its input it
		// reads the latest Analyze summary from the workflow's built-in history ("what is trending?").
		// Analyze and To Snapshot Rows need the fetched items of earlier steps. (The type allows no
		// `false`, and the lint rule requires the property.)
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		// The outputs follow the operation, so Report and To Snapshot Rows show no Alerts output
		// that would always stay empty (an expression, like n8n's Switch node uses).
		outputs: `={{ ${OUTPUTS_BY_OPERATION} }}`,
		properties: [operationProperty, ...analyzeProperties, ...reportProperties, ...toSnapshotRowsProperties],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as string;
		if (operation === 'report') return await executeReport.call(this);
		if (operation === 'toSnapshotRows') return await executeToSnapshotRows.call(this);
		return await executeAnalyze.call(this);
	}
}
