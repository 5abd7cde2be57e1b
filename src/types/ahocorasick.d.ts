// ahocorasick ships no types: search() returns [index of the match's last character, patterns ending there][].
declare module 'ahocorasick' {
  export default class AhoCorasick {
    constructor(keywords: string[]);
    search(text: string): [number, string[]][];
  }
}
