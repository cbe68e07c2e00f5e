/** The bundler inlines `.graphql` files as text (esbuild `text` loader). */
declare module '*.graphql' {
  const text: string;
  export default text;
}
