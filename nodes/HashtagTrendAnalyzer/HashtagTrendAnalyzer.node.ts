import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { analyzeProperties, operationProperty, reportProperties, toSnapshotRowsProperties } from './description';
import { executeAnalyze } from './operations/analyze';
import { executeReport } from './operations/report';
import { executeToSnapshotRows } from './operations/toSnapshotRows';

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
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Hashtags', 'Alerts'],
		properties: [operationProperty, ...analyzeProperties, ...reportProperties, ...toSnapshotRowsProperties],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as string;
		if (operation === 'report') return await executeReport.call(this);
		if (operation === 'toSnapshotRows') return await executeToSnapshotRows.call(this);
		return await executeAnalyze.call(this);
	}
}
