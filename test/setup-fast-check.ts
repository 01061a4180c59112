/**
 * Property tests are deterministic: every fast-check run starts from one fixed seed, so `npm test`
 * checks the same generated cases on every machine. To explore other cases, run with another seed:
 * `FC_SEED=123 npx jest test/unit` (a failure prints the seed and path to replay it).
 */
import * as fc from 'fast-check';

const seed = Number(process.env.FC_SEED ?? 20261122);
fc.configureGlobal({ seed: Number.isInteger(seed) ? seed : 20261122 });
