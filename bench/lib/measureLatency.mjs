// Runs an async operation repeatedly, one at a time, and summarises how long
// each call took, in milliseconds.
export async function measureLatency(operation, { warmup = 5, iterations = 50 } = {}) {
  for (let i = 0; i < warmup; i++) await operation(i);
  const samples = [];
  for (let i = 0; i < iterations; i++) {
    const started = process.hrtime.bigint();
    await operation(i);
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  samples.sort((a, b) => a - b);
  const at = q => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
  return { iterations, median: at(0.5), p95: at(0.95), max: samples[samples.length - 1] };
}

export const formatMs = value => (value < 10 ? value.toFixed(1) : value.toFixed(0));
