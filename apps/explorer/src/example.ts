/** The tab a first visit opens with: one join chain across three subgraphs, read at one instant. */
export const EXAMPLE_QUERY = `# Farms, their coops and each coop's hens,
# as they were at one instant: $at, in ms
# since the epoch (leave it out for "now").
# Every join reads at that same instant.
# Run: the pink button or Ctrl-Enter.
# Docs of every field: the book icon, left.
query FarmsWithCoopsAndHens($at: Float) {
  farms(at: $at, limit: 10) {
    id
    name
    zone
    coops {
      name
      capacity
      hens {
        name
        breed
        status
      }
    }
  }
}
`;

/** `at` is the page's load time, so a fresh page sees everything written before it. */
export const exampleVariables = (now: number): string => JSON.stringify({ at: now }, null, 2);
