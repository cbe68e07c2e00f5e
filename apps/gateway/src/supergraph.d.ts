/** The supergraph SDL composed at build time; the bundler inlines it as text (see tools/bundle). */
declare module 'egg:supergraph' {
  const supergraphSdl: string;
  export default supergraphSdl;
}
