/**
 * A small, valid WAV file (8 kHz, 16-bit mono PCM of silence) that carries `words` for the fake speech recogniser
 * (test/helpers/fake-model-server.ts hears the text between SAY: and :END) in a LIST/INFO chunk, where real players
 * keep a title and ignore it.
 */
export function speechWav(words: string, samples = 800): Buffer {
  const chunk = (id: string, data: Buffer) => {
    const header = Buffer.alloc(8);
    header.write(id, 0, 'ascii');
    header.writeUInt32LE(data.length, 4);
    return Buffer.concat([header, data, Buffer.alloc(data.length % 2)]);
  };
  const format = Buffer.alloc(16);
  format.writeUInt16LE(1, 0); // PCM
  format.writeUInt16LE(1, 2); // mono
  format.writeUInt32LE(8000, 4);
  format.writeUInt32LE(16000, 8); // bytes per second
  format.writeUInt16LE(2, 12); // block align
  format.writeUInt16LE(16, 14); // bits per sample
  const title = Buffer.from(`INFOINAM${'\0'.repeat(4)}SAY:${words}:END\0`, 'latin1');
  title.writeUInt32LE(title.length - 12, 8);
  const body = Buffer.concat([
    Buffer.from('WAVE', 'ascii'),
    chunk('fmt ', format),
    chunk('LIST', title),
    chunk('data', Buffer.alloc(samples * 2)),
  ]);
  const riff = Buffer.alloc(8);
  riff.write('RIFF', 0, 'ascii');
  riff.writeUInt32LE(body.length, 4);
  return Buffer.concat([riff, body]);
}
