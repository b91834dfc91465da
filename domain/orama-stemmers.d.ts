/*
 * @orama/stemmers publishes its languages as subpath exports, which this project's
 * `moduleResolution: node` does not read; Node and jest resolve them at run time.
 */
declare module '@orama/stemmers/french' {
  export function stemmer(word: string): string;
}
declare module '@orama/stemmers/english' {
  export function stemmer(word: string): string;
}
