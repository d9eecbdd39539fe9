/** A model placed by its size (x) and a benchmark score (y). */
export interface FrontierPoint {
  id: string;
  x: number;
  y: number;
}

/**
 * The Pareto frontier for "smaller and better": a point is on it when no other point has x ≤ its x and y ≥ its y
 * with at least one strict. Returns the ids on the frontier, smallest x first.
 */
export function paretoFrontier(points: readonly FrontierPoint[]): string[] {
  const sorted = [...points].sort((a, b) => a.x - b.x || b.y - a.y || (a.id < b.id ? -1 : 1));
  const frontier: string[] = [];
  let best = Number.NEGATIVE_INFINITY;
  let lastX = Number.NaN;
  let lastY = Number.NaN;
  for (const p of sorted) {
    if (p.y > best) {
      frontier.push(p.id);
      best = p.y;
      lastX = p.x;
      lastY = p.y;
    } else if (p.x === lastX && p.y === lastY) {
      frontier.push(p.id); // an exact tie with a frontier point is not dominated either
    }
  }
  return frontier;
}
