/**
 * Each test starts like a fresh n8n process: the analyzer's in-process overlap guard
 * (nodes/HashtagTrendAnalyzer/operations/runGuard.ts) remembers no earlier runs.
 */
import { resetClaims } from '../nodes/HashtagTrendAnalyzer/operations/runGuard';

beforeEach(() => resetClaims());
