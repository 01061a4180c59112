/** Trend core: pure functions over hashtag snapshots. See the README, "Hashtag Trend Analyzer". */
export * from './types';
export { analyze, SUMMARY_TOP_ROWS } from './analyze';
export { DEFAULT_TREND_OPTIONS, RANK_METRICS, RANK_METRIC_LABELS, resolveOptions } from './options';
export type { AnalyzeOutcome, AnalyzeParams, RunSummary, RunSummaryRow } from './analyze';
export { addMissing, addSample, decodeSeries, emptySeries, encodeSeries, HOURLY_HOURS, loadHistory, pruneSeries, saveHistory, storedHashtags, TREND_STATE_VERSION, WEEKS } from './history';
export type { LoadedHistory, StoredSeries, TrendState } from './history';
export { formatCount } from './explain';
export { hashtagKey, parseCount, parseTime, snapshotFromRecord, toSnapshotRow, TrendInputError, UnnamedFailedFetch } from './snapshots';
export type { FieldMapping } from './snapshots';
