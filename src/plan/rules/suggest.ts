/**
 * Finds the candidate closest to `word` (case-insensitive edit distance), for "did you mean"
 * hints. Returns undefined when nothing is within `maxDistance` edits, or when two candidates tie.
 */
export function closest(
  word: string,
  candidates: Iterable<string>,
  maxDistance = 2,
): string | undefined {
  const target = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = maxDistance + 1;
  let tie = false;
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - target.length) > maxDistance) continue;
    const distance = editDistance(target, candidate.toLowerCase(), bestDistance + 1);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
      tie = false;
    } else if (distance === bestDistance && distance <= maxDistance) {
      tie = true;
    }
  }
  return tie ? undefined : best;
}

/** Levenshtein distance, giving up (returning `limit`) once every path costs `limit` or more. */
function editDistance(a: string, b: string, limit: number): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
      current.push(value);
      rowMinimum = Math.min(rowMinimum, value);
    }
    if (rowMinimum >= limit) return limit;
    previous = current;
  }
  return previous[b.length] ?? limit;
}
