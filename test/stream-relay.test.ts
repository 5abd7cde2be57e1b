import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rtmpTcUrl } from '../src/moderation/jobs/stream-input.js';
import { looksLikePlaylist, rewritePlaylist } from '../src/net/hls-playlist.js';

describe('stream relay parts', () => {
  it('rewrites every URI of a playlist, tags included, resolved against where it came from', () => {
    const playlist = [
      '#EXTM3U',
      '#EXT-X-KEY:METHOD=AES-128,URI="key.bin",IV=0x1',
      '#EXT-X-MAP:URI=/init.mp4',
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",URI="https://cdn.example.com/audio.m3u8"',
      '#EXTINF:2.0,',
      'seg1.ts',
      '',
      '#EXTINF:2.0,',
      'httpproxy://10.0.0.1:80/x',
    ].join('\r\n');
    const seen: (string | undefined)[] = [];
    const rewritten = rewritePlaylist(playlist, new URL('http://origin.example.com/live/index.m3u8'), (target) => {
      seen.push(target?.href);
      return `R${seen.length}`;
    });
    assert.deepEqual(seen, [
      'http://origin.example.com/live/key.bin',
      'http://origin.example.com/init.mp4',
      'https://cdn.example.com/audio.m3u8',
      'http://origin.example.com/live/seg1.ts',
      'httpproxy://10.0.0.1:80/x',
    ]);
    assert.equal(
      rewritten,
      [
        '#EXTM3U',
        '#EXT-X-KEY:METHOD=AES-128,URI="R1",IV=0x1',
        '#EXT-X-MAP:URI="R2"',
        '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",URI="R3"',
        '#EXTINF:2.0,',
        'R4',
        '',
        '#EXTINF:2.0,',
        'R5',
      ].join('\n'),
    );
    assert.equal(looksLikePlaylist(Buffer.from('\uFEFF\n#EXTM3U\n')), true);
    assert.equal(looksLikePlaylist(Buffer.from([0x47, 0x40, 0x11, 0x10])), false);
  });

  it("sends RTMP servers the tcUrl ffmpeg would have sent to the stream's own host", () => {
    const tcUrl = (value: string, port: number) => rtmpTcUrl(new URL(value), port);
    assert.equal(tcUrl('rtmp://live.example.com/live/stream', 1935), 'rtmp://live.example.com:1935/live');
    assert.equal(tcUrl('rtmps://live.example.com/app/inst/stream', 443), 'rtmps://live.example.com:443/app/inst');
    assert.equal(tcUrl('rtmp://live.example.com:1936/app/mp4:clip/x', 1936), 'rtmp://live.example.com:1936/app');
    assert.equal(tcUrl('rtmp://live.example.com/ondemand/clip', 1935), 'rtmp://live.example.com:1935/ondemand');
    assert.equal(tcUrl('rtmp://live.example.com/app', 1935), 'rtmp://live.example.com:1935/app');
  });
});
